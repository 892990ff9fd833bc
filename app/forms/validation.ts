import type { z } from "zod";
import type { MessageKey } from "~/i18n";

// Form schemas are shared by the browser (react-hook-form) and the server (which re-checks
// everything). Their error messages are message keys, translated where they are shown.

export type FieldErrors = Record<string, MessageKey>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Text fields as typed, minus secrets, so a refused form can be shown again as the user left it. */
export function echoValues(formData: FormData, omit: readonly string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !omit.includes(key) && !(key in values)) values[key] = value.slice(0, 10_000);
  }
  return values;
}

export function zodErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.join(".") : "form";
    errors[field] ??= issue.message as MessageKey;
  }
  return errors;
}

export function parseForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  options: { secrets?: readonly string[] } = {},
): FormResult<z.output<S>> {
  const raw: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData) if (!(key in raw)) raw[key] = value;
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: zodErrors(result.error), values: echoValues(formData, options.secrets) };
}
