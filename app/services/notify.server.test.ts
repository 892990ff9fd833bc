import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { itemAt } from "../../tests/setup/at";
import type { DB } from "../../db/connection";
import { idOf, seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { createEmailProvider } from "../../tests/mocks/email-provider";
import { createTestDatabase } from "../../tests/setup/db";
import { deliverDueEmails } from "~/jobs/email-delivery.server";
import { sendDueDigests } from "~/jobs/notification-digest.server";
import { effectivePreferences } from "~/domain/notifications";
import { countUnread, listNotifications, markAllRead, markRead, savePreferences } from "~/models/notification.server";
import { getEnv } from "~/utils/env.server";
import { runDeadlineSweep } from "./disputes/deadline-sweep.server";
import { notifyCase } from "./notify.server";

// Cases are written straight into the tables (the disputes area's contract), so these tests
// depend only on the seam notifyCase and not on the disputes services.

const mock = createEmailProvider();
let db: DB;
let ids: SeededIds;
let destroy: () => Promise<void>;
const NOW = new Date("2026-11-23T09:00:00.000Z");

beforeAll(async () => {
  ({ db, destroy } = await createTestDatabase());
  ids = await seedOrganisationsAndUsers(db, NOW, () => Promise.resolve("not-a-real-hash"));
  mock.listen();
});
afterEach(() => mock.reset());
afterAll(async () => {
  mock.close();
  await destroy();
});
beforeEach(async () => {
  await db.deleteFrom("notifications").execute();
  await db.deleteFrom("email_outbox").execute();
  await db.deleteFrom("notification_preferences").execute();
  await db.deleteFrom("notification_digest_items").execute();
  await db.updateTable("users").set({ locale: null }).execute();
});

let counter = 0;
async function createCase(accountKey: string, type: "inquiry" | "chargeback", respondBy = "2026-12-13T22:59:59.999Z") {
  counter++;
  const tx = await db
    .insertInto("transactions")
    .values({
      account_id: idOf(ids.accounts, accountKey),
      occurred_at: "2026-11-01T10:00:00.000Z",
      amount_minor: 45_000,
      currency: "EUR",
      card_last4: "1234",
      network_reference: `NREF${String(counter).padStart(8, "0")}`,
      description: "Hotel stay",
      created_at: NOW.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const prefix = type === "inquiry" ? "INQ" : "CB";
  const row = await db
    .insertInto("cases")
    .values({
      case_number: `${prefix}-2026-${String(900000 + counter)}`,
      type,
      account_id: idOf(ids.accounts, accountKey),
      organisation_id: (eb) => eb.selectFrom("accounts").select("organisation_id").where("id", "=", idOf(ids.accounts, accountKey)),
      transaction_id: tx.id,
      status: "awaiting_response",
      outcome: null,
      disputed_amount_minor: 45_000,
      currency: "EUR",
      reason_code: "4853",
      reason_text: "Cardholder dispute",
      received_at: NOW.toISOString(),
      respond_by: respondBy,
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    })
    .returning(["id", "case_number"])
    .executeTakeFirstOrThrow();
  return { id: row.id, caseNumber: row.case_number };
}

async function addEvent(
  caseId: number,
  event: {
    actor: number | null;
    type: string;
    from: "awaiting_response" | "under_review";
    to: "awaiting_response" | "under_review" | "closed";
    outcome?: "won" | "lost" | null;
    details?: object;
  },
) {
  const row = await db
    .insertInto("case_events")
    .values({
      case_id: caseId,
      at: NOW.toISOString(),
      actor_user_id: event.actor,
      event_type: event.type,
      from_status: event.from,
      to_status: event.to,
      outcome: event.outcome ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function send(now = NOW) {
  return deliverDueEmails(db, { now, provider: mock.provider, fetch: globalThis.fetch, random: () => 0.5, timeoutMs: 500 });
}

const emailOf = (username: string) =>
  `${username}@${username.startsWith("alpen") ? "alpenblick" : username.startsWith("noord") ? "noordzee" : username.startsWith("harbor") ? "harbor" : "network"}.example`;

async function inApp(username: string) {
  return db.selectFrom("notifications").selectAll().where("user_id", "=", idOf(ids.users, username)).orderBy("id").execute();
}

describe("notifyCase → outbox → provider", () => {
  it("a new chargeback on an Alpenblick account emails alpen-muc and alpen-hq, and nobody at Noordzee", async () => {
    const c = await createCase("alpen-muc", "chargeback");
    await db
      .transaction()
      .execute((trx) => notifyCase(trx, { kind: "new_case", caseId: c.id }, { actorUserId: idOf(ids.users, "analyst"), now: NOW }));

    const report = await send();
    expect(report).toMatchObject({ sent: 2, failed: 0 });
    expect(mock.posted.map((p) => p.to).sort()).toEqual([emailOf("alpen-hq"), emailOf("alpen-muc")]);
    expect(mock.posted.some((p) => p.to.includes("noordzee") || p.to.includes("harbor"))).toBe(false);
    for (const p of mock.posted) {
      expect(p.subject).toBe(`New chargeback ${c.caseNumber}`);
      expect(p.text).toContain("Account: Alpenblick Hotel München");
      expect(p.text).toContain("Disputed amount: €450.00");
      expect(p.text).toContain("Respond by: 13 December 2026, 23:59 (Europe/Berlin)");
      expect(p.text).toContain(`${getEnv().APP_URL}/disputes/${c.caseNumber}`);
      expect(p.html).toContain(`href="${getEnv().APP_URL}/disputes/${c.caseNumber}"`);
    }
    expect(new Set(mock.posted.map((p) => p.idempotencyKey))).toEqual(
      new Set([`new-case:${c.id}:user:${idOf(ids.users, "alpen-hq")}`, `new-case:${c.id}:user:${idOf(ids.users, "alpen-muc")}`]),
    );
    // In the notification centre too, and for nobody else.
    expect(await inApp("alpen-muc")).toHaveLength(1);
    expect(await inApp("alpen-hq")).toHaveLength(1);
    for (const other of ["noord-hq", "noord-ams", "harbor-hq", "analyst", "admin"]) expect(await inApp(other)).toHaveLength(0);
  });

  it("a deactivated user hears nothing, neither by email nor in the portal", async () => {
    await db.updateTable("users").set({ deactivated_at: NOW.toISOString() }).where("username", "=", "alpen-muc").execute();
    try {
      const c = await createCase("alpen-muc", "chargeback");
      await db
        .transaction()
        .execute((trx) => notifyCase(trx, { kind: "new_case", caseId: c.id }, { actorUserId: idOf(ids.users, "analyst"), now: NOW }));
      await send();
      expect(mock.posted.map((p) => p.to)).toEqual([emailOf("alpen-hq")]);
      expect(await inApp("alpen-muc")).toHaveLength(0);
    } finally {
      await db.updateTable("users").set({ deactivated_at: null }).where("username", "=", "alpen-muc").execute();
    }
  });

  it("a user who switched off chargebacks gets none; their other categories still arrive", async () => {
    const prefs = effectivePreferences({ new_chargeback: { inApp: false, email: false, daily: false } });
    await savePreferences(db, idOf(ids.users, "alpen-muc"), prefs, NOW);
    const chargeback = await createCase("alpen-muc", "chargeback");
    const inquiry = await createCase("alpen-muc", "inquiry");
    await db.transaction().execute(async (trx) => {
      await notifyCase(trx, { kind: "new_case", caseId: chargeback.id }, { actorUserId: idOf(ids.users, "analyst"), now: NOW });
      await notifyCase(trx, { kind: "new_case", caseId: inquiry.id }, { actorUserId: idOf(ids.users, "analyst"), now: NOW });
    });
    await send();
    const toMuc = mock.posted.filter((p) => p.to === emailOf("alpen-muc"));
    expect(toMuc.map((p) => p.subject)).toEqual([`New inquiry ${inquiry.caseNumber}`]);
    expect(mock.posted.filter((p) => p.to === emailOf("alpen-hq"))).toHaveLength(2);
    expect((await inApp("alpen-muc")).map((n) => n.message)).toEqual(["new_inquiry"]);
  });

  it("email only or in-app only, as the user chose", async () => {
    await savePreferences(
      db,
      idOf(ids.users, "alpen-muc"),
      effectivePreferences({ new_chargeback: { inApp: true, email: false, daily: false } }),
      NOW,
    );
    await savePreferences(
      db,
      idOf(ids.users, "alpen-hq"),
      effectivePreferences({ new_chargeback: { inApp: false, email: true, daily: false } }),
      NOW,
    );
    const c = await createCase("alpen-muc", "chargeback");
    await db.transaction().execute((trx) => notifyCase(trx, { kind: "new_case", caseId: c.id }, { actorUserId: null, now: NOW }));
    await send();
    expect(mock.posted.map((p) => p.to)).toEqual([emailOf("alpen-hq")]);
    expect(await inApp("alpen-muc")).toHaveLength(1);
    expect(await inApp("alpen-hq")).toHaveLength(0);
  });

  it("never tells users of their own change; a response for review reaches the analysts with a review link", async () => {
    const c = await createCase("alpen-muc", "inquiry");
    const eventId = await addEvent(c.id, {
      actor: idOf(ids.users, "alpen-muc"),
      type: "respond",
      from: "awaiting_response",
      to: "under_review",
    });
    await db
      .transaction()
      .execute((trx) =>
        notifyCase(
          trx,
          { kind: "case_update", caseId: c.id, caseEventId: eventId },
          { actorUserId: idOf(ids.users, "alpen-muc"), now: NOW },
        ),
      );
    expect(await inApp("alpen-muc")).toHaveLength(0);
    expect((await inApp("alpen-hq")).map((n) => n.link)).toEqual([`/disputes/${c.caseNumber}`]);
    expect((await inApp("analyst")).map((n) => n.link)).toEqual([`/review/${c.caseNumber}`]);
    await send();
    expect(mock.posted.map((p) => p.to).sort()).toEqual([emailOf("alpen-hq"), emailOf("analyst")]);
    const toAnalyst = mock.posted.find((p) => p.to === emailOf("analyst"))!;
    expect(toAnalyst.subject).toBe(`${c.caseNumber}: A response was submitted and awaits review`);
    expect(toAnalyst.text).toContain(`${getEnv().APP_URL}/review/${c.caseNumber}`);
    expect(toAnalyst.idempotencyKey).toBe(`case-event:${eventId}:user:${idOf(ids.users, "analyst")}`);
  });

  it("a decision reaches the merchant in their language, with the analyst's note, and shows as unread until read", async () => {
    await db.updateTable("users").set({ locale: "de" }).where("id", "=", idOf(ids.users, "alpen-muc")).execute();
    const c = await createCase("alpen-muc", "chargeback");
    const eventId = await addEvent(c.id, {
      actor: idOf(ids.users, "analyst"),
      type: "decide",
      from: "under_review",
      to: "closed",
      outcome: "won",
      details: { note: "Receipt <signed> & valid" },
    });
    await db
      .transaction()
      .execute((trx) =>
        notifyCase(trx, { kind: "case_update", caseId: c.id, caseEventId: eventId }, { actorUserId: idOf(ids.users, "analyst"), now: NOW }),
      );
    expect(await inApp("analyst")).toHaveLength(0);
    await send();
    const toMuc = mock.posted.find((p) => p.to === emailOf("alpen-muc"))!;
    expect(toMuc.subject).toBe(`${c.caseNumber}: Entscheidung: gewonnen, die Rückbelastung wird erstattet`);
    expect(toMuc.text).toContain("Receipt <signed> & valid");
    expect(toMuc.html).toContain("Receipt &lt;signed&gt; &amp; valid");
    // A closed case has no respond-by to show.
    expect(toMuc.text).not.toContain("Antworten bis");
    const toHq = mock.posted.find((p) => p.to === emailOf("alpen-hq"))!;
    expect(toHq.subject).toBe(`${c.caseNumber}: Decision: won, the chargeback is reversed`);

    const muc = idOf(ids.users, "alpen-muc");
    expect(await countUnread(db, muc)).toBe(1);
    const page = await listNotifications(db, muc, { category: null, before: null, limit: 20 });
    // Someone else cannot mark it read.
    expect(await markRead(db, idOf(ids.users, "alpen-hq"), itemAt(page.rows, 0).id, NOW)).toBe(false);
    expect(await countUnread(db, muc)).toBe(1);
    expect(await markRead(db, muc, itemAt(page.rows, 0).id, NOW)).toBe(true);
    expect(await countUnread(db, muc)).toBe(0);
  });

  it("is written in the caller's transaction: a change rolled back leaves no notification and no email", async () => {
    const c = await createCase("alpen-muc", "chargeback");
    await expect(
      db.transaction().execute(async (trx) => {
        await notifyCase(trx, { kind: "new_case", caseId: c.id }, { actorUserId: null, now: NOW });
        throw new Error("the change failed after notifying");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.selectFrom("notifications").selectAll().execute()).toHaveLength(0);
    expect(await db.selectFrom("email_outbox").selectAll().execute()).toHaveLength(0);
  });

  it("refuses an event that belongs to another case", async () => {
    const a = await createCase("alpen-muc", "inquiry");
    const b = await createCase("noord-ams", "inquiry");
    const eventOfB = await addEvent(b.id, {
      actor: idOf(ids.users, "noord-ams"),
      type: "respond",
      from: "awaiting_response",
      to: "under_review",
    });
    await expect(
      notifyCase(db, { kind: "case_update", caseId: a.id, caseEventId: eventOfB }, { actorUserId: null, now: NOW }),
    ).rejects.toThrow(/no event/);
    await expect(notifyCase(db, { kind: "new_case", caseId: 999_999 }, { actorUserId: null, now: NOW })).rejects.toThrow(/no case/);
  });
});

describe("urgent cases", () => {
  it("the urgent-window notice arrives once per case and window, even when reported twice (a deadline job run twice)", async () => {
    const c = await createCase("noord-ams", "inquiry", "2026-11-25T22:59:59.999Z");
    for (let run = 0; run < 2; run++) {
      await db
        .transaction()
        .execute((trx) => notifyCase(trx, { kind: "urgent", caseId: c.id, reason: "window" }, { actorUserId: null, now: NOW }));
    }
    expect(await inApp("noord-ams")).toHaveLength(1);
    expect(await inApp("noord-hq")).toHaveLength(1);
    await send();
    expect(await send()).toMatchObject({ claimed: 0 });
    expect(mock.posted.map((p) => p.to).sort()).toEqual([emailOf("noord-hq"), emailOf("noord-ams")].sort());
    expect(itemAt(mock.posted, 0).subject).toBe(`Urgent: ${c.caseNumber} is due by 25 November 2026, 23:59 (Europe/Amsterdam)`);

    // A request for more information sets a new respond-by: that is a new window, and a new notice.
    await db.updateTable("cases").set({ respond_by: "2026-12-05T22:59:59.999Z" }).where("id", "=", c.id).execute();
    await db
      .transaction()
      .execute((trx) => notifyCase(trx, { kind: "urgent", caseId: c.id, reason: "window" }, { actorUserId: null, now: NOW }));
    expect(await inApp("noord-ams")).toHaveLength(2);
  });

  it("the deadline job's urgent notice is sent once even if the job runs twice, or twice at once", async () => {
    // Due in two days (Amsterdam): inside the 3-day urgent window.
    const c = await createCase("noord-ams", "chargeback", "2026-11-25T22:59:59.999Z");
    await runDeadlineSweep(db, NOW);
    await runDeadlineSweep(db, new Date(NOW.getTime() + 60_000));
    await Promise.all([runDeadlineSweep(db, NOW), runDeadlineSweep(db, NOW)]);
    const urgentFor = async (username: string) => (await inApp(username)).filter((n) => n.case_id === c.id && n.category === "urgent");
    expect(await urgentFor("noord-ams")).toHaveLength(1);
    expect(await urgentFor("noord-hq")).toHaveLength(1);
    await send();
    await send();
    const posted = mock.posted.filter((p) => p.subject.includes(c.caseNumber));
    expect(posted.map((p) => p.to).sort()).toEqual([emailOf("noord-hq"), emailOf("noord-ams")].sort());
  });

  it("an analyst's urgent flag notifies once per flag", async () => {
    const c = await createCase("alpen-gap", "chargeback");
    const flag = await addEvent(c.id, {
      actor: idOf(ids.users, "analyst"),
      type: "flag_urgent",
      from: "awaiting_response",
      to: "awaiting_response",
    });
    await notifyCase(db, { kind: "urgent", caseId: c.id, reason: "flag" }, { actorUserId: idOf(ids.users, "analyst"), now: NOW });
    await notifyCase(db, { kind: "urgent", caseId: c.id, reason: "flag" }, { actorUserId: idOf(ids.users, "analyst"), now: NOW });
    // alpen-muc is assigned to München only: Garmisch's case goes to head office.
    expect(await inApp("alpen-muc")).toHaveLength(0);
    // The flag's timeline event is not announced a second time as a case update.
    await notifyCase(db, { kind: "case_update", caseId: c.id, caseEventId: flag }, { actorUserId: idOf(ids.users, "analyst"), now: NOW });
    const hq = await inApp("alpen-hq");
    expect(hq.map((n) => n.message)).toEqual(["urgent_flag"]);
  });
});

describe("the notification centre queries", () => {
  it("pages newest first with a cursor, filters by category, and marks all read", async () => {
    const hq = idOf(ids.users, "alpen-hq");
    for (let i = 0; i < 5; i++) {
      const c = await createCase("alpen-muc", i % 2 === 0 ? "inquiry" : "chargeback");
      await notifyCase(db, { kind: "new_case", caseId: c.id }, { actorUserId: null, now: NOW });
    }
    const first = await listNotifications(db, hq, { category: null, before: null, limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(itemAt(first.rows, 0).id).toBeGreaterThan(itemAt(first.rows, 1).id);
    const second = await listNotifications(db, hq, { category: null, before: first.nextCursor, limit: 2 });
    const third = await listNotifications(db, hq, { category: null, before: second.nextCursor, limit: 2 });
    expect(third.rows).toHaveLength(1);
    expect(third.nextCursor).toBeNull();
    const all = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id);
    expect(new Set(all).size).toBe(5);

    const chargebacks = await listNotifications(db, hq, { category: "new_chargeback", before: null, limit: 20 });
    expect(chargebacks.rows.map((r) => r.category)).toEqual(["new_chargeback", "new_chargeback"]);

    expect(await countUnread(db, hq)).toBe(5);
    expect(await markAllRead(db, hq, NOW)).toBe(5);
    expect(await countUnread(db, hq)).toBe(0);
    expect(await countUnread(db, idOf(ids.users, "alpen-muc"))).toBe(5);
  });
});

describe("daily digest", () => {
  it("collects the emails of daily categories into one email at 08:00 in the user's zone, once a day", async () => {
    const hq = idOf(ids.users, "alpen-hq");
    await savePreferences(
      db,
      hq,
      effectivePreferences({
        new_chargeback: { inApp: true, email: true, daily: true },
        urgent: { inApp: true, email: true, daily: true },
      }),
      NOW,
    );
    const first = await createCase("alpen-vie", "chargeback");
    const second = await createCase("alpen-muc", "chargeback", "2026-11-25T22:59:59.999Z");
    // 09:00 UTC on the 23rd is 10:00 in Berlin: after today's 08:00, so these wait for the 24th.
    await notifyCase(db, { kind: "new_case", caseId: first.id }, { actorUserId: null, now: NOW });
    await notifyCase(db, { kind: "urgent", caseId: second.id, reason: "window" }, { actorUserId: null, now: NOW });
    // No instant email for alpen-hq; alpen-muc (instant) got theirs; in-app is unchanged.
    const queued = await db.selectFrom("email_outbox").select(["to_address", "kind"]).execute();
    expect(queued.filter((q) => q.to_address === emailOf("alpen-hq"))).toEqual([]);
    expect(queued.filter((q) => q.to_address === emailOf("alpen-muc"))).toHaveLength(1);
    expect(await inApp("alpen-hq")).toHaveLength(2);

    expect(await sendDueDigests(db, new Date("2026-11-24T06:59:00Z"), "https://portal.example")).toEqual({ queued: 0, waiting: 1 });
    expect(await sendDueDigests(db, new Date("2026-11-24T07:00:00Z"), "https://portal.example")).toEqual({ queued: 1, waiting: 0 });
    // Run again (a second server, a cron run): nothing more.
    expect(await sendDueDigests(db, new Date("2026-11-24T07:05:00Z"), "https://portal.example")).toEqual({ queued: 0, waiting: 0 });

    await send(new Date("2026-11-24T07:06:00Z"));
    const digests = mock.posted.filter((p) => p.to === emailOf("alpen-hq"));
    expect(digests).toHaveLength(1);
    expect(itemAt(digests, 0).idempotencyKey).toBe(`digest:${hq}:2026-11-24`);
    expect(itemAt(digests, 0).subject).toBe("Your daily dispute summary, 24 November 2026 (2)");
    expect(itemAt(digests, 0).text).toContain(`New chargeback ${first.caseNumber}`);
    expect(itemAt(digests, 0).text).toContain(`https://portal.example/disputes/${second.caseNumber}`);
    expect(itemAt(digests, 0).text).toContain("Alpenblick Hotel Wien");

    // A notice after today's digest waits for tomorrow's.
    const third = await createCase("alpen-muc", "chargeback");
    await notifyCase(db, { kind: "new_case", caseId: third.id }, { actorUserId: null, now: new Date("2026-11-24T10:00:00Z") });
    expect((await sendDueDigests(db, new Date("2026-11-24T12:00:00Z"), "https://portal.example")).queued).toBe(0);
    expect((await sendDueDigests(db, new Date("2026-11-25T07:00:00Z"), "https://portal.example")).queued).toBe(1);
  });
});
