import { z } from "zod";
import { COMMENT_MAX_LENGTH } from "~/domain/response-rules";
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_EVENT_TYPES, WEBHOOK_URL_MAX } from "~/domain/webhooks";

// The JSON bodies /api/v1 validates with (SPEC 13); their messages are the forms' problem keys.
// The credit is written like the form's field: major units of the case's currency ("12.50").
const AMOUNT = /^\s*\d{1,12}([.,]\d{1,4})?\s*$/;
const version = z.number({ error: "disputes.error.invalid" }).int("disputes.error.invalid").min(0, "disputes.error.invalid");
const comment = z.string({ error: "api.error.body" }).max(COMMENT_MAX_LENGTH, "response.error.comment_too_long");

export const apiResponseBodySchema = z.strictObject(
  {
    comment: comment.optional(),
    credit: z.string({ error: "response.error.credit_invalid" }).regex(AMOUNT, "response.error.credit_invalid").optional(),
    version,
  },
  { error: "api.error.body" },
);

/** POST /api/v1/cases/{caseNumber}/draft: the draft's words, and the version of the draft as read (0: none yet). */
export const apiDraftBodySchema = z.strictObject(
  {
    comment: comment.optional(),
    credit: z.string({ error: "response.error.credit_invalid" }).regex(AMOUNT, "response.error.credit_invalid").optional(),
    draftVersion: version,
  },
  { error: "api.error.body" },
);

export const apiAcceptBodySchema = z.strictObject({ comment: comment.optional(), version }, { error: "api.error.body" });

export type StatementFormat = "json" | "pdf" | "csv";

/**
 * GET /api/v1/statements/{id} answers in the format the Accept header asks for first (by q):
 * application/pdf, text/csv, or JSON for anything else.
 */
export function statementFormatOf(accept: string | null): StatementFormat {
  const wanted = (accept ?? "")
    .split(",")
    .map((part, index) => {
      const [type = "", ...params] = part.trim().toLowerCase().split(";");
      const q = Number(
        params
          .map((p) => p.trim())
          .find((p) => p.startsWith("q="))
          ?.slice(2) ?? "1",
      );
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { type } of wanted) {
    if (type === "application/pdf") return "pdf";
    if (type === "text/csv") return "csv";
    if (type === "application/json" || type === "*/*" || type === "application/*") return "json";
  }
  return "json";
}

/** POST /api/v1/webhook-endpoints: the settings page's fields; the address's rules are the service's. */
export const apiWebhookEndpointBodySchema = z.strictObject(
  {
    url: z.string().min(1, "webhooks.error.url").max(WEBHOOK_URL_MAX, "webhooks.error.url"),
    description: z.string().max(WEBHOOK_DESCRIPTION_MAX, "webhooks.error.description").optional(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES, "webhooks.error.events")).min(1, "webhooks.error.events"),
  },
  { error: "api.error.body" },
);
