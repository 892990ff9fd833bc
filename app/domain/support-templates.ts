// The desk's reply templates (SPEC 9): per language, with placeholders the desk fills from the
// request. Pure: the service passes the request's facts.

export const TEMPLATE_PLACEHOLDERS = ["merchantName", "requestNumber", "caseNumber"] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export type TemplateValues = Record<TemplatePlaceholder, string | null>;

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Placeholders in a template the desk cannot fill: a typo like {merchant} is refused when saved. */
export function unknownPlaceholders(body: string): string[] {
  const names = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(n)))];
}

/**
 * The template with its placeholders filled. A request without a linked case leaves {caseNumber}
 * as "–" rather than the brace text, so a merchant never reads a placeholder.
 */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    return values[name as TemplatePlaceholder] ?? "–";
  });
}
