import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { useRouteTestDatabase } from "../../tests/setup/route-db";
import { apiKeyOf, orgAdminActor } from "../../tests/setup/api-keys";
import type { Actor } from "~/domain/permissions";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as deleteAction } from "./api.v1.webhook-endpoints.$id";
import { action as createAction, loader as listLoader } from "./api.v1.webhook-endpoints._index";

// /api/v1/webhook-endpoints through its route functions, on a real migrated database (SPEC 13):
// the settings page's services, for a key that may manage the organisation's endpoints.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-api-webhooks-"));
process.env.DATA_DIR = dataDir;
let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const orgAdmin = (username: string, org: string) => orgAdminActor(ctx.ids, username, org);
const keyOf = (actor: Actor, scope: "read" | "respond", accounts: string[] | "all") => apiKeyOf(ctx, actor, scope, accounts, now);
const now = new Date();
const keys: Record<string, string> = {};

beforeAll(async () => {
  ctx = await useRouteTestDatabase(now);
  const alpen = orgAdmin("alpen-hq", "alpen");
  keys.alpen = await keyOf(alpen, "respond", "all");
  keys.read = await keyOf(alpen, "read", "all");
  keys.muc = await keyOf(alpen, "respond", ["alpen-muc"]);
  keys.harbor = await keyOf(orgAdmin("harbor-hq", "harbor"), "respond", "all");
});
afterAll(async () => {
  await ctx.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const url = (p: string) => `http://localhost/api/v1/webhook-endpoints${p}`;
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const list = (key: string, headers: Record<string, string> = {}) =>
  listLoader(args(new Request(url(""), { headers: { Authorization: `Bearer ${key}`, ...headers } })));
const create = (key: string, body: unknown, idempotencyKey: string = crypto.randomUUID()) =>
  createAction(
    args(
      new Request(url(""), {
        method: "POST",
        body: JSON.stringify(body),
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
      }),
    ),
  );
const remove = (key: string, id: string) =>
  deleteAction(args(new Request(url(`/${id}`), { method: "DELETE", headers: { Authorization: `Bearer ${key}` } }), { id }));
const problemKeys = async (response: Response) => ((await response.json()) as { problems: { key: string }[] }).problems.map((p) => p.key);
type Listed = { data: { id: number; url: string; events: string[]; status: string }[] };

describe("/api/v1/webhook-endpoints", () => {
  it("adds, lists and deletes an endpoint with a key for every account; the secret is in the answer to the POST only", async () => {
    const body = { url: "https://erp.alpenblick.example/hooks", events: ["case.created", "case.decided"] };
    const created = await create(keys.alpen!, body, "add-erp");
    expect(created.status).toBe(201);
    const answer = (await created.json()) as { id: number; secret: string; events: string[] };
    expect(answer.secret).toMatch(/^whsec_/);
    expect(answer.events).toEqual(["case.created", "case.decided"]);
    // The same POST again: the first answer, and still one endpoint.
    const replayed = await create(keys.alpen!, body, "add-erp");
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
    expect(((await replayed.json()) as { id: number }).id).toBe(answer.id);

    const listed = (await (await list(keys.alpen!)).json()) as Listed;
    expect(listed.data).toMatchObject([{ id: answer.id, url: body.url, events: body.events, status: "enabled" }]);
    expect(JSON.stringify(listed)).not.toContain(answer.secret);
    // The settings page shows the same endpoint, and the audit trail has it under the key's creator.
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id"])
      .where("entity_type", "=", "webhook_endpoint")
      .execute();
    expect(audit).toEqual([{ action: "webhook_created", actor_user_id: idOf(ctx.ids.users, "alpen-hq") }]);

    // Another organisation's key cannot see or delete it.
    expect(((await (await list(keys.harbor!)).json()) as Listed).data).toEqual([]);
    expect((await remove(keys.harbor!, String(answer.id))).status).toBe(404);
    expect((await remove(keys.alpen!, String(answer.id))).status).toBe(204);
    expect((await remove(keys.alpen!, String(answer.id))).status).toBe(404);
    expect((await remove(keys.alpen!, "nonsense")).status).toBe(404);
    expect(((await (await list(keys.alpen!)).json()) as Listed).data).toEqual([]);
  });

  it("refuses a read key and an account-limited key, and a session cookie counts for nothing", async () => {
    for (const key of [keys.read!, keys.muc!]) {
      const listed = await list(key);
      expect(listed.status).toBe(403);
      const created = await create(key, { url: "https://erp.example/hooks", events: ["case.created"] });
      expect(created.status).toBe(403);
    }
    expect(await problemKeys(await list(keys.muc!))).toEqual(["api.error.webhooksKey"]);
    const session = await createSession(ctx.db, idOf(ctx.ids.users, "alpen-hq"), now);
    const cookie = await sessionCookie.serialize(session.token);
    const withCookie = await listLoader(args(new Request(url(""), { headers: { Cookie: cookie } })));
    expect(withCookie.status).toBe(401);
    expect(await ctx.db.selectFrom("webhook_endpoints").select("id").where("deleted_at", "is", null).execute()).toEqual([]);
  });

  it("says what is wrong with a body, with the form's problem keys, never a 500", async () => {
    const cases: [unknown, string][] = [
      [{ url: "ftp://erp.example", events: ["case.created"] }, "webhooks.error.url"],
      [{ url: "https://u:p@erp.example", events: ["case.created"] }, "webhooks.error.url"],
      [{ url: "https://erp.example", events: [] }, "webhooks.error.events"],
      [{ url: "https://erp.example", events: ["case.deleted"] }, "webhooks.error.events"],
      [{ url: "https://erp.example", events: ["case.created"], secret: "mine" }, "api.error.body"],
      ["[]", "api.error.body"],
    ];
    for (const [body, key] of cases) {
      const response = await create(keys.alpen!, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await problemKeys(response), JSON.stringify(body)).toContain(key);
    }
  });
});
