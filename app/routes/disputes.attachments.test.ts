import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { responseOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { openTestCase } from "../../tests/setup/disputes";
import { storeBytes } from "~/services/disputes/attachment-store.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as downloadLoader } from "./disputes.$caseNumber.attachments.$id";

// The name a download is saved under: the stored name with the extension of the type the content
// was recognised as, without characters that reorder or hide text (SPEC 3.5, issue 9 item 18).

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-downloads-"));
process.env.DATA_DIR = dataDir;

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
let cookie: string;
let caseNumber: string;
let caseId: number;
let responseId: number;

beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  const { token } = await createSession(ctx.db, ctx.ids.users["alpen-muc"]!, new Date());
  cookie = await sessionCookie.serialize(token);
  const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "chargeback", { documents: [], at: new Date() });
  caseNumber = opened.caseNumber;
  caseId = opened.id;
  const response = await ctx.db
    .insertInto("case_responses")
    .values({
      case_id: caseId,
      submitted_by_user_id: ctx.ids.users["alpen-muc"]!,
      submitted_at: new Date().toISOString(),
      comment: "documents",
      credit_minor: null,
      accepted: 0,
      version_at_submission: 1,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  responseId = response.id;
});
afterAll(async () => {
  await ctx.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function attach(originalName: string, bytes: Buffer, mediaType: "application/pdf" | "image/png") {
  const row = await ctx.db
    .insertInto("case_attachments")
    .values({
      case_id: caseId,
      response_id: responseId,
      sha256: storeBytes(bytes),
      original_name: originalName,
      media_type: mediaType,
      size_bytes: bytes.length,
      required_document: null,
      uploaded_by_user_id: ctx.ids.users["alpen-muc"]!,
      uploaded_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function download(id: number) {
  const request = new Request(new URL("/x", "http://localhost"), { headers: { Cookie: cookie } });
  return (await responseOf(() => downloadLoader({ request, params: { caseNumber, id: String(id) }, context: {} }))) as Response;
}

describe("attachment downloads", () => {
  it("a PDF stored as poly.html is saved as poly.pdf", async () => {
    const response = await download(await attach("poly.html", Buffer.from("%PDF-1.7\n<html>polyglot</html>"), "application/pdf"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="poly.pdf"; filename*=UTF-8''poly.pdf`);
  });

  it("a right-to-left override cannot disguise the name: \\u202Efdp.exe is saved as fdp.pdf", async () => {
    const response = await download(await attach("\u202Efdp.exe", Buffer.from("%PDF-1.7\nbidi"), "application/pdf"));
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="fdp.pdf"; filename*=UTF-8''fdp.pdf`);
  });

  it("keeps a fitting name, umlauts included", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const response = await download(await attach("Beleg März.png", png, "image/png"));
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Beleg M_rz.png"; filename*=UTF-8''Beleg%20M%C3%A4rz.png`,
    );
  });
});
