import { z } from "zod";
import { COMMENT_MAX_LENGTH } from "~/domain/response-rules";

// Form schemas of the disputes area, shared by the browser (react-hook-form) and the server.
// Anything not a string (a file, a missing field) reads as empty.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());
/** A real day as YYYY-MM-DD: "2026-02-31" would otherwise roll over into March. */
export function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
// Shape only; the currency's own decimals are checked on the server (four for CLF, or "1.2340" KWD).
const AMOUNT = /^\s*\d{1,12}([.,]\d{1,4})?\s*$/;

export const responseSchema = z.object({
  comment: text.pipe(z.string().max(COMMENT_MAX_LENGTH, "response.error.comment_too_long")),
  credit: text.pipe(z.string().refine((v) => v.trim() === "" || AMOUNT.test(v), "response.error.credit_invalid")),
  version: text,
  intent: text,
});

export const decisionSchema = z.object({
  decision: text.pipe(z.string().min(1, "disputes.error.required")),
  note: text.pipe(z.string().trim().min(1, "disputes.error.noteRequired").max(5000, "disputes.error.noteRequired")),
  version: text,
  intent: text,
});

export const requestInformationSchema = z.object({
  message: text.pipe(z.string().trim().min(1, "disputes.error.messageRequired").max(5000, "disputes.error.messageRequired")),
  days: text.pipe(z.string().regex(/^\s*\d{1,2}\s*$/, "disputes.error.days")),
  version: text,
  intent: text,
});

export const openCaseSchema = z
  .object({
    type: text.pipe(z.enum(["inquiry", "chargeback"], "disputes.error.required")),
    accountId: text.pipe(z.string().regex(/^\d{1,9}$/, "disputes.error.accountUnknown")),
    networkReference: text.pipe(z.string().trim().max(64, "disputes.error.transactionUnknown")),
    txDate: text.pipe(
      z
        .string()
        .trim()
        .refine((v) => v === "" || isCalendarDate(v), "disputes.error.date"),
    ),
    txAmount: text.pipe(z.string().refine((v) => v.trim() === "" || AMOUNT.test(v), "disputes.error.amount")),
    txCard: text.pipe(
      z
        .string()
        .trim()
        .refine((v) => v === "" || /^\d{4}$/.test(v), "disputes.error.cardLast4"),
    ),
    txDescription: text.pipe(z.string().trim().max(200, "disputes.error.required")),
    amount: text.pipe(z.string().regex(AMOUNT, "disputes.error.amount")),
    reasonCode: text.pipe(z.string().trim().min(1, "disputes.error.required").max(16, "disputes.error.required")),
    reasonText: text.pipe(z.string().trim().min(1, "disputes.error.required").max(200, "disputes.error.required")),
  })
  .refine((v) => v.networkReference !== "" || (v.txDate !== "" && v.txAmount.trim() !== "" && v.txCard !== ""), {
    path: ["networkReference"],
    message: "disputes.error.transactionRequired",
  });
