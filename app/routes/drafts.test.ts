import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { openTestCase } from "../../tests/setup/disputes";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as caseAction, loader as caseLoader } from "./disputes.$caseNumber._index";
import { loader as reviewCaseLoader } from "./review.$caseNumber";

// "Save draft" and "Discard draft" on the case page's response form (SPEC 3.7): plain form posts
// of the same multipart form, decided on the server, what was typed kept on every refusal.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-drafts-"));
process.env.DATA_DIR = dataDir;

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const cookies: Record<string, string> = {};
let caseNumber = "";

beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  for (const username of ["alpen-muc", "alpen-hq", "analyst"]) {
    const { token } = await createSession(ctx.db, ctx.ids.users[username]!, new Date());
    cookies[username] = await sessionCookie.serialize(token);
  }
  caseNumber = (await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { documents: ["signed_receipt"], at: new Date() }))
    .caseNumber;
});
afterAll(async () => {
  await ctx.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PDF = Buffer.from("%PDF-1.4\n%draft route test\n");

function post(as: string, fields: Record<string, string>, files: { name: string; filename: string; body: Buffer }[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.name, new Blob([new Uint8Array(f.body)], { type: "application/pdf" }), f.filename);
  const request = new Request(new URL(`/disputes/${caseNumber}`, "http://localhost"), {
    method: "POST",
    body: form,
    headers: { Cookie: cookies[as]! },
  });
  return responseOf(() => caseAction({ request, params: { caseNumber }, context: {} }));
}

async function pageOf(as: string) {
  const request = new Request(new URL(`/disputes/${caseNumber}`, "http://localhost"), { headers: { Cookie: cookies[as]! } });
  return (await caseLoader({ request, params: { caseNumber }, context: {} })).page;
}

type Refusal = { data: { problems: { key: string }[]; values: { comment: string; credit: string } }; init: ResponseInit | null };

describe("the draft buttons of the response form", () => {
  it("saves a draft with a file; head office (central handling) sees it with who saved it, in the form", async () => {
    const saved = await post(
      "alpen-muc",
      { comment: "Receipt attached", intent: "draft", version: "1", draftVersion: "0", tag_0: "signed_receipt" },
      [{ name: "file_0", filename: "receipt.pdf", body: PDF }],
    );
    expect(statusOf(saved)).toBe(302);
    expect((saved as Response).headers.get("Location")).toBe(`/disputes/${caseNumber}?done=draft`);
    const page = await pageOf("alpen-hq");
    expect(page.case.status).toBe("awaiting_response");
    expect(page.case.version).toBe(1);
    expect(page.draft).toMatchObject({
      version: 1,
      comment: "Receipt attached",
      files: [{ originalName: "receipt.pdf", requiredDocument: "signed_receipt" }],
    });
    expect(page.draft?.savedBy).toBeTruthy();
  });

  it("refuses a save against an older draft with 409 and keeps what was typed", async () => {
    const result = (await post("alpen-hq", {
      comment: "My own words",
      credit: "5.00",
      intent: "draft",
      version: "1",
      draftVersion: "0",
    })) as Refusal;
    expect(result.init?.status).toBe(409);
    expect(result.data.problems.map((p) => p.key)).toEqual(["draft.error.changed"]);
    expect(result.data.values).toMatchObject({ comment: "My own words", credit: "5.00" });
    expect((await pageOf("alpen-hq")).draft?.comment).toBe("Receipt attached");
  });

  it("answers 400, never 500, for a forged draft version or intent, and keeps the comment", async () => {
    for (const fields of [
      { comment: "kept", intent: "draft", version: "1", draftVersion: "one" },
      { comment: "kept", intent: "save-everything", version: "1", draftVersion: "1" },
    ]) {
      const result = (await post("alpen-muc", fields)) as Refusal;
      expect(result.init?.status).toBe(400);
      expect(result.data.values.comment).toBe("kept");
    }
  });

  it("is not shown to the disputes team", async () => {
    const request = new Request(new URL(`/review/${caseNumber}`, "http://localhost"), { headers: { Cookie: cookies.analyst! } });
    const data = (await reviewCaseLoader({ request, params: { caseNumber }, context: {} })) as { page: { draft: unknown } };
    expect(data.page.draft).toBeNull();
  });

  it("submits the draft with its file: the case goes under review with the document, and the draft is gone", async () => {
    const submitted = await post("alpen-hq", { comment: "Receipt attached", intent: "respond", version: "1", draftVersion: "1" });
    expect(statusOf(submitted)).toBe(302);
    const page = await pageOf("alpen-hq");
    expect(page.case.status).toBe("under_review");
    expect(page.attachments.map((a) => [a.originalName, a.requiredDocument])).toEqual([["receipt.pdf", "signed_receipt"]]);
    expect(page.draft).toBeNull();
  });
});
