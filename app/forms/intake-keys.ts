import { z } from "zod";
import { INTAKE_KEY_NAME_MAX } from "~/domain/network-intake";

// /admin/intake-keys: the platform admin's create and revoke forms.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

export const createIntakeKeySchema = z.object({
  name: text.pipe(z.string().trim().min(1, "api.error.name").max(INTAKE_KEY_NAME_MAX, "api.error.name")),
});

export const revokeIntakeKeySchema = z.object({
  keyId: text.pipe(z.string().regex(/^\d{1,9}$/, "intakeKeys.error.notFound")),
});
