import { z } from "zod";
import { INTAKE_COLUMNS, MAX_INTAKE_ROWS } from "~/domain/network-intake";
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

/**
 * The same response as multipart/form-data, with files (SPEC 3.5): the text fields of the JSON
 * body (`version` as digits), then each file as a `file` part; the n-th `document` field tags the
 * n-th file with the required document it is for (empty: extra evidence). No other field is taken.
 */
export const API_RESPONSE_FILE_FIELD = "file";
export const API_RESPONSE_DOCUMENT_FIELD = "document";
export const apiResponseFormSchema = z.strictObject(
  {
    comment: comment.optional(),
    credit: z.string({ error: "response.error.credit_invalid" }).regex(AMOUNT, "response.error.credit_invalid").optional(),
    version: z
      .string({ error: "disputes.error.invalid" })
      .regex(/^\d{1,9}$/, "disputes.error.invalid")
      .transform(Number)
      .meta({ description: "The case's version, as digits" }),
    [API_RESPONSE_DOCUMENT_FIELD]: z
      .array(z.string())
      .optional()
      .meta({ description: "One per file part, in order: the required document's code, or empty for extra evidence" }),
    [API_RESPONSE_FILE_FIELD]: z
      .array(z.string().meta({ format: "binary", contentMediaType: "application/octet-stream" }))
      .optional()
      .meta({ description: "PDF, PNG, JPEG or TIFF, recognised by content; the platform's size and count limits apply" }),
  },
  { error: "api.error.form" },
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

/**
 * POST /api/v1/network/cases: a batch of cases, each in the columns of a row of the CSV import
 * (/review/import), as strings; the row's rules are the import's, row by row, in its report.
 */
export const apiIntakeRowSchema = z.strictObject(
  Object.fromEntries(
    INTAKE_COLUMNS.map((column) => [column, z.string({ error: "api.error.body" }).max(2000, "api.error.body").optional()]),
  ) as Record<(typeof INTAKE_COLUMNS)[number], z.ZodOptional<z.ZodString>>,
  { error: "api.error.body" },
);

export const apiNetworkCasesBodySchema = z.strictObject(
  {
    cases: z
      .array(apiIntakeRowSchema, { error: "api.error.body" })
      .min(1, "intake.error.empty")
      .meta({ description: `At most ${MAX_INTAKE_ROWS} cases; more are refused as a whole (intake.error.tooManyRows)` }),
  },
  { error: "api.error.body" },
);
