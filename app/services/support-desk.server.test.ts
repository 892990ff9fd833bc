import { beforeAll, describe, expect, it } from "vitest";
import { seedSupportDesk } from "../../db/demo/organisations";
import type { Actor } from "~/domain/permissions";
import { loadActor } from "~/models/user.server";
import { race } from "../../tests/setup/concurrent";
import { insertCharge, openTestCase, useDisputesDatabase } from "../../tests/setup/disputes";
import { actAsDesk, deleteTemplate, loadDeskQueue, loadDeskRequest, saveTemplate, type DeskAction } from "./support-desk.server";
import { fileRequest, loadRequestPage, type Filing } from "./support.server";

// The desk side of support (SPEC 9, issue 14 item 3) on a real migrated database.

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-05T10:00:00Z");
const ctx = useDisputesDatabase(T0, ["noord-ams", "noord-hq", "alpen-hq"]);
const desk: Record<string, Actor> = {};

beforeAll(async () => {
  await seedSupportDesk(ctx.db, ctx.ids, T0, () => Promise.resolve("not-a-real-hash"));
  for (const username of ["support-n1", "support-n2", "support-n3"]) {
    const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
    desk[username] = await loadActor(ctx.db, user);
  }
});

const filing = (over: Partial<Filing> = {}): Filing => ({
  category: "information",
  subject: "How do I download a statement?",
  description: "I cannot find the button.",
  replyChannel: "portal",
  caseNumber: "",
  accountId: null,
  locale: "en",
  ...over,
});

async function file(over: Partial<Filing> = {}, at = NOW): Promise<string> {
  const result = await fileRequest(ctx.db, ctx.actors["noord-ams"]!, filing(over), at);
  if (!result.ok) throw new Error(`filing refused: ${JSON.stringify(result)}`);
  return result.requestNumber;
}

async function versionOf(requestNumber: string): Promise<number> {
  const row = await ctx.db
    .selectFrom("support_requests")
    .select("version")
    .where("request_number", "=", requestNumber)
    .executeTakeFirstOrThrow();
  return row.version;
}

async function act(username: string, requestNumber: string, action: DeskAction, at = NOW) {
  return actAsDesk(ctx.db, desk[username]!, requestNumber, action, await versionOf(requestNumber), at);
}

const queueOf = async (username: string, queue: Parameters<typeof loadDeskQueue>[2], at = NOW) => {
  const result = await loadDeskQueue(ctx.db, desk[username]!, queue, null, at);
  if (!result.ok) throw new Error("queue refused");
  return result.page.rows.map((r) => r.requestNumber);
};

describe("who works on the desk", () => {
  it("refuses merchants, analysts and everyone without a desk seat", async () => {
    const number = await file();
    expect(await loadDeskQueue(ctx.db, ctx.actors["noord-hq"]!, "mine", null, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await loadDeskRequest(ctx.db, ctx.actors["noord-hq"]!, number, { templateId: null }, NOW)).toMatchObject({ status: 403 });
    expect(await actAsDesk(ctx.db, ctx.actors["noord-hq"]!, number, { kind: "take" }, 1, NOW)).toMatchObject({ status: 403 });
  });
});

describe("the queues and the request's way through the tiers", () => {
  it("runs from the tier-1 queue to a tier-2 solution; notes stay internal", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["noord-ams"]!, "chargeback", { at: T0 });
    const number = await file({ category: "complaint", caseNumber: opened.caseNumber, subject: "Chargeback lost unfairly" });

    expect(await queueOf("support-n1", "unassigned")).toContain(number);
    expect(await queueOf("support-n1", "tier")).toContain(number);
    const page = await loadDeskRequest(ctx.db, desk["support-n1"]!, number, { templateId: null }, NOW);
    expect(page.ok && page.page.linkedCase?.caseNumber).toBe(opened.caseNumber);

    expect(await act("support-n1", number, { kind: "take" })).toMatchObject({ ok: true });
    expect(await queueOf("support-n1", "mine")).toContain(number);
    expect(await queueOf("support-n1", "unassigned")).not.toContain(number);

    expect(await act("support-n1", number, { kind: "reply", body: "We are looking into it.", mode: "reply" })).toMatchObject({ ok: true });
    expect(await act("support-n1", number, { kind: "escalate", note: "Needs the scheme rules: tier 2 please." })).toMatchObject({
      ok: true,
    });
    const escalated = await ctx.db
      .selectFrom("support_requests")
      .select(["tier", "assigned_user_id", "status", "first_response_at"])
      .where("request_number", "=", number)
      .executeTakeFirstOrThrow();
    expect(escalated).toMatchObject({ tier: 2, assigned_user_id: null, status: "in_progress" });
    expect(escalated.first_response_at).not.toBeNull();
    // Tier 1 works its tier only: the escalated request has left its hands.
    expect(await queueOf("support-n1", "unassigned")).not.toContain(number);
    expect(await act("support-n1", number, { kind: "reply", body: "Still me", mode: "reply" })).toMatchObject({
      ok: false,
      problems: [{ key: "support.refusal.tier_too_low" }],
    });
    expect(await queueOf("support-n2", "unassigned")).toContain(number);

    expect(await act("support-n2", number, { kind: "take" })).toMatchObject({ ok: true });
    expect(await act("support-n2", number, { kind: "reply", body: "The decision stands; here is why.", mode: "solve" })).toMatchObject({
      ok: true,
    });

    const merchant = await loadRequestPage(ctx.db, ctx.actors["noord-ams"]!, number, NOW);
    if (!merchant.ok) throw new Error("merchant page refused");
    expect(merchant.page.request.status).toBe("solved");
    const bodies = merchant.page.messages.map((m) => m.body);
    expect(bodies).toContain("The decision stands; here is why.");
    expect(bodies).not.toContain("Needs the scheme rules: tier 2 please.");

    const onDesk = await loadDeskRequest(ctx.db, desk["support-n2"]!, number, { templateId: null }, NOW);
    if (!onDesk.ok) throw new Error("desk page refused");
    const note = onDesk.page.messages.find((m) => m.body === "Needs the scheme rules: tier 2 please.");
    expect(note?.visibility).toBe("internal");
    expect(onDesk.page.timeline.map((e) => e.eventType)).toEqual(["filed", "take", "reply", "escalate", "take", "solve"]);
  });

  it("refuses an escalation without a reason the state machine accepts, and a stale page", async () => {
    const number = await file({ subject: "Stale" });
    const version = await versionOf(number);
    expect(await actAsDesk(ctx.db, desk["support-n1"]!, number, { kind: "take" }, version, NOW)).toMatchObject({ ok: true });
    expect(await actAsDesk(ctx.db, desk["support-n1"]!, number, { kind: "note", body: "x" }, version, NOW)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await act("support-n1", number, { kind: "flag_management", note: "CTO" })).toMatchObject({
      ok: false,
      problems: [{ key: "support.refusal.not_top_tier" }],
    });
  });

  it("hands over only to an agent of the request's tier or above, and never past the limit", async () => {
    const number = await file({ subject: "Hand over" });
    expect(await act("support-n1", number, { kind: "take" })).toMatchObject({ ok: true });
    await act("support-n1", number, { kind: "escalate", note: "Technical" });
    await act("support-n2", number, { kind: "take" });
    const n1 = ctx.ids.users["support-n1"]!;
    const n3 = ctx.ids.users["support-n3"]!;
    expect(await act("support-n2", number, { kind: "hand_over", toUserId: n1, note: "" })).toMatchObject({
      ok: false,
      problems: [{ field: "toUserId", key: "support.refusal.target_tier_too_low" }],
    });
    await ctx.db.insertInto("settings").values({ key: "support.max_open_per_agent", value: "1", updated_at: NOW.toISOString() }).execute();
    try {
      const other = await file({ subject: "Keeps n3 busy" });
      await act("support-n3", other, { kind: "take" });
      expect(await act("support-n2", number, { kind: "hand_over", toUserId: n3, note: "" })).toMatchObject({
        ok: false,
        problems: [{ key: "support.refusal.agent_full" }],
      });
    } finally {
      await ctx.db.deleteFrom("settings").where("key", "=", "support.max_open_per_agent").execute();
    }
    expect(await act("support-n2", number, { kind: "hand_over", toUserId: n3, note: "You know this merchant" })).toMatchObject({
      ok: true,
    });
    const row = await ctx.db
      .selectFrom("support_requests")
      .select("assigned_user_id")
      .where("request_number", "=", number)
      .executeTakeFirstOrThrow();
    expect(row.assigned_user_id).toBe(n3);
  });

  it("shows requests close to their promise and past it, soonest first", async () => {
    // A complaint received 2026-09-01 is due 2026-11-01: broken at NOW; one received 2026-09-06 is due 2026-11-06: due soon.
    const broken = await file({ category: "complaint", subject: "Broken promise" }, new Date("2026-09-01T08:00:00Z"));
    const soon = await file({ category: "complaint", subject: "Soon" }, new Date("2026-09-06T08:00:00Z"));
    const later = await file({ category: "complaint", subject: "Later" }, new Date("2026-10-20T08:00:00Z"));
    const breached = await queueOf("support-n1", "breached");
    const dueSoon = await queueOf("support-n1", "due_soon");
    expect(breached).toContain(broken);
    expect(breached).not.toContain(soon);
    expect(dueSoon).toContain(soon);
    expect(dueSoon).not.toContain(broken);
    expect(dueSoon).not.toContain(later);
    // Solving keeps nothing open in the promise queues.
    await act("support-n1", broken, { kind: "reply", body: "Sorry for the wait: solved.", mode: "solve" });
    expect(await queueOf("support-n1", "breached")).not.toContain(broken);
  });

  it("puts a phone request in the call-backs until the desk's first answer", async () => {
    const number = await file({ replyChannel: "phone", subject: "Call me" });
    expect(await queueOf("support-n1", "callbacks")).toContain(number);
    await act("support-n1", number, { kind: "reply", body: "Called back, all clear.", mode: "reply" });
    expect(await queueOf("support-n1", "callbacks")).not.toContain(number);
  });

  it("pages a queue by keyset without repeating or skipping a request", async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 27; i += 1) numbers.push(await file({ subject: `Paged ${i}` }, new Date(NOW.getTime() + 60_000 + i)));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const result = await loadDeskQueue(ctx.db, desk["support-n1"]!, "unassigned", cursor, new Date(NOW.getTime() + 3_600_000));
      if (!result.ok) throw new Error("queue refused");
      seen.push(...result.page.rows.map((r) => r.requestNumber));
      cursor = result.page.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(numbers));
    expect(seen.slice(-27)).toEqual(numbers);
  });
});

describe("reply templates", () => {
  it("fill the request's facts into the reply, in the merchant's language", async () => {
    const created = await saveTemplate(
      ctx.db,
      desk["support-n1"]!,
      { locale: "en", name: "Thanks", body: "Dear {merchantName}, about {requestNumber}:", id: null, version: null },
      NOW,
    );
    if (!created.ok) throw new Error("template refused");
    await saveTemplate(
      ctx.db,
      desk["support-n1"]!,
      { locale: "de", name: "Danke", body: "Hallo {merchantName}", id: null, version: null },
      NOW,
    );
    const number = await file({ subject: "Template" });
    const page = await loadDeskRequest(ctx.db, desk["support-n1"]!, number, { templateId: created.id }, NOW);
    if (!page.ok) throw new Error("page refused");
    expect(page.page.templates.map((t) => t.name)).toEqual(["Thanks"]);
    const filer = await ctx.db.selectFrom("users").select("display_name").where("username", "=", "noord-ams").executeTakeFirstOrThrow();
    expect(page.page.draftReply).toBe(`Dear ${filer.display_name}, about ${number}:`);
  });

  it("refuses an unknown placeholder, a name used twice in one language, a stale edit; merchants may not keep them", async () => {
    const typo = await saveTemplate(
      ctx.db,
      desk["support-n1"]!,
      { locale: "en", name: "Typo", body: "Hi {merchant}", id: null, version: null },
      NOW,
    );
    expect(typo).toMatchObject({ ok: false, status: 400, problems: [{ field: "body", params: { names: "{merchant}" } }] });
    const first = await saveTemplate(
      ctx.db,
      desk["support-n1"]!,
      { locale: "nl", name: "Dank", body: "Dank u", id: null, version: null },
      NOW,
    );
    if (!first.ok) throw new Error("template refused");
    const twice = await saveTemplate(
      ctx.db,
      desk["support-n2"]!,
      { locale: "nl", name: "Dank", body: "Nogmaals", id: null, version: null },
      NOW,
    );
    expect(twice).toMatchObject({ ok: false, status: 409, problems: [{ field: "name" }] });
    const edit = await saveTemplate(
      ctx.db,
      desk["support-n2"]!,
      { locale: "nl", name: "Dank", body: "Hartelijk dank", id: first.id, version: 1 },
      NOW,
    );
    expect(edit).toMatchObject({ ok: true });
    const stale = await saveTemplate(
      ctx.db,
      desk["support-n1"]!,
      { locale: "nl", name: "Dank", body: "Oud", id: first.id, version: 1 },
      NOW,
    );
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(await deleteTemplate(ctx.db, ctx.actors["noord-hq"]!, first.id, 2)).toMatchObject({ ok: false, status: 403 });
    expect(await deleteTemplate(ctx.db, desk["support-n1"]!, first.id, 2)).toMatchObject({ ok: true });
  });
});

describe("two agents at once", () => {
  it("take one request: one gets it, the other is told it changed", { timeout: 120_000 }, async () => {
    const number = await file({ subject: "Raced" });
    const version = await versionOf(number);
    const answers = await race(ctx.location, [
      { kind: "deskTake", username: "support-n1", requestNumber: number, version, now: NOW.toISOString() },
      { kind: "deskTake", username: "support-n2", requestNumber: number, version, now: NOW.toISOString() },
    ]);
    const values = answers.map((a) => (a.ok ? a.value : a.error)) as { ok: boolean; status?: number }[];
    expect(values.filter((v) => v.ok)).toHaveLength(1);
    expect(values.filter((v) => !v.ok).map((v) => v.status)).toEqual([409]);
    const takes = await ctx.db
      .selectFrom("support_events")
      .innerJoin("support_requests", "support_requests.id", "support_events.request_id")
      .select("support_events.id")
      .where("support_requests.request_number", "=", number)
      .where("support_events.event_type", "=", "take")
      .execute();
    expect(takes).toHaveLength(1);
  });

  it("one agent taking two requests at the limit of one gets one of them", { timeout: 120_000 }, async () => {
    const a = await file({ subject: "Limit A" });
    const b = await file({ subject: "Limit B" });
    const n3 = ctx.ids.users["support-n3"]!;
    await ctx.db.updateTable("support_requests").set({ assigned_user_id: null }).where("assigned_user_id", "=", n3).execute();
    await ctx.db.insertInto("settings").values({ key: "support.max_open_per_agent", value: "1", updated_at: NOW.toISOString() }).execute();
    try {
      const answers = await race(ctx.location, [
        { kind: "deskTake", username: "support-n3", requestNumber: a, version: await versionOf(a), now: NOW.toISOString() },
        { kind: "deskTake", username: "support-n3", requestNumber: b, version: await versionOf(b), now: NOW.toISOString() },
      ]);
      const values = answers.map((x) => (x.ok ? x.value : x.error)) as { ok: boolean; problems?: { key: string }[] }[];
      expect(values.filter((v) => v.ok)).toHaveLength(1);
      expect(values.find((v) => !v.ok)?.problems?.[0]?.key).toBe("support.refusal.agent_full");
      const held = await ctx.db.selectFrom("support_requests").select("id").where("assigned_user_id", "=", n3).execute();
      expect(held).toHaveLength(1);
    } finally {
      await ctx.db.deleteFrom("settings").where("key", "=", "support.max_open_per_agent").execute();
    }
  });
});

describe("what a request is about", () => {
  it("links a statement and a transaction of the merchant's location, shown beside the request on the desk", async () => {
    const account = await ctx.db
      .selectFrom("accounts")
      .select(["id", "time_zone", "currency"])
      .where("id", "=", ctx.ids.accounts["noord-ams"]!)
      .executeTakeFirstOrThrow();
    const transactionId = await insertCharge(ctx.db, account, { at: NOW });
    const tx = await ctx.db
      .selectFrom("transactions")
      .select("network_reference")
      .where("id", "=", transactionId)
      .executeTakeFirstOrThrow();
    const statement = await ctx.db
      .insertInto("statements")
      .values({
        account_id: account.id,
        month: "2026-10",
        opens_at: "2026-09-30T22:00:00.000Z",
        closes_at: "2026-10-31T23:00:00.000Z",
        currency: account.currency,
        charges_minor: 0,
        credits_minor: 0,
        chargebacks_minor: 0,
        reversals_minor: 0,
        fees_minor: 0,
        net_minor: 0,
        delivered_on_paper: 0,
        generated_at: NOW.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const number = await file({
      subject: "Fee on the October statement",
      statementId: statement.id,
      transactionReference: tx.network_reference,
    });
    const page = await loadDeskRequest(ctx.db, desk["support-n1"]!, number, { templateId: null }, NOW);
    if (!page.ok) throw new Error("page refused");
    expect(page.page.linkedStatement?.month).toBe("2026-10");
    expect(page.page.linkedTransaction?.networkReference).toBe(tx.network_reference);
    const merchant = await loadRequestPage(ctx.db, ctx.actors["noord-ams"]!, number, NOW);
    expect(merchant.ok && merchant.page.statement).toEqual({ id: statement.id, month: "2026-10" });

    // Another organisation's statement or transaction is refused as unknown, with the field named.
    const foreign = await fileRequest(ctx.db, ctx.actors["alpen-hq"]!, filing({ statementId: statement.id }), NOW);
    expect(foreign).toMatchObject({ ok: false, status: 400, problems: [{ field: "statementId", key: "support.error.statementUnknown" }] });
    const foreignTx = await fileRequest(ctx.db, ctx.actors["alpen-hq"]!, filing({ transactionReference: tx.network_reference }), NOW);
    expect(foreignTx).toMatchObject({ ok: false, status: 400, problems: [{ field: "transactionReference" }] });
  });
});
