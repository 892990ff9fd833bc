import { z } from "zod";
import { COMMENT_MAX_LENGTH } from "~/domain/response-rules";

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

export const apiAcceptBodySchema = z.strictObject({ comment: comment.optional(), version }, { error: "api.error.body" });
