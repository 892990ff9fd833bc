import { beforeAll, describe, expect, it } from "vitest";
import { openTestCase, useDisputesDatabase } from "../../tests/setup/disputes";
import {
  countCases,
  decodeReviewCursor,
  encodeReviewCursor,
  listCases,
  overviewByAccount,
  REVIEW_PAGE_SIZE,
  reviewFilterChoices,
  reviewQueue,
} from "./case-list.server";

const T0 = new Date("2026-11-02T09:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-hq", "harbor-hq", "analyst"]);
const actors = ctx.actors;

/** A case with the given status, respond-by, response time, amount and flag written directly. */
async function place(
  accountKey: string,
  set: {
    respondBy?: string;
    status?: "awaiting_response" | "under_review";
    lastResponseAt?: string;
    amountMinor?: number;
    urgent?: boolean;
    type?: "inquiry" | "chargeback";
  },
) {
  const opened = await openTestCase(ctx.db, ctx.ids.accounts[accountKey]!, set.type ?? "inquiry", {
    amountMinor: set.amountMinor,
    documents: [],
    at: T0,
  });
  await ctx.db
    .updateTable("cases")
    .set({
      ...(set.respondBy ? { respond_by: set.respondBy } : {}),
      ...(set.status ? { status: set.status } : {}),
      ...(set.lastResponseAt ? { last_response_at: set.lastResponseAt } : {}),
      ...(set.urgent ? { urgent_flag: 1 } : {}),
    })
    .where("id", "=", opened.id)
    .execute();
  return opened.caseNumber;
}

describe("due within N days: calendar days in each account's time zone", () => {
  // 20:00 UTC: 21:00 on 23 Nov in Munich, 15:00 on 23 Nov in Boston.
  const now = new Date("2026-11-23T20:00:00Z");
  let munichTomorrow: string;
  let bostonInTwoDays: string;

  beforeAll(async () => {
    // End of 24 Nov in Berlin (CET): 22:59:59.999 UTC, more than 24 hours after now.
    munichTomorrow = await place("alpen-muc", { respondBy: "2026-11-24T22:59:59.999Z" });
    // End of 25 Nov in New York (EST): 04:59:59.999 UTC on the 26th, more than 48 hours after now.
    bostonInTwoDays = await place("harbor-bos", { respondBy: "2026-11-26T04:59:59.999Z" });
  });

  it("counts a case due tomorrow (local) as due within 1 day, not within 0", async () => {
    const within1 = await listCases(ctx.db, actors["alpen-hq"]!, { dueWithinDays: 1 }, null, now);
    expect(within1.rows.map((r) => r.caseNumber)).toContain(munichTomorrow);
    const today = await listCases(ctx.db, actors["alpen-hq"]!, { dueWithinDays: 0 }, null, now);
    expect(today.rows.map((r) => r.caseNumber)).not.toContain(munichTomorrow);
    const counts = await countCases(ctx.db, actors["alpen-hq"]!, { dueWithinDays: 1 }, now);
    expect(counts.awaiting_response).toBeGreaterThanOrEqual(1);
  });

  it("due within 0 days lists a case due today (local), also when the urgent window is 0", async () => {
    // End of 23 Nov in Berlin (CET): 22:59:59.999 UTC, later today at `now`.
    const munichToday = await place("alpen-muc", { respondBy: "2026-11-23T22:59:59.999Z" });
    const today = await listCases(ctx.db, actors["alpen-hq"]!, { dueWithinDays: 0 }, null, now);
    expect(today.rows.map((r) => r.caseNumber)).toContain(munichToday);
    expect(today.rows.map((r) => r.caseNumber)).not.toContain(munichTomorrow);
  });

  it("uses the case's own zone: Boston's day after tomorrow is within 2 days, not 1", async () => {
    const within2 = await listCases(ctx.db, actors["harbor-hq"]!, { dueWithinDays: 2 }, null, now);
    expect(within2.rows.map((r) => r.caseNumber)).toContain(bostonInTwoDays);
    const within1 = await listCases(ctx.db, actors["harbor-hq"]!, { dueWithinDays: 1 }, null, now);
    expect(within1.rows.map((r) => r.caseNumber)).not.toContain(bostonInTwoDays);
  });

  it("the overview's due-soon column agrees with the filter it links to", async () => {
    const rows = await overviewByAccount(ctx.db, actors["harbor-hq"]!, now, 2);
    const bos = rows.find((r) => r.accountId === ctx.ids.accounts["harbor-bos"])!;
    const listed = await listCases(ctx.db, actors["harbor-hq"]!, { dueWithinDays: 2, accountId: bos.accountId }, null, now);
    expect(bos.dueSoon).toBe(listed.rows.length);
    expect(bos.dueSoon).toBeGreaterThanOrEqual(1);
  });
});

describe("review queue", () => {
  it("pages through every case under review, oldest response first, with a cursor", async () => {
    const base = Date.parse("2026-11-10T08:00:00Z");
    const placed: string[] = [];
    for (let i = 0; i < REVIEW_PAGE_SIZE + 5; i++) {
      // Two cases share each response time, so the id breaks ties across a page boundary.
      placed.push(
        await place("noord-ams", { status: "under_review", lastResponseAt: new Date(base + Math.floor(i / 2) * 60_000).toISOString() }),
      );
    }
    const seen: string[] = [];
    let cursor = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await reviewQueue(ctx.db, actors.analyst!, {}, cursor);
      seen.push(...page.rows.map((r) => r.caseNumber));
      expect(page.total).toBe(placed.length);
      if (!page.next) break;
      cursor = decodeReviewCursor(encodeReviewCursor(page.next));
    }
    expect(seen).toEqual(placed);
  });

  it("keeps flagged cases first across pages when asked", async () => {
    const flagged = await place("alpen-gap", { status: "under_review", lastResponseAt: "2026-11-20T08:00:00.000Z", urgent: true });
    const all: string[] = [];
    let cursor = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await reviewQueue(ctx.db, actors.analyst!, { urgentFirst: true }, cursor);
      all.push(...page.rows.map((r) => r.caseNumber));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(all[0]).toBe(flagged);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe((await reviewQueue(ctx.db, actors.analyst!, {})).total);
  });

  it("filters amounts within one currency, in that currency's minor units", async () => {
    const eur = await place("alpen-vie", { status: "under_review", lastResponseAt: "2026-11-21T08:00:00.000Z", amountMinor: 12_345 });
    const usd = await place("harbor-nyc", { status: "under_review", lastResponseAt: "2026-11-21T08:00:00.000Z", amountMinor: 12_345 });
    const page = await reviewQueue(ctx.db, actors.analyst!, { amount: { currency: "EUR", minMinor: 12_345, maxMinor: 12_345 } });
    expect(page.rows.map((r) => r.caseNumber)).toEqual([eur]);
    expect(page.rows.map((r) => r.caseNumber)).not.toContain(usd);
  });

  it("offers only what the actor sees as filter choices", async () => {
    const harbor = await reviewFilterChoices(ctx.db, actors["harbor-hq"]!);
    expect(harbor.currencies).toEqual(["USD"]);
    expect(harbor.organisations.map((o) => o.name)).toHaveLength(1);
    const analyst = await reviewFilterChoices(ctx.db, actors.analyst!);
    expect(analyst.currencies).toEqual(["EUR", "USD"]);
    expect(analyst.organisations.length).toBeGreaterThanOrEqual(3);
  });

  it("ignores cursors that are not ours", () => {
    for (const text of [
      "",
      "abc",
      Buffer.from("2|x|1").toString("base64url"),
      Buffer.from("1|2026-11-10T08:00:00.000Z|-1").toString("base64url"),
      // The shape of an instant but no real one (PostgreSQL would refuse it in the query).
      Buffer.from("1|2026-13-45T25:61:61.000Z|1").toString("base64url"),
      Buffer.from("1|2026-02-30T08:00:00.000Z|1").toString("base64url"),
      Buffer.from("1||1").toString("base64url"),
      "x".repeat(200),
    ]) {
      expect(decodeReviewCursor(text)).toBeNull();
    }
  });
});
