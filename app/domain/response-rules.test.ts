import { describe, it, expect } from "vitest";
import {
  COMMENT_MAX_LENGTH,
  isRequiredDocumentCode,
  mayOfferCredit,
  missingRequiredDocuments,
  remainingCreditableMinor,
  REQUIRED_DOCUMENT_CODES,
  validateResponse,
  type ResponseInput,
} from "./response-rules";

type ResponsePart = Partial<ResponseInput["response"]>;

function inquiry(response: ResponsePart, overrides: Partial<Omit<ResponseInput, "response">> = {}): ResponseInput {
  return {
    caseType: "inquiry",
    disputed: { amountMinor: 10_000, currency: "EUR" },
    creditsAlreadyIssuedMinor: 0,
    chargebackExistsForTransaction: false,
    requiredDocuments: ["signed_receipt", "itemised_invoice"],
    response: { comment: "", attachments: [], creditMinor: null, ...response },
    ...overrides,
  };
}

function chargeback(response: ResponsePart, overrides: Partial<Omit<ResponseInput, "response">> = {}): ResponseInput {
  return {
    caseType: "chargeback",
    disputed: { amountMinor: 10_000, currency: "EUR" },
    creditsAlreadyIssuedMinor: 0,
    chargebackExistsForTransaction: true,
    requiredDocuments: [],
    response: { comment: "", attachments: [], creditMinor: null, ...response },
    ...overrides,
  };
}

const tagged = (...codes: (string | null)[]) => codes.map((requiredDocument) => ({ requiredDocument }));

function errorCodes(input: ResponseInput) {
  const result = validateResponse(input);
  return result.ok ? [] : result.errors.map((e) => e.code);
}

describe("document codes", () => {
  it("lists the demo's required documents", () => {
    expect(REQUIRED_DOCUMENT_CODES).toEqual([
      "signed_receipt",
      "itemised_invoice",
      "proof_of_delivery",
      "cancellation_policy",
      "booking_confirmation",
      "terms_and_conditions",
      // Added with the reason-code table (SPEC 3.10).
      "authorisation_record",
      "customer_correspondence",
      "credit_record",
    ]);
    expect(isRequiredDocumentCode("proof_of_delivery")).toBe(true);
    expect(isRequiredDocumentCode("selfie")).toBe(false);
  });
});

describe("remainingCreditableMinor", () => {
  it.each([
    [10_000, 0, 10_000],
    [10_000, 2_500, 7_500],
    [10_000, 10_000, 0],
    [10_000, 12_000, 0],
    [10_000, -50, 10_000],
  ])("disputed %i, credited %i → %i", (disputed, credited, expected) => {
    expect(remainingCreditableMinor(disputed, credited)).toBe(expected);
  });
});

describe("mayOfferCredit", () => {
  it.each([
    ["inquiry", false, 100, true],
    ["inquiry", true, 100, false],
    ["inquiry", false, 0, false],
    ["chargeback", false, 100, false],
    ["chargeback", true, 100, false],
  ] as const)("%s, chargeback exists %s, remaining %i → %s", (type, exists, remaining, expected) => {
    expect(mayOfferCredit(type, exists, remaining)).toBe(expected);
  });
});

describe("missingRequiredDocuments", () => {
  it("lists uncovered documents once, in the case's order", () => {
    expect(
      missingRequiredDocuments(
        ["signed_receipt", "itemised_invoice", "proof_of_delivery", "signed_receipt"],
        tagged("itemised_invoice", null),
      ),
    ).toEqual(["signed_receipt", "proof_of_delivery"]);
    expect(missingRequiredDocuments(["signed_receipt"], tagged("signed_receipt", "signed_receipt"))).toEqual([]);
  });
});

describe("validateResponse: inquiry completeness", () => {
  it("is complete when every required document has an attachment", () => {
    expect(validateResponse(inquiry({ attachments: tagged("signed_receipt", "itemised_invoice") }))).toEqual({
      ok: true,
      fullCredit: false,
      creditMinor: null,
      accept: false,
    });
  });

  it("accepts several attachments for one document and untagged extras", () => {
    const result = validateResponse(
      inquiry({ comment: "Guest stayed 3 nights.", attachments: tagged("signed_receipt", "signed_receipt", null, "itemised_invoice") }),
    );
    expect(result.ok).toBe(true);
  });

  it("names every missing document", () => {
    expect(validateResponse(inquiry({ comment: "See receipt.", attachments: tagged("signed_receipt", null) }))).toEqual({
      ok: false,
      errors: [{ field: "attachments", code: "missing_required_document", params: { document: "itemised_invoice" } }],
    });
    expect(validateResponse(inquiry({ comment: "No documents." }))).toEqual({
      ok: false,
      errors: [
        { field: "attachments", code: "missing_required_document", params: { document: "signed_receipt" } },
        { field: "attachments", code: "missing_required_document", params: { document: "itemised_invoice" } },
      ],
    });
  });

  it("an untagged attachment does not satisfy a required document", () => {
    expect(errorCodes(inquiry({ attachments: tagged(null, null) }))).toEqual(["missing_required_document", "missing_required_document"]);
  });

  it("a full credit completes the response without documents", () => {
    expect(validateResponse(inquiry({ creditMinor: 10_000 }))).toEqual({
      ok: true,
      fullCredit: true,
      creditMinor: 10_000,
      accept: false,
    });
  });

  it("a full credit is measured against what is still creditable", () => {
    const afterPartialRefund = { creditsAlreadyIssuedMinor: 4_000 };
    expect(validateResponse(inquiry({ creditMinor: 6_000 }, afterPartialRefund))).toMatchObject({ ok: true, fullCredit: true });
    expect(errorCodes(inquiry({ creditMinor: 5_999 }, afterPartialRefund))).toEqual([
      "missing_required_document",
      "missing_required_document",
    ]);
  });

  it("a partial credit with all documents is complete but not a full credit", () => {
    expect(validateResponse(inquiry({ creditMinor: 2_500, attachments: tagged("signed_receipt", "itemised_invoice") }))).toEqual({
      ok: true,
      fullCredit: false,
      creditMinor: 2_500,
      accept: false,
    });
  });

  it("a partial credit without documents is incomplete", () => {
    expect(errorCodes(inquiry({ creditMinor: 9_999, attachments: tagged("signed_receipt") }))).toEqual(["missing_required_document"]);
  });

  it("when credits already cover the disputed amount, documents are required", () => {
    expect(errorCodes(inquiry({ comment: "Already refunded." }, { creditsAlreadyIssuedMinor: 10_000 }))).toEqual([
      "missing_required_document",
      "missing_required_document",
    ]);
  });

  it("refuses an empty response even when no documents are required", () => {
    expect(validateResponse(inquiry({}, { requiredDocuments: [] }))).toEqual({
      ok: false,
      errors: [{ field: "form", code: "empty_response" }],
    });
    expect(validateResponse(inquiry({ comment: "   \n " }, { requiredDocuments: [] }))).toMatchObject({ ok: false });
    expect(validateResponse(inquiry({ comment: "Charge is correct." }, { requiredDocuments: [] }))).toMatchObject({
      ok: true,
      fullCredit: false,
    });
  });

  it("refuses attachments tagged with a document the case does not list", () => {
    expect(validateResponse(inquiry({ attachments: tagged("signed_receipt", "itemised_invoice", "proof_of_delivery") }))).toEqual({
      ok: false,
      errors: [{ field: "attachments", code: "unknown_document_tag", params: { document: "proof_of_delivery" } }],
    });
  });

  it("refuses accepting an inquiry", () => {
    expect(errorCodes(inquiry({ accept: true, attachments: tagged("signed_receipt", "itemised_invoice") }))).toEqual([
      "accept_not_allowed_on_inquiry",
    ]);
  });
});

describe("validateResponse: credit", () => {
  const complete = tagged("signed_receipt", "itemised_invoice");

  it.each([
    [0, "credit_not_positive"],
    [-100, "credit_not_positive"],
    [12.5, "credit_not_integer"],
    [Number.NaN, "credit_not_integer"],
    [Number.POSITIVE_INFINITY, "credit_not_integer"],
  ])("refuses %s with %s", (creditMinor, code) => {
    expect(validateResponse(inquiry({ creditMinor, attachments: complete }))).toEqual({
      ok: false,
      errors: [{ field: "credit", code }],
    });
  });

  it("accepts 1 minor unit and exactly the remaining amount, refuses one more", () => {
    expect(validateResponse(inquiry({ creditMinor: 1, attachments: complete })).ok).toBe(true);
    expect(validateResponse(inquiry({ creditMinor: 10_000, attachments: complete })).ok).toBe(true);
    expect(validateResponse(inquiry({ creditMinor: 10_001, attachments: complete }))).toEqual({
      ok: false,
      errors: [{ field: "credit", code: "credit_exceeds_remaining", params: { maxMinor: 10_000, currency: "EUR" } }],
    });
  });

  it("caps the credit at the disputed amount minus credits already issued", () => {
    const input = (creditMinor: number) => inquiry({ creditMinor, attachments: complete }, { creditsAlreadyIssuedMinor: 7_500 });
    expect(validateResponse(input(2_500))).toMatchObject({ ok: true, fullCredit: true });
    expect(validateResponse(input(2_501))).toEqual({
      ok: false,
      errors: [{ field: "credit", code: "credit_exceeds_remaining", params: { maxMinor: 2_500, currency: "EUR" } }],
    });
  });

  it("says so when credits already cover the whole disputed amount", () => {
    expect(errorCodes(inquiry({ creditMinor: 1, attachments: complete }, { creditsAlreadyIssuedMinor: 10_000 }))).toEqual([
      "credit_nothing_remaining",
    ]);
  });

  it("refuses any credit once a chargeback exists for the transaction", () => {
    const input = inquiry({ creditMinor: 10_000 }, { chargebackExistsForTransaction: true });
    // Not a full credit either, so the documents are still missing.
    expect(errorCodes(input)).toEqual(["credit_after_chargeback", "missing_required_document", "missing_required_document"]);
    expect(errorCodes(inquiry({ creditMinor: 100, attachments: complete }, { chargebackExistsForTransaction: true }))).toEqual([
      "credit_after_chargeback",
    ]);
  });

  it("still accepts an answer without credit after a chargeback", () => {
    expect(validateResponse(inquiry({ attachments: complete }, { chargebackExistsForTransaction: true })).ok).toBe(true);
  });

  it("refuses an invalid credit as a full credit even if it equals the remaining", () => {
    // Remaining 0: a credit of 0 is not positive, so not a full credit.
    expect(errorCodes(inquiry({ creditMinor: 0 }, { creditsAlreadyIssuedMinor: 10_000 }))).toContain("credit_not_positive");
  });
});

describe("validateResponse: chargeback", () => {
  it("accepts a comment alone, attachments alone, or both", () => {
    const ok = { ok: true, fullCredit: false, creditMinor: null, accept: false };
    expect(validateResponse(chargeback({ comment: "Goods were delivered." }))).toEqual(ok);
    expect(validateResponse(chargeback({ attachments: tagged(null) }))).toEqual(ok);
    expect(validateResponse(chargeback({ comment: "See POD.", attachments: tagged(null, null) }))).toEqual(ok);
  });

  it("treats a comment of only invisible characters as empty", () => {
    const empty = { ok: false, errors: [{ field: "form", code: "empty_response" }] };
    expect(validateResponse(chargeback({ comment: "\u200B\u202E " }))).toEqual(empty);
    expect(validateResponse(chargeback({ comment: "\u00A0\uFEFF\u2060\u3000" }))).toEqual(empty);
    expect(validateResponse(inquiry({ comment: "\u200B\u202E " }, { requiredDocuments: [] }))).toEqual(empty);
    expect(validateResponse(chargeback({ comment: "ok\u200B" }))).toMatchObject({ ok: true });
  });

  it("refuses a response with neither comment nor attachment", () => {
    expect(validateResponse(chargeback({}))).toEqual({ ok: false, errors: [{ field: "form", code: "empty_response" }] });
    expect(validateResponse(chargeback({ comment: " \t " }))).toEqual({
      ok: false,
      errors: [{ field: "form", code: "empty_response" }],
    });
  });

  it("refuses any credit", () => {
    expect(
      validateResponse(chargeback({ comment: "Refunding half.", creditMinor: 5_000 }, { chargebackExistsForTransaction: false })),
    ).toEqual({
      ok: false,
      errors: [{ field: "credit", code: "credit_not_allowed_on_chargeback" }],
    });
  });

  it("accepts an acceptance, with or without a comment", () => {
    expect(validateResponse(chargeback({ accept: true }))).toEqual({ ok: true, fullCredit: false, creditMinor: null, accept: true });
    expect(validateResponse(chargeback({ accept: true, comment: "We agree." }))).toMatchObject({ ok: true, accept: true });
  });

  it("refuses attachments with an acceptance", () => {
    expect(validateResponse(chargeback({ accept: true, attachments: tagged(null) }))).toEqual({
      ok: false,
      errors: [{ field: "attachments", code: "attachments_with_accept" }],
    });
  });

  it("uses the case's required documents for tags when it lists any", () => {
    const withDocs = { requiredDocuments: ["proof_of_delivery"] };
    expect(validateResponse(chargeback({ attachments: tagged("proof_of_delivery") }, withDocs)).ok).toBe(true);
    expect(errorCodes(chargeback({ attachments: tagged("signed_receipt") }, withDocs))).toEqual(["unknown_document_tag"]);
    expect(errorCodes(chargeback({ attachments: tagged("signed_receipt") }))).toEqual(["unknown_document_tag"]);
  });
});

describe("validateResponse: comment length", () => {
  it("allows exactly the maximum and refuses one more character", () => {
    const max = "x".repeat(COMMENT_MAX_LENGTH);
    expect(COMMENT_MAX_LENGTH).toBe(5000);
    expect(validateResponse(chargeback({ comment: max })).ok).toBe(true);
    expect(validateResponse(chargeback({ comment: max + "x" }))).toEqual({
      ok: false,
      errors: [{ field: "comment", code: "comment_too_long", params: { max: 5000, length: 5001 } }],
    });
  });

  it("reports every problem at once", () => {
    expect(errorCodes(inquiry({ comment: "x".repeat(5001), creditMinor: 20_000, attachments: tagged("booking_confirmation") }))).toEqual([
      "comment_too_long",
      "unknown_document_tag",
      "credit_exceeds_remaining",
      "missing_required_document",
      "missing_required_document",
    ]);
  });
});
