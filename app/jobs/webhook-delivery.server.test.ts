import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/connection";
import { idOf } from "../../db/demo/organisations";
import { openTestCase } from "../../tests/setup/disputes";
import { useRouteTestDatabase } from "../../tests/setup/route-db";
import { orgAdminActor } from "../../tests/setup/api-keys";
import type { Actor } from "~/domain/permissions";
import { DISABLE_AFTER_FAILING_MS, type WebhookEventType } from "~/domain/webhooks";
import { listDeliveries } from "~/models/webhook.server";
import { notifyCase } from "~/services/notify.server";
import { changeWebhookEndpoint, createWebhookEndpoint, resendWebhookDelivery } from "~/services/webhooks.server";
import { generateDueStatements } from "~/services/statements.server";
import { runDeadlines } from "./deadlines.server";
import { deliverDueWebhooks } from "./webhook-delivery.server";

// Webhook delivery against a real local HTTP server (SPEC 13, issue 13 item 4), on a real migrated
// database: retries under one event id, the signature checked by the README's own snippet, the
// three-day rule, and two workers at once.

type Received = { eventId: string; type: string; signature: string; body: string };

/** A receiver on 127.0.0.1 that answers each POST with the next status of `answers` (then 200). */
function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  let always: number | null = null;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      received.push({
        eventId: String(request.headers["portal-event-id"]),
        type: String(request.headers["portal-event-type"]),
        signature: String(request.headers["portal-signature"]),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.statusCode = always ?? answers.shift() ?? 200;
      response.end("ok");
    });
  });
  return {
    received,
    answers,
    alwaysAnswer: (status: number | null) => {
      always = status;
    },
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The verification snippet exactly as the README shows it. */
function readmeSnippet(): (header: string, body: string, secret: string, nowSeconds?: number) => boolean {
  const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
  const code = /<!-- webhook-signature-snippet[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error("README: no webhook signature snippet");
  type Verify = (header: string, body: string, secret: string, nowSeconds?: number) => boolean;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const load = new Function("require", `${code}\nreturn verifyPortalSignature;`) as (require: NodeJS.Require) => Verify;
  return load(createRequire(import.meta.url));
}

const T0 = new Date("2026-12-04T09:00:00.000Z");
let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const orgAdmin = (username: string, org: string) => orgAdminActor(ctx.ids, username, org);
const receiver = startReceiver();
let receiverUrl: string;

const options = (now: Date) => ({ now, fetch: globalThis.fetch, random: () => 0.5, timeoutMs: 2_000 });

async function addEndpoint(events: WebhookEventType[] = ["case.created"]) {
  const created = await createWebhookEndpoint(ctx.db, orgAdmin("alpen-hq", "alpen"), { url: receiverUrl, description: "", events }, T0, {
    allowHttp: true,
  });
  if (!created.ok) throw new Error("endpoint not created");
  return created;
}
const openAt = (account: string, at: Date) => openTestCase(ctx.db, idOf(ctx.ids.accounts, account), "inquiry", { at, documents: [] });
const deliveriesOf = (endpointId: number) =>
  ctx.db.selectFrom("webhook_deliveries").selectAll().where("endpoint_id", "=", endpointId).orderBy("id").execute();

beforeAll(async () => {
  ctx = await useRouteTestDatabase(T0);
  receiverUrl = await receiver.listen();
});
afterAll(async () => {
  await receiver.close();
  await ctx.destroy();
});
beforeEach(async () => {
  receiver.received.length = 0;
  receiver.answers.length = 0;
  receiver.alwaysAnswer(null);
  // Earlier tests' endpoints hear nothing more.
  await ctx.db.updateTable("webhook_endpoints").set({ status: "disabled", disabled_reason: "earlier test" }).execute();
  await ctx.db.updateTable("webhook_deliveries").set({ status: "failed" }).where("status", "=", "pending").execute();
});

describe("webhook delivery", () => {
  it("gets an event that failed three times exactly once more, under the same id, signed as the README checks it", async () => {
    const { id: endpointId, secret } = await addEndpoint();
    const opened = await openAt("alpen-muc", T0);
    await openAt("noord-ams", T0); // another organisation: not for this endpoint
    receiver.answers.push(500, 500, 500);

    let now = T0;
    const times: Date[] = [];
    for (let i = 0; i < 10; i++) {
      times.push(now);
      await deliverDueWebhooks(ctx.db, options(now));
      const [row] = await deliveriesOf(endpointId);
      if (row!.status === "sent") break;
      // Not due before its time: a run a second early sends nothing.
      expect((await deliverDueWebhooks(ctx.db, options(new Date(new Date(row!.next_attempt_at).getTime() - 1000)))).claimed).toBe(0);
      now = new Date(row!.next_attempt_at);
    }
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.eventId)).size).toBe(1);
    const [first] = receiver.received;
    const event = JSON.parse(first!.body) as { id: string; type: string; data: { case: { number: string } } };
    expect(event).toMatchObject({ id: first!.eventId, type: "case.created", data: { case: { number: opened.caseNumber } } });
    expect(receiver.received.every((r) => r.body === first!.body && r.type === "case.created")).toBe(true);

    const verify = readmeSnippet();
    receiver.received.forEach((r, i) => {
      const at = times[i]!.getTime() / 1000;
      expect(verify(r.signature, r.body, secret, at)).toBe(true);
      expect(verify(r.signature, r.body, `${secret}x`, at)).toBe(false);
      expect(verify(r.signature, `${r.body} `, secret, at)).toBe(false);
      // A captured request replayed ten minutes later is refused.
      expect(verify(r.signature, r.body, secret, at + 600)).toBe(false);
    });

    // Delivered: nothing more, however often the job runs.
    expect((await deliverDueWebhooks(ctx.db, options(new Date(now.getTime() + 86_400_000)))).claimed).toBe(0);
    expect(receiver.received).toHaveLength(4);
    const log = await listDeliveries(ctx.db, endpointId, { before: null, limit: 10 });
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]!.tries.map((t) => t.statusCode)).toEqual([500, 500, 500, 200]);
    expect(log.rows[0]).toMatchObject({ status: "sent", attempts: 4, lastStatusCode: 200 });
    const endpoint = await ctx.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", endpointId).executeTakeFirstOrThrow();
    expect(endpoint).toMatchObject({ status: "enabled", failing_since: null });
  });

  it("queues one delivery per notice, however often the notice is reported", async () => {
    const { id: endpointId } = await addEndpoint(["case.created", "case.updated"]);
    const opened = await openAt("alpen-gap", T0);
    await ctx.db.transaction().execute((trx) => notifyCase(trx, { kind: "new_case", caseId: opened.id }, { actorUserId: null, now: T0 }));
    await ctx.db.transaction().execute((trx) => notifyCase(trx, { kind: "new_case", caseId: opened.id }, { actorUserId: null, now: T0 }));
    expect(await deliveriesOf(endpointId)).toHaveLength(1);
  });

  it("reports staged reminders once per stage and each new statement once, to the endpoints that chose them", async () => {
    const { id: endpointId } = await addEndpoint(["case.reminder", "statement.created"]);
    const opened = await openAt("alpen-muc", T0);
    const respondBy = new Date(
      (await ctx.db.selectFrom("cases").select("respond_by").where("id", "=", opened.id).executeTakeFirstOrThrow()).respond_by,
    );
    for (let t = respondBy.getTime() - 9 * 86_400_000; t <= respondBy.getTime(); t += 6 * 3_600_000) {
      await runDeadlines(ctx.db, new Date(t));
      await runDeadlines(ctx.db, new Date(t));
    }
    const reminders = (await deliveriesOf(endpointId)).filter((d) => d.event_type === "case.reminder");
    const forCase = reminders.map((d) => JSON.parse(d.payload) as { data: { case: { number: string }; reminder: { daysLeft: number } } });
    expect(forCase.filter((e) => e.data.case.number === opened.caseNumber).map((e) => e.data.reminder.daysLeft)).toEqual([7, 3, 1]);

    const monthLater = new Date("2027-01-10T09:00:00Z");
    const muc = idOf(ctx.ids.accounts, "alpen-muc");
    await generateDueStatements(ctx.db, monthLater, { accountIds: [muc] });
    const statements = await ctx.db.selectFrom("statements").select(["id", "month"]).where("account_id", "=", muc).orderBy("id").execute();
    expect(statements.length).toBeGreaterThan(0);
    const statementEvents = () =>
      deliveriesOf(endpointId).then((rows) =>
        rows
          .filter((d) => d.event_type === "statement.created")
          .map((d) => (JSON.parse(d.payload) as { data: { statement: { id: number } } }).data.statement.id),
      );
    expect(await statementEvents()).toEqual(statements.map((r) => r.id));
    await generateDueStatements(ctx.db, monthLater, { accountIds: [muc] });
    expect(await statementEvents()).toEqual(statements.map((r) => r.id));
  });

  it("disables an endpoint that failed every try for three days, gives up its waiting events and emails the admins", async () => {
    const { id: endpointId } = await addEndpoint();
    receiver.alwaysAnswer(503);
    await openAt("alpen-muc", T0);
    let now = T0;
    let disabled = 0;
    for (let i = 0; i < 120 && now.getTime() <= T0.getTime() + DISABLE_AFTER_FAILING_MS + 86_400_000; i++) {
      const report = await deliverDueWebhooks(ctx.db, options(now));
      disabled += report.disabled;
      const endpoint = await ctx.db.selectFrom("webhook_endpoints").select("status").where("id", "=", endpointId).executeTakeFirstOrThrow();
      if (endpoint.status === "disabled") break;
      // A second event, queued while the endpoint keeps failing.
      if (i === 3) await openAt("alpen-vie", now);
      const due = await ctx.db
        .selectFrom("webhook_deliveries")
        .select("next_attempt_at")
        .where("endpoint_id", "=", endpointId)
        .where("status", "=", "pending")
        .orderBy("next_attempt_at")
        .executeTakeFirst();
      now = new Date(due!.next_attempt_at);
    }
    expect(disabled).toBe(1);
    const endpoint = await ctx.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", endpointId).executeTakeFirstOrThrow();
    expect(endpoint).toMatchObject({ status: "disabled", disabled_reason: "failed for 3 days" });
    // Disabled at the first failed try three days after the first failure, not before.
    expect(now.getTime() - T0.getTime()).toBeGreaterThanOrEqual(DISABLE_AFTER_FAILING_MS);
    const deliveries = await deliveriesOf(endpointId);
    expect(deliveries.map((d) => d.status)).toEqual(["failed", "failed"]);
    expect(deliveries.some((d) => /endpoint disabled/.test(d.last_error ?? ""))).toBe(true);
    const emails = await ctx.db.selectFrom("email_outbox").selectAll().where("kind", "=", "webhook_disabled").execute();
    const admin = await ctx.db.selectFrom("users").select("email").where("username", "=", "alpen-hq").executeTakeFirstOrThrow();
    expect(emails.map((e) => e.to_address)).toContain(admin.email);
    expect(emails.every((e) => e.text_body.includes(receiverUrl))).toBe(true);
    const audit = await ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "webhook_disabled")
      .where("entity_id", "=", String(endpointId))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBeNull();
    // A disabled endpoint hears of nothing new, and later runs send nothing.
    const before = receiver.received.length;
    await openAt("alpen-muc", now);
    expect((await deliveriesOf(endpointId)).length).toBe(2);
    await deliverDueWebhooks(ctx.db, options(new Date(now.getTime() + 86_400_000)));
    expect(receiver.received.length).toBe(before);
  });

  it("sends a test event and an event again on request, only to an enabled endpoint of the admin's own organisation", async () => {
    const { id: endpointId } = await addEndpoint();
    const alpen = orgAdmin("alpen-hq", "alpen");
    const noord = orgAdmin("noord-hq", "noord");
    expect(await changeWebhookEndpoint(ctx.db, noord, endpointId, "test", T0)).toMatchObject({ ok: false, status: 404 });
    const headOffice: Actor = { ...alpen, role: "head_office" };
    expect(await changeWebhookEndpoint(ctx.db, headOffice, endpointId, "test", T0)).toMatchObject({ ok: false, status: 403 });
    expect(await changeWebhookEndpoint(ctx.db, alpen, endpointId, "test", T0)).toMatchObject({ ok: true });
    await deliverDueWebhooks(ctx.db, options(T0));
    expect(receiver.received.map((r) => r.type)).toEqual(["ping"]);
    const [ping] = await deliveriesOf(endpointId);
    // Still on its way: it cannot be sent again yet; once delivered it can, under its own id.
    const resent = await resendWebhookDelivery(ctx.db, alpen, endpointId, ping!.id, T0);
    expect(resent).toMatchObject({ ok: true, eventId: ping!.event_id });
    expect(await resendWebhookDelivery(ctx.db, alpen, endpointId, ping!.id, T0)).toMatchObject({ ok: false, status: 409 });
    expect(await resendWebhookDelivery(ctx.db, noord, endpointId, ping!.id, T0)).toMatchObject({ ok: false, status: 404 });
    await deliverDueWebhooks(ctx.db, options(T0));
    expect(receiver.received.map((r) => r.eventId)).toEqual([ping!.event_id, ping!.event_id]);
    expect(await changeWebhookEndpoint(ctx.db, alpen, endpointId, "disable", T0)).toMatchObject({ ok: true });
    expect(await changeWebhookEndpoint(ctx.db, alpen, endpointId, "test", T0)).toMatchObject({ ok: false, status: 409 });
    expect(await resendWebhookDelivery(ctx.db, alpen, endpointId, ping!.id, T0)).toMatchObject({ ok: false, status: 409 });
    const actions = await ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "webhook_endpoint")
      .where("entity_id", "=", String(endpointId))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["webhook_created", "webhook_test_sent", "webhook_resent", "webhook_disabled"]);
  });

  it("never sends an event that was queued while its endpoint was being disabled", async () => {
    const { id: endpointId } = await addEndpoint();
    // What two transactions at once could leave: the disable gave up the waiting events, and a
    // case change that had read the endpoint as enabled queued one more after it.
    await changeWebhookEndpoint(ctx.db, orgAdmin("alpen-hq", "alpen"), endpointId, "disable", T0);
    await ctx.db
      .insertInto("webhook_deliveries")
      .values({
        endpoint_id: endpointId,
        event_id: "evt_late",
        event_type: "case.created",
        payload: "{}",
        next_attempt_at: T0.toISOString(),
        created_at: T0.toISOString(),
      })
      .execute();
    expect((await deliverDueWebhooks(ctx.db, options(new Date(T0.getTime() + 60_000)))).claimed).toBe(0);
    expect(receiver.received).toEqual([]);
  });

  it("refuses an address without https in production, or with credentials in it", async () => {
    const alpen = orgAdmin("alpen-hq", "alpen");
    const make = (url: string, allowHttp: boolean) =>
      createWebhookEndpoint(ctx.db, alpen, { url, description: "", events: ["case.created"] }, T0, { allowHttp });
    expect(await make("http://erp.example/hooks", false)).toMatchObject({
      ok: false,
      problems: [{ field: "url", key: "webhooks.error.https" }],
    });
    expect(await make("https://user:pw@erp.example/hooks", false)).toMatchObject({
      ok: false,
      problems: [{ field: "url", key: "webhooks.error.url" }],
    });
    expect(await make("ftp://erp.example/hooks", true)).toMatchObject({
      ok: false,
      problems: [{ field: "url", key: "webhooks.error.url" }],
    });
    expect(await make("https://erp.example/hooks", false)).toMatchObject({ ok: true });
  });

  it("five claims at once over two connections deliver every event exactly once", async () => {
    const { id: endpointId } = await addEndpoint();
    for (let i = 0; i < 30; i++) await openAt(i % 2 ? "alpen-muc" : "alpen-gap", T0);
    // A second connection to the same database: a second process, as far as the engine is concerned.
    const second: DB = openDatabase(ctx.location);
    try {
      const pass = (db: DB) => deliverDueWebhooks(db, { ...options(T0), batchSize: 7 });
      const reports = await Promise.all([pass(ctx.db), pass(second), pass(ctx.db), pass(second), pass(second)]);
      expect(reports.reduce((n, r) => n + r.claimed, 0)).toBe(30);
    } finally {
      await second.destroy();
    }
    const deliveries = await deliveriesOf(endpointId);
    expect(deliveries).toHaveLength(30);
    expect(deliveries.every((d) => d.status === "sent" && d.attempts === 1)).toBe(true);
    expect(receiver.received).toHaveLength(30);
    expect(new Set(receiver.received.map((r) => r.eventId)).size).toBe(30);
  });
});
