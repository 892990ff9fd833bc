import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { openTestCase } from "../../tests/setup/disputes";
import { useRouteTestDatabase } from "../../tests/setup/route-db";
import { apiKeyOf, orgAdminActor } from "../../tests/setup/api-keys";
import type { Actor } from "~/domain/permissions";
import { loader as caseLoader } from "./api.v1.cases.$caseNumber._index";
import { action as draftAction } from "./api.v1.cases.$caseNumber.draft";
import { action as respondAction } from "./api.v1.cases.$caseNumber.responses";

// POST /api/v1/cases/{caseNumber}/draft through its route, on a real migrated database (SPEC 3.7, 13):
// the form's "Save draft", with the draft's own version, on the same rules as the page.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-api-drafts-"));
process.env.DATA_DIR = dataDir;
let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const orgAdmin = (username: string, org: string) => orgAdminActor(ctx.ids, username, org);
const keyOf = (actor: Actor, scope: "read" | "respond") => apiKeyOf(ctx, actor, scope, "all", now);
const now = new Date();
const keys: Record<string, string> = {};
const cases: Record<string, string> = {};

beforeAll(async () => {
  ctx = await useRouteTestDatabase(now);
  cases.muc = (await openTestCase(ctx.db, idOf(ctx.ids.accounts, "alpen-muc"), "inquiry", { at: now, documents: [] })).caseNumber;
  cases.ams = (await openTestCase(ctx.db, idOf(ctx.ids.accounts, "noord-ams"), "inquiry", { at: now, documents: [] })).caseNumber;
  keys.alpen = await keyOf(orgAdmin("alpen-hq", "alpen"), "respond");
  keys.read = await keyOf(orgAdmin("alpen-hq", "alpen"), "read");
  keys.noord = await keyOf(orgAdmin("noord-hq", "noord"), "respond");
});
afterAll(async () => {
  await ctx.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });
const post = (key: string, p: string, body: unknown) =>
  new Request(`http://localhost/api/v1${p}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
  });
const saveDraft = (key: string, caseNumber: string, body: unknown) =>
  draftAction(args(post(key, `/cases/${caseNumber}/draft`, body), { caseNumber }));
const readCase = async (key: string, caseNumber: string) =>
  (await (
    await caseLoader(
      args(new Request(`http://localhost/api/v1/cases/${caseNumber}`, { headers: { Authorization: `Bearer ${key}` } }), { caseNumber }),
    )
  ).json()) as { status: string; version: number; draft: { version: number; comment: string; credit: string } | null };
const problemKeys = async (response: Response) => ((await response.json()) as { problems: { key: string }[] }).problems.map((p) => p.key);

describe("POST /api/v1/cases/{caseNumber}/draft", () => {
  it("saves a draft without changing the case, and refuses a save made over a newer draft", async () => {
    const before = await readCase(keys.alpen!, cases.muc!);
    expect(before.draft).toBeNull();
    const first = await saveDraft(keys.alpen!, cases.muc!, { comment: "Refund in progress", credit: "12.50", draftVersion: 0 });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { draft: { version: number } }).draft.version).toBe(1);
    const after = await readCase(keys.alpen!, cases.muc!);
    expect(after).toMatchObject({
      status: before.status,
      version: before.version,
      draft: { version: 1, comment: "Refund in progress", credit: "12.50" },
    });
    // Saved by someone who read the draft before it was saved: told, nothing lost.
    const stale = await saveDraft(keys.alpen!, cases.muc!, { comment: "Overwrite", draftVersion: 0 });
    expect(stale.status).toBe(409);
    expect((await readCase(keys.alpen!, cases.muc!)).draft?.comment).toBe("Refund in progress");
    const second = await saveDraft(keys.alpen!, cases.muc!, { comment: "Refund done", draftVersion: 1 });
    expect(second.status).toBe(200);
    expect((await readCase(keys.alpen!, cases.muc!)).draft).toMatchObject({ version: 2, comment: "Refund done" });
  });

  it("is refused where answering is: a read key, a head office under local handling, a bad body", async () => {
    expect((await saveDraft(keys.read!, cases.muc!, { comment: "x", draftVersion: 0 })).status).toBe(403);
    const local = await saveDraft(keys.noord!, cases.ams!, { comment: "x", draftVersion: 0 });
    const respond = await respondAction(
      args(
        post(keys.noord!, `/cases/${cases.ams}/responses`, { comment: "x", version: (await readCase(keys.noord!, cases.ams!)).version }),
        {
          caseNumber: cases.ams!,
        },
      ),
    );
    expect(local.status).toBe(403);
    expect(await problemKeys(local)).toEqual(await problemKeys(respond));
    expect((await saveDraft(keys.alpen!, cases.ams!, { comment: "x", draftVersion: 0 })).status).toBe(404);
    const bad = await saveDraft(keys.alpen!, cases.muc!, { comment: "x", credit: "a lot", draftVersion: -1 });
    expect(bad.status).toBe(400);
    expect(await problemKeys(bad)).toEqual(expect.arrayContaining(["response.error.credit_invalid", "disputes.error.invalid"]));
  });
});
