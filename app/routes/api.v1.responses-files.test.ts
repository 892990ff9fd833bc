import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { openTestCase } from "../../tests/setup/disputes";
import { useRouteTestDatabase } from "../../tests/setup/route-db";
import { apiKeyOf, orgAdminActor } from "../../tests/setup/api-keys";
import { attachmentPath, dataDir as storeDir } from "~/services/disputes/attachment-store.server";
import { loader as caseLoader } from "./api.v1.cases.$caseNumber._index";
import { action as respondAction } from "./api.v1.cases.$caseNumber.responses";

// POST /api/v1/cases/{caseNumber}/responses as multipart/form-data (SPEC 3.5, 13, issue 13): the
// page's upload rules and response service, under the Idempotency-Key.

// Before the imports read the environment: this file's own store.
const dataDir = await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(`${tmpdir()}/portal-api-files-`);
  process.env.DATA_DIR = dir;
  return dir;
});
let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const now = new Date();
const cases: Record<string, string> = {};
let key = "";

const PDF = Buffer.from("%PDF-1.4\n%api upload test\n");
const HTML = Buffer.from("<!DOCTYPE html><html><body>not a pdf</body></html>");

beforeAll(async () => {
  ctx = await useRouteTestDatabase(now);
  const open = async (name: string, documents: string[]) => {
    const opened = await openTestCase(ctx.db, idOf(ctx.ids.accounts, "alpen-muc"), "inquiry", { at: now, documents });
    cases[name] = opened.caseNumber;
  };
  await open("stored", ["signed_receipt"]);
  await open("badType", []);
  await open("replay", []);
  await open("untagged", ["signed_receipt"]);
  expect(storeDir()).toBe(path.resolve(dataDir));
  key = await apiKeyOf(ctx, orgAdminActor(ctx.ids, "alpen-hq", "alpen"), "respond", ["alpen-muc"], now);
});
afterAll(async () => {
  await ctx.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Part = [name: string, value: string | { filename: string; body: Buffer }];

/** A multipart request as a client builds it: a fresh boundary every time. */
function upload(caseNumber: string, parts: Part[], idempotencyKey: string = crypto.randomUUID()): Request {
  const form = new FormData();
  for (const [name, value] of parts) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.body)], { type: "application/pdf" }), value.filename);
  }
  return new Request(`http://localhost/api/v1/cases/${caseNumber}/responses`, {
    method: "POST",
    body: form,
    headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": idempotencyKey },
  });
}
const respond = (request: Request, caseNumber: string) => respondAction({ request, params: { caseNumber }, context: {} });
const versionOf = async (caseNumber: string) =>
  (await ctx.db.selectFrom("cases").select("version").where("case_number", "=", caseNumber).executeTakeFirstOrThrow()).version;
const responsesOn = async (caseNumber: string) =>
  (
    await ctx.db
      .selectFrom("case_responses")
      .innerJoin("cases", "cases.id", "case_responses.case_id")
      .select("case_responses.id")
      .where("cases.case_number", "=", caseNumber)
      .execute()
  ).length;
type ProblemBody = { status: number; problems: { field: string; key: string; detail: string }[] };
const tmpFiles = () => {
  const dir = path.join(storeDir(), "tmp-uploads");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe("a response with files through the API", () => {
  it("stores a tagged PDF and lists it on the case, the required document provided", async () => {
    const caseNumber = cases.stored!;
    const response = await respond(
      upload(caseNumber, [
        ["comment", "Signed receipt attached."],
        ["version", String(await versionOf(caseNumber))],
        ["file", { filename: "receipt.pdf", body: PDF }],
        ["document", "signed_receipt"],
      ]),
      caseNumber,
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ caseNumber, status: "under_review" });
    const read = await caseLoader({
      request: new Request(`http://localhost/api/v1/cases/${caseNumber}`, { headers: { Authorization: `Bearer ${key}` } }),
      params: { caseNumber },
      context: {},
    });
    const body = (await read.json()) as {
      attachments: { originalName: string; mediaType: string; sizeBytes: number; sha256?: string }[];
      requiredDocuments: { code: string; provided: boolean }[];
    };
    expect(body.attachments).toEqual([
      expect.objectContaining({ originalName: "receipt.pdf", mediaType: "application/pdf", sizeBytes: PDF.length }),
    ]);
    expect(body.requiredDocuments).toEqual([{ code: "signed_receipt", provided: true }]);
    const sha = (await import("node:crypto")).createHash("sha256").update(PDF).digest("hex");
    expect(fs.readFileSync(attachmentPath(sha)).equals(PDF)).toBe(true);
    expect(tmpFiles()).toEqual([]);
  });

  it("refuses a file that is HTML named .pdf with the form's problem key, and writes nothing", async () => {
    const caseNumber = cases.badType!;
    const response = await respond(
      upload(caseNumber, [
        ["comment", "See the receipt."],
        ["version", String(await versionOf(caseNumber))],
        ["file", { filename: "receipt.pdf", body: HTML }],
      ]),
      caseNumber,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    const problem = (await response.json()) as ProblemBody;
    expect(problem.problems.map((p) => [p.field, p.key])).toEqual([["attachments", "upload.error.bad_type"]]);
    expect(problem.problems[0]!.detail).toContain("receipt.pdf");
    expect(await responsesOn(caseNumber)).toBe(0);
    expect(tmpFiles()).toEqual([]);
  });

  it("refuses a tag for a document the case does not require, as the form does", async () => {
    const caseNumber = cases.untagged!;
    const response = await respond(
      upload(caseNumber, [
        ["version", String(await versionOf(caseNumber))],
        ["file", { filename: "invoice.pdf", body: PDF }],
        ["document", "itemised_invoice"],
      ]),
      caseNumber,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as ProblemBody).problems.map((p) => p.key)).toContain("response.error.unknown_document_tag");
    const misnamed = await respond(
      upload(caseNumber, [
        ["version", String(await versionOf(caseNumber))],
        ["comment", { filename: "invoice.pdf", body: PDF }],
      ]),
      caseNumber,
    );
    expect(misnamed.status).toBe(400);
    expect(((await misnamed.json()) as ProblemBody).problems.map((p) => p.key)).toContain("api.error.form");
    expect(await responsesOn(caseNumber)).toBe(0);
  });

  it("the same Idempotency-Key and parts (a new boundary) get the first answer, with one response; other parts a 422", async () => {
    const caseNumber = cases.replay!;
    const parts: Part[] = [
      ["comment", "Invoice attached."],
      ["version", String(await versionOf(caseNumber))],
      ["file", { filename: "invoice.pdf", body: PDF }],
    ];
    const first = await respond(upload(caseNumber, parts, "upload-4711"), caseNumber);
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const again = await respond(upload(caseNumber, parts, "upload-4711"), caseNumber);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
    expect(await responsesOn(caseNumber)).toBe(1);
    const otherFile: Part[] = [...parts.slice(0, 2), ["file", { filename: "invoice.pdf", body: Buffer.concat([PDF, Buffer.from("x")]) }]];
    const other = await respond(upload(caseNumber, otherFile, "upload-4711"), caseNumber);
    expect(other.status).toBe(422);
    expect(((await other.json()) as ProblemBody).problems.map((p) => p.key)).toEqual(["api.error.idempotencyReused"]);
    expect(await responsesOn(caseNumber)).toBe(1);
    expect(tmpFiles()).toEqual([]);
  });
});
