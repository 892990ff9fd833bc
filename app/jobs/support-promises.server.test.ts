import { beforeAll, describe, expect, it } from "vitest";
import { seedSupportDesk } from "../../db/demo/organisations";
import { openTestCase, useDisputesDatabase } from "../../tests/setup/disputes";
import { jobTwiceAtOnce, type JobAnswer } from "../../tests/setup/job-child-process";
import { fileRequest, type Filing } from "~/services/support.server";
import { runSupportPromises, type PromiseReport } from "./support-promises.server";

// The promise job (SPEC 9, issue 14 item 5) with an injected clock: warnings and breaches are
// recorded once each, on the timeline and to the desk, also when run twice or in two processes.

const T0 = new Date("2026-01-01T08:00:00Z");
const ctx = useDisputesDatabase(T0, ["noord-ams"]);
beforeAll(async () => {
  await seedSupportDesk(ctx.db, ctx.ids, T0, () => Promise.resolve("not-a-real-hash"));
});

const filing = (over: Partial<Filing> = {}): Filing => ({
  category: "complaint",
  subject: "Nobody answers",
  description: "Still waiting.",
  replyChannel: "portal",
  caseNumber: "",
  accountId: null,
  locale: "en",
  ...over,
});

async function file(at: Date, over: Partial<Filing> = {}): Promise<number> {
  const filed = await fileRequest(ctx.db, ctx.actors["noord-ams"]!, filing(over), at);
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const row = await ctx.db
    .selectFrom("support_requests")
    .select("id")
    .where("request_number", "=", filed.requestNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

const request = (id: number) => ctx.db.selectFrom("support_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const promiseOf = (details: string) => (JSON.parse(details) as { promise: string }).promise;
const events = (id: number) =>
  ctx.db
    .selectFrom("support_events")
    .select(["event_type", "details"])
    .where("request_id", "=", id)
    .where("event_type", "like", "promise_%")
    .orderBy("id")
    .execute();
const notices = (requestNumber: string) =>
  ctx.db
    .selectFrom("notifications")
    .select(["user_id", "category", "message", "link", "dedupe_key"])
    .where("link", "=", `/desk/${requestNumber}`)
    .orderBy("id")
    .execute();

describe("the complaint promise", () => {
  // complaintDueAt: two months later on the same day number, at the end of that Berlin day;
  // where the month is shorter, its last day (31 Dec → 28 Feb). 31 January → 31 March, 23:59:59.999
  // Berlin summer time (CEST from 29 March), i.e. 21:59:59.999Z.
  it("for a complaint received 31 January 10:00 Berlin is due at the end of 31 March", async () => {
    const id = await file(new Date("2026-01-31T09:00:00Z"));
    expect((await request(id)).resolve_by).toBe("2026-03-31T21:59:59.999Z");
    // Out of the way of the next tests, which run the job over the same dates.
    await ctx.db.updateTable("support_requests").set({ status: "closed" }).where("id", "=", id).execute();
  });

  it("warns once two Berlin days are left, breaches once past, each once", async () => {
    const id = await file(new Date("2026-01-31T09:00:00Z"), { subject: "Warn and breach" });
    const { request_number: number } = await request(id);
    const lead = ctx.ids.users["support-n1"]!;

    // 28 March: three days left.
    await runSupportPromises(ctx.db, new Date("2026-03-28T12:00:00Z"));
    expect(await events(id)).toEqual([]);

    // 29 March: two days left, a warning.
    const warnedAt = new Date("2026-03-29T12:00:00Z");
    await runSupportPromises(ctx.db, warnedAt);
    await runSupportPromises(ctx.db, new Date("2026-03-30T12:00:00Z"));
    expect((await request(id)).resolve_warned_at).toBe(warnedAt.toISOString());
    expect(await events(id)).toEqual([
      { event_type: "promise_warning", details: expect.stringContaining('"promise":"resolve"') as unknown },
    ]);

    // The last moment of 31 March is still in time.
    await runSupportPromises(ctx.db, new Date("2026-03-31T21:59:59.999Z"));
    expect((await request(id)).resolve_breached_at).toBeNull();

    const past = new Date("2026-03-31T22:00:00.000Z");
    const first = await runSupportPromises(ctx.db, past);
    const again = await runSupportPromises(ctx.db, new Date("2026-04-02T08:00:00Z"));
    expect(first).toMatchObject({ breached: 1 });
    expect(again).toMatchObject({ warned: 0, breached: 0 });
    expect((await request(id)).resolve_breached_at).toBe(past.toISOString());
    expect((await events(id)).map((e) => [e.event_type, promiseOf(e.details)])).toEqual([
      ["promise_warning", "resolve"],
      ["promise_breached", "resolve"],
    ]);
    expect(await notices(number)).toEqual([
      {
        user_id: lead,
        category: "support_promises",
        message: "support_promise_warning",
        link: `/desk/${number}`,
        dedupe_key: `support-promise:${id}:resolve:warning`,
      },
      {
        user_id: lead,
        category: "support_promises",
        message: "support_promise_breached",
        link: `/desk/${number}`,
        dedupe_key: `support-promise:${id}:resolve:breached`,
      },
    ]);
    // The acknowledgment was given at filing: that promise is kept and never marked.
    expect((await request(id)).acknowledge_breached_at).toBeNull();
  });

  it("leaves a complaint solved in time alone, and a request that is not a complaint", async () => {
    const solved = await file(new Date("2026-01-31T09:00:00Z"), { subject: "Solved" });
    await ctx.db
      .updateTable("support_requests")
      .set({ status: "solved", solved_at: "2026-03-01T10:00:00.000Z" })
      .where("id", "=", solved)
      .execute();
    const question = await file(new Date("2026-01-31T09:00:00Z"), { category: "information", subject: "A question" });
    await runSupportPromises(ctx.db, new Date("2026-04-15T12:00:00Z"));
    expect(await events(solved)).toEqual([]);
    expect(await events(question)).toEqual([]);
  });
});

describe("the acknowledgment promise", () => {
  it("breached tells the holder and the tier's lead; found late, it records the breach without a warning", async () => {
    const id = await file(new Date("2026-05-04T09:00:00Z"), { category: "incident", subject: "Unacknowledged" });
    const holder = ctx.ids.users["support-n2"]!;
    // As if the acknowledgment had failed, held by an agent of another tier.
    await ctx.db.updateTable("support_requests").set({ acknowledged_at: null, assigned_user_id: holder }).where("id", "=", id).execute();
    const { request_number: number, acknowledge_by: due } = await request(id);
    expect(due).toBe("2026-05-14T21:59:59.999Z");

    await runSupportPromises(ctx.db, new Date("2026-05-20T12:00:00Z"));
    expect((await events(id)).map((e) => [e.event_type, promiseOf(e.details)])).toEqual([["promise_breached", "acknowledge"]]);
    expect((await request(id)).acknowledge_warned_at).toBeNull();
    expect((await notices(number)).map((n) => n.user_id).sort()).toEqual([ctx.ids.users["support-n1"], holder].sort());
  });

  it("an answer given before the job runs leaves nothing to record", async () => {
    const id = await file(new Date("2026-06-01T09:00:00Z"), { category: "incident", subject: "Answered" });
    await ctx.db.updateTable("support_requests").set({ acknowledged_at: "2026-06-20T09:00:00.000Z" }).where("id", "=", id).execute();
    await runSupportPromises(ctx.db, new Date("2026-06-25T12:00:00Z"));
    expect(await events(id)).toEqual([]);
  });
});

describe("two job runs at once", () => {
  it("record each breach once, over two connections", { timeout: 120_000 }, async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["noord-ams"]!, "chargeback", { at: new Date("2026-07-01T08:00:00Z") });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await file(new Date("2026-07-01T09:00:00Z"), { subject: `Race ${i}`, caseNumber: i === 0 ? opened.caseNumber : "" }));
    const answers = await jobTwiceAtOnce<PromiseReport>("support-promises", new Date("2026-09-15T12:00:00Z"), "direct", {
      ...ctx.databaseEnv,
      DATA_DIR: ctx.dataDir,
    });
    const breached = answers.reduce((n, a: JobAnswer<PromiseReport>) => n + (a.result?.breached ?? 0), 0);
    expect(breached).toBe(5);
    for (const id of ids) {
      expect((await events(id)).map((e) => e.event_type)).toEqual(["promise_breached"]);
      expect(await notices((await request(id)).request_number)).toHaveLength(1);
    }
  });
});

describe("closing what the merchant left solved", () => {
  it("closes a solved request once its 14 days to reopen have passed, once", async () => {
    const id = await file(new Date("2026-05-04T08:00:00Z"), { category: "information", subject: "Solved and forgotten" });
    // Solved on 5 May, 10:00 Berlin: it may be reopened until the end of 19 May, Berlin time.
    await ctx.db
      .updateTable("support_requests")
      .set({ status: "solved", solved_at: "2026-05-05T08:00:00.000Z", first_response_at: "2026-05-05T08:00:00.000Z" })
      .where("id", "=", id)
      .execute();
    await runSupportPromises(ctx.db, new Date("2026-05-19T21:59:00Z"));
    expect((await request(id)).status).toBe("solved");
    const first = await runSupportPromises(ctx.db, new Date("2026-05-19T22:00:01Z"));
    expect(first.closed).toBeGreaterThanOrEqual(1);
    const closed = await request(id);
    expect(closed.status).toBe("closed");
    expect(closed.closed_at).not.toBeNull();
    await runSupportPromises(ctx.db, new Date("2026-05-20T10:00:00Z"));
    const closes = await ctx.db
      .selectFrom("support_events")
      .select("id")
      .where("request_id", "=", id)
      .where("event_type", "=", "close")
      .execute();
    expect(closes).toHaveLength(1);
  });
});
