import { beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { useDisputesDatabase } from "../../../tests/setup/disputes";
import type { StagedUpload } from "./attachment-store.server";
import { loadCasePage } from "./case-page.server";
import { isRefused } from "./common.server";
import { submitOpenCaseForm } from "./open-case-form.server";
import { submitResponse } from "./respond.server";

// SPEC 3.10 end to end on the database: the seeded table, opening a case without documents
// (the table proposes them with their levels), with documents (exactly those), the case page's
// guidance and checklist, and the submit check on the same levels.

const NOW = new Date("2026-11-02T09:00:00Z");
const ctx = useDisputesDatabase(NOW, ["analyst", "alpen-muc"]);
let accountId: string;
beforeAll(() => {
  accountId = String(ctx.ids.accounts["alpen-muc"]!);
});

function form(reasonCode: string) {
  return {
    type: "inquiry" as const,
    accountId,
    networkReference: "",
    txDate: "2026-10-30",
    txAmount: "100.00",
    txCard: "4242",
    txDescription: "Order 1",
    amount: "100.00",
    reasonCode,
    reasonText: "Cardholder says",
  };
}

async function open(reasonCode: string, documents: string[]) {
  const result = await submitOpenCaseForm(ctx.db, ctx.actors["analyst"]!, form(reasonCode), documents, NOW);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.caseNumber;
}

async function documentsOf(caseNumber: string) {
  return ctx.db
    .selectFrom("case_required_documents")
    .innerJoin("cases", "cases.id", "case_required_documents.case_id")
    .select(["document_code as code", "level", "doc_group as group"])
    .where("cases.case_number", "=", caseNumber)
    .orderBy("document_code")
    .execute();
}

function upload(requiredDocument: string | null): StagedUpload {
  const bytes = Buffer.from(`%PDF-1.4\n% ${Math.random()}\n`);
  const file = path.join(ctx.dataDir, `staged-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, bytes);
  return {
    tempPath: file,
    fieldName: "file_0",
    sha256: createHash("sha256").update(bytes).digest("hex"),
    originalName: "evidence.pdf",
    mediaType: "application/pdf",
    sizeBytes: bytes.length,
    requiredDocument,
  };
}

const answer = (caseNumber: string, codes: (string | null)[]) =>
  submitResponse(
    ctx.db,
    ctx.actors["alpen-muc"]!,
    caseNumber,
    { comment: "our evidence", creditText: "", accept: false, version: 1, attachments: codes.map(upload) },
    NOW,
  );

describe("the reason-code table", () => {
  it("is seeded with at least 20 codes of each of the three networks", async () => {
    const rows = await ctx.db.selectFrom("reason_codes").select(["network", "code", "title"]).execute();
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(new Set(rows.map((r) => r.network))).toEqual(new Set(["visa", "mastercard", "amex"]));
    expect(rows).toContainEqual({ network: "visa", code: "13.1", title: "Merchandise/Services Not Received" });
    expect(rows).toContainEqual({ network: "mastercard", code: "4837", title: "No Cardholder Authorization" });
    expect(rows).toContainEqual({ network: "amex", code: "C08", title: "Goods/Services Not Received or Only Partially Received" });
  });
});

describe("opening a case", () => {
  it("without documents takes the table's proposal with its levels", async () => {
    const caseNumber = await open("13.3", []);
    expect(await documentsOf(caseNumber)).toEqual([
      { code: "customer_correspondence", level: "one_of", group: "remedy" },
      { code: "itemised_invoice", level: "required", group: null },
      { code: "proof_of_delivery", level: "optional", group: null },
      { code: "terms_and_conditions", level: "one_of", group: "remedy" },
    ]);
  });

  it("with documents keeps exactly those, all required", async () => {
    const caseNumber = await open("13.3", ["signed_receipt"]);
    expect(await documentsOf(caseNumber)).toEqual([{ code: "signed_receipt", level: "required", group: null }]);
  });

  it("with a code the table does not know asks for nothing", async () => {
    expect(await documentsOf(await open("99.9", []))).toEqual([]);
  });
});

describe("the case page and the submit check", () => {
  it("shows the title, the guidance in every language and what is still missing", async () => {
    const caseNumber = await open("13.1", []);
    const page = await loadCasePage(ctx.db, ctx.actors["alpen-muc"]!, caseNumber, NOW);
    expect(page?.reasonCode).toMatchObject({ network: "visa", code: "13.1", title: "Merchandise/Services Not Received" });
    expect(page?.reasonCode?.guidance.de).toMatch(/Liefernachweis/);
    expect(page?.checklist.complete).toBe(false);
    expect(page?.checklist.missing).toEqual([{ kind: "one_of", group: "provided", codes: ["booking_confirmation", "proof_of_delivery"] }]);
  });

  it("refuses a response missing a required document with the existing problem key", async () => {
    const caseNumber = await open("13.3", []);
    const result = await answer(caseNumber, ["terms_and_conditions"]);
    expect(isRefused(result) && result.status).toBe(400);
    expect(isRefused(result) && result.problems).toEqual([
      { field: "attachments", key: "response.error.missing_required_document", params: { document: "itemised_invoice" } },
    ]);
  });

  it("refuses a response with no document of a group, and accepts one of it without the optional ones", async () => {
    const caseNumber = await open("13.3", []);
    const missingGroup = await answer(caseNumber, ["itemised_invoice", "proof_of_delivery"]);
    expect(isRefused(missingGroup) && missingGroup.problems.map((p) => p.key)).toEqual(["response.error.missing_document_group"]);
    expect(await answer(caseNumber, ["itemised_invoice", "customer_correspondence"])).toEqual({
      ok: true,
      status: "under_review",
      outcome: null,
    });
  });

  it("keeps an explicit list the rule: the table's documents are then not needed", async () => {
    const caseNumber = await open("13.3", ["signed_receipt"]);
    expect(await answer(caseNumber, ["signed_receipt"])).toMatchObject({ ok: true, status: "under_review" });
  });
});
