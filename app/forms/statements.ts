import { z } from "zod";

const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());
/** A database id as it arrives in a URL or a form: digits only, no sign, no exponent. */
export const idText = text.pipe(
  z
    .string()
    .regex(/^[1-9][0-9]{0,11}$/, "form.required")
    .transform(Number),
);

export const paperlessSchema = z.object({
  intent: text.pipe(z.enum(["enrol", "leave"], { error: "form.required" })),
  accountId: idText,
});

/** An id in a URL or a form (/statements/:id, a template's id), or null when it cannot be one. */
export function parseId(value: string | null | undefined): number | null {
  const parsed = idText.safeParse(value);
  return parsed.success ? parsed.data : null;
}
