import { describe, expect, it } from "vitest";
import { caseRequirements, documentChecklist, explicitRequirements, type DocumentRequirement } from "./reason-codes";
import { validateResponse } from "./response-rules";

// SPEC 3.10: completeness follows the levels. Every required document, one of each group,
// optional never blocks; an explicit list is all required.

const req = (code: string): DocumentRequirement => ({ code, level: "required", group: null });
const oneOf = (code: string, group: string): DocumentRequirement => ({ code, level: "one_of", group });
const opt = (code: string): DocumentRequirement => ({ code, level: "optional", group: null });
const tagged = (...codes: (string | null)[]) => codes.map((requiredDocument) => ({ requiredDocument }));

const TABLE = [
  req("itemised_invoice"),
  oneOf("proof_of_delivery", "provided"),
  oneOf("booking_confirmation", "provided"),
  opt("customer_correspondence"),
];

describe("documentChecklist", () => {
  it("needs every required document", () => {
    const list = documentChecklist(TABLE, tagged("proof_of_delivery"));
    expect(list.complete).toBe(false);
    expect(list.missing).toEqual([{ kind: "required", code: "itemised_invoice" }]);
  });

  it("needs one document of each group, and any one will do", () => {
    expect(documentChecklist(TABLE, tagged("itemised_invoice")).missing).toEqual([
      { kind: "one_of", group: "provided", codes: ["proof_of_delivery", "booking_confirmation"] },
    ]);
    const withBooking = documentChecklist(TABLE, tagged("itemised_invoice", "booking_confirmation"));
    expect(withBooking.complete).toBe(true);
    // The alternative not attached is satisfied by its group, not provided.
    expect(withBooking.items.find((i) => i.code === "proof_of_delivery")).toMatchObject({ provided: false, satisfied: true });
  });

  it("never lets an optional document block", () => {
    const list = documentChecklist(TABLE, tagged("itemised_invoice", "proof_of_delivery"));
    expect(list.complete).toBe(true);
    expect(list.items.find((i) => i.code === "customer_correspondence")).toMatchObject({ provided: false, satisfied: true });
  });

  it("treats plain codes as required and untagged files as covering nothing", () => {
    const list = documentChecklist(["signed_receipt", "itemised_invoice"], tagged(null, "signed_receipt"));
    expect(list.missing).toEqual([{ kind: "required", code: "itemised_invoice" }]);
  });

  it("keeps the strictest level of a code listed twice", () => {
    const list = documentChecklist([opt("signed_receipt"), req("signed_receipt")], []);
    expect(list.items).toHaveLength(1);
    expect(list.missing).toEqual([{ kind: "required", code: "signed_receipt" }]);
  });

  it("is complete for a case without documents", () => {
    expect(documentChecklist([], [])).toEqual({ items: [], missing: [], complete: true });
  });
});

describe("caseRequirements", () => {
  it("keeps an explicit list exactly, all required, whatever the table proposes", () => {
    expect(caseRequirements(["signed_receipt"], TABLE)).toEqual([req("signed_receipt")]);
    expect(explicitRequirements(["a", "a", "b"])).toEqual([req("a"), req("b")]);
  });

  it("takes the table's proposal with its levels when no list is given", () => {
    expect(caseRequirements([], TABLE)).toEqual(TABLE);
    expect(caseRequirements([], null)).toEqual([]);
  });
});

describe("validateResponse with levels", () => {
  const base = {
    caseType: "inquiry" as const,
    disputed: { amountMinor: 10_000, currency: "EUR" },
    creditsAlreadyIssuedMinor: 0,
    chargebackExistsForTransaction: false,
    requiredDocuments: TABLE,
  };
  const respond = (...codes: string[]) =>
    validateResponse({ ...base, response: { comment: "see files", attachments: tagged(...codes), creditMinor: null } });

  it("refuses a missing required document and a missing group, each once", () => {
    const result = respond("customer_correspondence");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: "attachments", code: "missing_required_document", params: { document: "itemised_invoice" } },
      { field: "attachments", code: "missing_document_group", params: { documents: "proof_of_delivery,booking_confirmation" } },
    ]);
  });

  it("accepts every required document and one of the group, without the optional one", () => {
    expect(respond("itemised_invoice", "booking_confirmation").ok).toBe(true);
  });

  it("accepts tags of any level and refuses a tag the case does not list", () => {
    expect(respond("itemised_invoice", "proof_of_delivery", "customer_correspondence").ok).toBe(true);
    const stray = respond("itemised_invoice", "proof_of_delivery", "signed_receipt");
    expect(!stray.ok && stray.errors.map((e) => e.code)).toEqual(["unknown_document_tag"]);
  });

  it("needs no documents for a full credit", () => {
    const result = validateResponse({ ...base, response: { comment: "", attachments: [], creditMinor: 10_000 } });
    expect(result).toMatchObject({ ok: true, fullCredit: true });
  });
});
