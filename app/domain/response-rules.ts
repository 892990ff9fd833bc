// Merchant response rules of SPEC 3.1 (inquiry) and 3.2 (chargeback), shared by the form (what
// to offer) and the server (what to accept). Whether the case may be answered at all (status,
// deadline, handling mode) is decided elsewhere: the state machine and the permissions.

import type { CaseType } from "./case-state";
import type { Money } from "./money";
import { documentChecklist, normaliseRequirements, type DocumentRequirement } from "./reason-codes";

export const REQUIRED_DOCUMENT_CODES = [
  "signed_receipt",
  "itemised_invoice",
  "proof_of_delivery",
  "cancellation_policy",
  "booking_confirmation",
  "terms_and_conditions",
  // Added with the reason-code table (SPEC 3.10): evidence the networks ask for that the six
  // above do not cover.
  "authorisation_record",
  "customer_correspondence",
  "credit_record",
] as const;
export type RequiredDocumentCode = (typeof REQUIRED_DOCUMENT_CODES)[number];

export function isRequiredDocumentCode(value: unknown): value is RequiredDocumentCode {
  return typeof value === "string" && (REQUIRED_DOCUMENT_CODES as readonly string[]).includes(value);
}

export const requiredDocumentLabelKey = (code: string) => `document.${code}` as const;

/** Measured like a textarea's maxlength (UTF-16 code units), so the browser and server agree. */
export const COMMENT_MAX_LENGTH = 5000;

export type ResponseErrorField = "comment" | "attachments" | "credit" | "form";

export type ResponseErrorCode =
  | "comment_too_long"
  | "missing_required_document"
  | "missing_document_group"
  | "unknown_document_tag"
  | "attachments_with_accept"
  | "credit_not_allowed_on_chargeback"
  | "credit_after_chargeback"
  | "credit_not_integer"
  | "credit_not_positive"
  | "credit_exceeds_remaining"
  | "credit_nothing_remaining"
  | "accept_not_allowed_on_inquiry"
  | "empty_response";

export type ResponseError = {
  field: ResponseErrorField;
  code: ResponseErrorCode;
  params?: Record<string, string | number>;
};

export type ResponseInput = {
  caseType: CaseType;
  disputed: Money;
  creditsAlreadyIssuedMinor: number;
  chargebackExistsForTransaction: boolean;
  /** The case's documents: plain codes are required; entries carry their level (SPEC 3.10). */
  requiredDocuments: readonly (string | DocumentRequirement)[];
  response: {
    comment: string;
    attachments: { requiredDocument: string | null }[];
    creditMinor: number | null;
    accept?: boolean;
  };
};

export type ResponseValidation =
  | {
      ok: true;
      /** True when the response credits everything still creditable: the inquiry closes as credit_issued. */
      fullCredit: boolean;
      creditMinor: number | null;
      /** True for a chargeback acceptance: the state-machine event is `accept`, not `respond`. */
      accept: boolean;
    }
  | { ok: false; errors: ResponseError[] };

/** Disputed amount minus credits already issued on the transaction, never below zero. Also the
 * amount of the chargeback opened when an inquiry is decided against the merchant. */
export function remainingCreditableMinor(disputedMinor: number, creditsAlreadyIssuedMinor: number): number {
  return Math.max(0, disputedMinor - Math.max(0, creditsAlreadyIssuedMinor));
}

/** Whether the credit field is offered at all (SPEC 3.1, 3.2). */
export function mayOfferCredit(caseType: CaseType, chargebackExists: boolean, remainingMinor: number): boolean {
  return caseType === "inquiry" && !chargebackExists && remainingMinor > 0;
}

/** Required documents with no attachment tagged for them, in the case's order. */
export function missingRequiredDocuments(
  requiredDocuments: readonly string[],
  attachments: readonly { requiredDocument: string | null }[],
): string[] {
  const covered = new Set(attachments.map((a) => a.requiredDocument));
  return [...new Set(requiredDocuments)].filter((code) => !covered.has(code));
}

function validateCredit(input: ResponseInput, remaining: number): ResponseError[] {
  const credit = input.response.creditMinor;
  if (credit === null) return [];
  if (input.caseType === "chargeback") return [{ field: "credit", code: "credit_not_allowed_on_chargeback" }];
  // Any chargeback on the transaction, whatever its state, ends the option to credit.
  if (input.chargebackExistsForTransaction) return [{ field: "credit", code: "credit_after_chargeback" }];
  if (!Number.isSafeInteger(credit)) return [{ field: "credit", code: "credit_not_integer" }];
  if (credit <= 0) return [{ field: "credit", code: "credit_not_positive" }];
  // Credits so far already cover the disputed amount (often: another credit won the race).
  if (remaining === 0) return [{ field: "credit", code: "credit_nothing_remaining" }];
  if (credit > remaining) {
    return [
      {
        field: "credit",
        code: "credit_exceeds_remaining",
        params: { maxMinor: remaining, currency: input.disputed.currency },
      },
    ];
  }
  return [];
}

/** Unicode whitespace and format characters (ZWSP, BOM, bidi marks, NBSP, ...): invisible. */
const INVISIBLE = /[\p{White_Space}\p{Cf}]/gu;

/** True when the comment has at least one visible character. */
export function hasVisibleText(comment: string): boolean {
  return comment.replace(INVISIBLE, "").length > 0;
}

/**
 * Validates a merchant's response. Readings chosen where SPEC 3.1/3.2 are silent:
 * - The comment is optional; a comment of only Unicode whitespace or format characters
 *   (e.g. U+200B, U+202E, U+00A0, U+FEFF) counts as no comment.
 * - An attachment may be untagged (extra evidence) or tagged with one of the case's documents
 *   (any level); a tag the case does not list is refused (a hand-posted form).
 * - Completeness follows the levels (./reason-codes.ts): every required document, one of each
 *   group; optional ones never block.
 * - An inquiry response must contain something (comment, attachment or credit), even when the
 *   case lists no required documents.
 * - A full credit is a credit equal to the remaining creditable amount (> 0). When credits
 *   already cover the disputed amount, no credit is possible and the documents are required.
 * - Accepting a chargeback may carry a comment (kept on the timeline) but no attachments:
 *   evidence only serves a defence nobody will review after acceptance.
 */
export function validateResponse(input: ResponseInput): ResponseValidation {
  const { response } = input;
  const errors: ResponseError[] = [];
  const accept = response.accept === true;
  const hasComment = hasVisibleText(response.comment);
  const hasAttachments = response.attachments.length > 0;
  const remaining = remainingCreditableMinor(input.disputed.amountMinor, input.creditsAlreadyIssuedMinor);

  if (response.comment.length > COMMENT_MAX_LENGTH) {
    errors.push({
      field: "comment",
      code: "comment_too_long",
      params: { max: COMMENT_MAX_LENGTH, length: response.comment.length },
    });
  }

  const allowedTags = new Set(normaliseRequirements(input.requiredDocuments).map((r) => r.code));
  for (const tag of new Set(response.attachments.map((a) => a.requiredDocument))) {
    if (tag !== null && !allowedTags.has(tag)) {
      errors.push({ field: "attachments", code: "unknown_document_tag", params: { document: tag } });
    }
  }

  const creditErrors = validateCredit(input, remaining);
  errors.push(...creditErrors);
  const creditMinor = response.creditMinor;
  const fullCredit = input.caseType === "inquiry" && creditErrors.length === 0 && creditMinor !== null && creditMinor === remaining;

  if (input.caseType === "inquiry") {
    if (accept) errors.push({ field: "form", code: "accept_not_allowed_on_inquiry" });
    if (!hasComment && !hasAttachments && creditMinor === null) {
      errors.push({ field: "form", code: "empty_response" });
    } else if (!fullCredit) {
      for (const missing of documentChecklist(input.requiredDocuments, response.attachments).missing) {
        if (missing.kind === "required") {
          errors.push({ field: "attachments", code: "missing_required_document", params: { document: missing.code } });
        } else {
          errors.push({ field: "attachments", code: "missing_document_group", params: { documents: missing.codes.join(",") } });
        }
      }
    }
  } else if (accept) {
    if (hasAttachments) errors.push({ field: "attachments", code: "attachments_with_accept" });
  } else if (!hasComment && !hasAttachments) {
    errors.push({ field: "form", code: "empty_response" });
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, fullCredit, creditMinor, accept: input.caseType === "chargeback" && accept };
}
