import { z } from "zod";
import { REPLY_CHANNELS, SUPPORT_CATEGORIES } from "~/domain/support-request";

// Form schemas of /support, shared by the browser (react-hook-form) and the server.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

export const SUBJECT_MAX_LENGTH = 200;
export const MESSAGE_MAX_LENGTH = 5000;
export const RATING_COMMENT_MAX_LENGTH = 1000;

export const fileRequestSchema = z.object({
  category: text.pipe(z.enum(SUPPORT_CATEGORIES, { error: "support.error.category" })),
  subject: text.pipe(z.string().trim().min(1, "support.error.subject").max(SUBJECT_MAX_LENGTH, "support.error.subjectTooLong")),
  description: text.pipe(z.string().trim().min(1, "support.error.description").max(MESSAGE_MAX_LENGTH, "support.error.descriptionTooLong")),
  replyChannel: text.pipe(z.enum(REPLY_CHANNELS, { error: "support.error.channel" })),
  caseNumber: text.pipe(z.string().trim().toUpperCase().max(32, "support.error.caseUnknown")),
  accountId: text.pipe(
    z
      .string()
      .trim()
      .regex(/^(\d{1,9})?$/, "support.error.accountUnknown"),
  ),
  statementId: text.pipe(
    z
      .string()
      .trim()
      .regex(/^(\d{1,9})?$/, "support.error.statementUnknown"),
  ),
  transactionReference: text.pipe(z.string().trim().max(64, "support.error.transactionUnknown")),
  intent: text,
});

export const replySchema = z.object({
  message: text.pipe(z.string().trim().min(1, "support.error.message").max(MESSAGE_MAX_LENGTH, "support.error.messageTooLong")),
  version: text,
  intent: text,
});

export const rateSchema = z.object({
  rating: text.pipe(z.string().regex(/^[1-5]$/, "support.error.rating")),
  comment: text.pipe(z.string().trim().max(RATING_COMMENT_MAX_LENGTH, "support.error.ratingCommentTooLong")),
  version: text,
  intent: text,
});

/** Confirm or reopen: only the version and the intent. */
export const decisionSchema = z.object({ version: text, intent: text });
