import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itemAt, entry } from "../../tests/setup/at";
import { idOf } from "../../db/demo/organisations";
import { formRequest, responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import type { CaseFacts } from "~/domain/notifications";
import { insertNotification } from "~/models/notification.server";
import { enqueueEmail } from "~/models/outbox.server";
import { loadShell } from "~/services/shell.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as outboxAction, loader as outboxLoader } from "./admin.outbox._index";
import { action as messageAction, loader as messageLoader } from "./admin.outbox.$id";
import { action as centreAction, loader as centreLoader } from "./notifications";
import { action as prefsAction, loader as prefsLoader } from "./settings.notifications";

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const cookies: Record<string, string> = {};
const NOW = new Date("2026-11-23T09:00:00.000Z");

const facts: CaseFacts = {
  caseNumber: "CB-2026-000777",
  caseType: "chargeback",
  accountName: "Alpenblick Hotel München",
  amountMinor: 9900,
  currency: "EUR",
  respondBy: "2026-12-13T22:59:59.999Z",
  timeZone: "Europe/Berlin",
  toStatus: "awaiting_response",
};

beforeAll(async () => {
  ctx = await useRouteTestDatabase(NOW);
  for (const username of ["alpen-muc", "alpen-hq", "admin"]) {
    const { token } = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
    cookies[username] = await sessionCookie.serialize(token);
  }
  for (let i = 0; i < 30; i++) {
    await insertNotification(
      ctx.db,
      {
        userId: idOf(ctx.ids.users, "alpen-muc"),
        category: i % 3 === 0 ? "urgent" : "new_chargeback",
        dedupeKey: `test:${i}`,
        caseId: null,
        caseEventId: null,
        message: i % 3 === 0 ? "urgent_window" : "new_chargeback",
        params: facts,
        link: "/disputes/CB-2026-000777",
      },
      NOW,
    );
  }
  await insertNotification(
    ctx.db,
    {
      userId: idOf(ctx.ids.users, "alpen-hq"),
      category: "new_chargeback",
      dedupeKey: "hq:1",
      caseId: null,
      caseEventId: null,
      message: "new_chargeback",
      params: facts,
      link: null,
    },
    NOW,
  );
});
afterAll(async () => ctx.destroy());

function get(path: string, as: string): Request {
  return new Request(new URL(path, "http://localhost"), { headers: { Cookie: entry(cookies, as) } });
}
function post(path: string, as: string, fields: Record<string, string>): Request {
  return formRequest(path, fields, { Cookie: entry(cookies, as) });
}

describe("/notifications", () => {
  it("lists the user's own notifications newest first, a page at a time, with the unread count in the header", async () => {
    const first = await centreLoader({ request: get("/notifications", "alpen-muc"), params: {}, context: {} });
    expect(first.items).toHaveLength(25);
    expect(first.unread).toBe(30);
    expect(itemAt(first.items, 0).id).toBeGreaterThan(itemAt(first.items, 1).id);
    expect(first.nextCursor).not.toBeNull();
    const second = await centreLoader({
      request: get(`/notifications?before=${first.nextCursor}`, "alpen-muc"),
      params: {},
      context: {},
    });
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const urgent = await centreLoader({ request: get("/notifications?category=urgent", "alpen-muc"), params: {}, context: {} });
    expect(urgent.items.map((i) => i.category)).toEqual(Array(10).fill("urgent"));
    const shell = await loadShell(get("/", "alpen-muc"));
    expect(shell.user?.unreadNotifications).toBe(30);
    expect(shell.user?.navigation).toContain("notifications");
  });

  it("answers a made-up category or cursor with 400, not 500", async () => {
    for (const query of ["?category=everything", "?before=abc", "?before=-1", "?before=1e5"]) {
      expect(
        statusOf(await responseOf(() => centreLoader({ request: get(`/notifications${query}`, "alpen-muc"), params: {}, context: {} }))),
      ).toBe(400);
    }
  });

  it("marks one read, never someone else's, and then all", async () => {
    const hqCentre = await centreLoader({ request: get("/notifications", "alpen-hq"), params: {}, context: {} });
    const hqId = itemAt(hqCentre.items, 0).id;
    // alpen-muc posting alpen-hq's id: not found, and nothing changes.
    expect(
      statusOf(
        await responseOf(() =>
          centreAction({ request: post("/notifications", "alpen-muc", { intent: "read", id: String(hqId) }), params: {}, context: {} }),
        ),
      ),
    ).toBe(404);
    expect((await loadShell(get("/", "alpen-hq"))).user?.unreadNotifications).toBe(1);

    const mine = await centreLoader({ request: get("/notifications", "alpen-muc"), params: {}, context: {} });
    expect(
      statusOf(
        await responseOf(() =>
          centreAction({
            request: post("/notifications", "alpen-muc", { intent: "read", id: String(itemAt(mine.items, 0).id) }),
            params: {},
            context: {},
          }),
        ),
      ),
    ).toBe(200);
    expect((await loadShell(get("/", "alpen-muc"))).user?.unreadNotifications).toBe(29);

    await centreAction({
      request: post("/notifications", "alpen-muc", { intent: "read_all", category: "urgent" }),
      params: {},
      context: {},
    });
    expect((await loadShell(get("/", "alpen-muc"))).user?.unreadNotifications).toBe(19);
    await centreAction({ request: post("/notifications", "alpen-muc", { intent: "read_all" }), params: {}, context: {} });
    expect((await loadShell(get("/", "alpen-muc"))).user?.unreadNotifications).toBe(0);
    expect((await loadShell(get("/", "alpen-hq"))).user?.unreadNotifications).toBe(1);
  });

  it("refuses a post that is not a form or names no known intent with a 400", async () => {
    const notAForm = new Request("http://localhost/notifications", {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json", Cookie: entry(cookies, "alpen-muc") },
    });
    expect(statusOf(await responseOf(() => centreAction({ request: notAForm, params: {}, context: {} })))).toBe(400);
    expect(
      statusOf(
        await responseOf(() =>
          centreAction({ request: post("/notifications", "alpen-muc", { intent: "delete", id: "1" }), params: {}, context: {} }),
        ),
      ),
    ).toBe(400);
    expect(
      statusOf(
        await responseOf(() =>
          centreAction({ request: post("/notifications", "alpen-muc", { intent: "read", id: "x" }), params: {}, context: {} }),
        ),
      ),
    ).toBe(400);
  });
});

describe("/settings/notifications", () => {
  it("shows every category on by default, and saves a form posted without JavaScript (unticked boxes are absent)", async () => {
    const before = await prefsLoader({ request: get("/settings/notifications", "alpen-hq"), params: {}, context: {} });
    expect(Object.values(before.preferences).every((c) => c.email && c.inApp)).toBe(true);
    const fields: Record<string, string> = {
      email_new_inquiry: "on",
      inApp_new_inquiry: "on",
      inApp_new_chargeback: "on",
      email_case_update: "on",
      inApp_case_update: "on",
      email_urgent: "on",
      inApp_urgent: "on",
    };
    const result = await responseOf(() =>
      prefsAction({ request: post("/settings/notifications", "alpen-hq", fields), params: {}, context: {} }),
    );
    expect(statusOf(result)).toBe(200);
    const after = await prefsLoader({ request: get("/settings/notifications", "alpen-hq"), params: {}, context: {} });
    expect(after.preferences.new_chargeback).toEqual({ email: false, inApp: true, daily: false });
    expect(after.preferences.payment).toEqual({ email: false, inApp: false, daily: false });
    expect(after.preferences.urgent).toEqual({ email: true, inApp: true, daily: false });
    // Only the user's own settings changed.
    const other = await prefsLoader({ request: get("/settings/notifications", "alpen-muc"), params: {}, context: {} });
    expect(other.preferences.payment).toEqual({ email: true, inApp: true, daily: false });
  });

  it("re-checks on the server: a forged value is a 400 with the error, not a silent change", async () => {
    const result = await responseOf(() =>
      prefsAction({ request: post("/settings/notifications", "alpen-muc", { email_urgent: "yes please" }), params: {}, context: {} }),
    );
    expect(statusOf(result)).toBe(400);
    expect((result as { data: { errors: Record<string, string> } }).data.errors).toHaveProperty("email_urgent");
  });
});

describe("/admin/outbox", () => {
  it("is for the platform operator only", async () => {
    expect(statusOf(await responseOf(() => outboxLoader({ request: get("/admin/outbox", "alpen-hq"), params: {}, context: {} })))).toBe(
      403,
    );
    expect(
      statusOf(await responseOf(() => messageLoader({ request: get("/admin/outbox/1", "alpen-hq"), params: { id: "1" }, context: {} }))),
    ).toBe(403);
  });

  it("lists messages with status, attempts and the last error, shows one, and sends a failed one again", async () => {
    await enqueueEmail(
      ctx.db,
      {
        idempotencyKey: "admin-test:failed",
        kind: "case_new_chargeback",
        to: "x@example.test",
        subject: "Failed one",
        text: "Body <text>",
      },
      NOW,
    );
    await enqueueEmail(
      ctx.db,
      { idempotencyKey: "admin-test:pending", kind: "password_reset", to: "y@example.test", subject: "Pending one", text: "Another" },
      NOW,
    );
    await ctx.db
      .updateTable("email_outbox")
      .set({ status: "failed", attempts: 8, last_error: "HTTP 503: down" })
      .where("idempotency_key", "=", "admin-test:failed")
      .execute();

    const page = await outboxLoader({ request: get("/admin/outbox?status=failed", "admin"), params: {}, context: {} });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ subject: "Failed one", attempts: 8, last_error: "HTTP 503: down", status: "failed" });
    expect(page.providerConfigured).toBe(false);
    const id = itemAt(page.rows, 0).id;

    const shown = await messageLoader({
      request: get(`/admin/outbox/${id}`, "admin"),
      params: { id: String(id) },
      context: {},
    });
    expect(shown.message).toMatchObject({ text: "Body <text>", lastError: "HTTP 503: down", idempotencyKey: "admin-test:failed" });

    const retried = await responseOf(() =>
      outboxAction({ request: post("/admin/outbox", "admin", { intent: "retry", id: String(id) }), params: {}, context: {} }),
    );
    expect(statusOf(retried)).toBe(200);
    const row = await ctx.db.selectFrom("email_outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "pending",
      attempts: 0,
      idempotency_key: "admin-test:failed",
    });
    expect(typeof row.next_attempt_at).toBe("string");
    // Once pending it cannot be retried again; an unknown id is a 404; junk is a 400.
    expect(
      statusOf(
        await responseOf(() =>
          messageAction({
            request: post(`/admin/outbox/${id}`, "admin", { intent: "retry", id: String(id) }),
            params: { id: String(id) },
            context: {},
          }),
        ),
      ),
    ).toBe(409);
    expect(
      statusOf(
        await responseOf(() =>
          outboxAction({ request: post("/admin/outbox", "admin", { intent: "retry", id: "999999" }), params: {}, context: {} }),
        ),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await responseOf(() =>
          outboxAction({ request: post("/admin/outbox", "admin", { intent: "retry", id: "abc" }), params: {}, context: {} }),
        ),
      ),
    ).toBe(400);
    expect(
      statusOf(await responseOf(() => messageLoader({ request: get("/admin/outbox/abc", "admin"), params: { id: "abc" }, context: {} }))),
    ).toBe(404);
    expect(
      statusOf(await responseOf(() => outboxLoader({ request: get("/admin/outbox?status=lost", "admin"), params: {}, context: {} }))),
    ).toBe(400);
    const audit = await ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "email_retried").execute();
    expect(audit).toHaveLength(1);
  });
});
