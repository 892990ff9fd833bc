import { z } from "zod";
import { API_KEY_NAME_MAX } from "~/domain/api-keys";

// /settings/api: the create form (accounts arrive joined by commas, see withAccountList).
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

export const createApiKeySchema = z.object({
  name: text.pipe(z.string().trim().min(1, "api.error.name").max(API_KEY_NAME_MAX, "api.error.name")),
  scope: text.pipe(z.enum(["read", "respond"], "api.error.scope")),
  accountsMode: text.pipe(z.enum(["all", "some"], "api.error.accountsRequired")),
  accounts: text.pipe(z.string().regex(/^(\d{1,9}(,\d{1,9})*)?$/, "api.error.foreignAccount")),
});

export const revokeApiKeySchema = z.object({
  keyId: text.pipe(z.string().regex(/^\d{1,9}$/, "api.error.notFound")),
});
