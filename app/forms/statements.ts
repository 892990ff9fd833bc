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

/** The id in /statements/:id, or null when it cannot be one (the route answers 404). */
export function parseId(value: string | undefined): number | null {
  const parsed = idText.safeParse(value);
  return parsed.success ? parsed.data : null;
}
