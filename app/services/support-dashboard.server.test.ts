import { beforeAll, describe, expect, it } from "vitest";
import { seedSupportDesk } from "../../db/demo/organisations";
import { useDisputesDatabase } from "../../tests/setup/disputes";
import { loadActor } from "~/models/user.server";
import type { Actor } from "~/domain/permissions";
import type { SupportCategory, Tier } from "~/domain/support-request";
import { loadSupportDashboard } from "./support-dashboard.server";

// The desk's dashboard on a real database: the figures of a few requests placed around the
// period's Berlin-day edges.

const T0 = new Date("2026-10-01T08:00:00Z");
const NOW = new Date("2026-12-10T10:00:00Z");
const HOUR = 3_600_000;
const ctx = useDisputesDatabase(T0, ["noord-ams"]);
let agent: Actor;
let counter = 0;

async function seedRequest(r: {
  category: SupportCategory;
  tier: Tier;
  receivedAt: string;
  firstResponseAfterHours?: number;
  solvedAfterHours?: number;
  rating?: number;
  breached?: boolean;
}) {
  const received = new Date(r.receivedAt);
  const after = (hours?: number) => (hours === undefined ? null : new Date(received.getTime() + hours * HOUR).toISOString());
  counter += 1;
  await ctx.db
    .insertInto("support_requests")
    .values({
      request_number: `SR-2026-${String(900000 + counter)}`,
      organisation_id: ctx.ids.organisations["noord"]!,
      account_id: ctx.ids.accounts["noord-ams"]!,
      filed_by_user_id: ctx.ids.users["noord-ams"]!,
      category: r.category,
      status: r.solvedAfterHours === undefined ? "in_progress" : "solved",
      tier: r.tier,
      subject: "s",
      description: "d",
      reply_channel: "portal",
      locale: "en",
      case_id: null,
      assigned_user_id: null,
      received_at: received.toISOString(),
      acknowledge_by: new Date(received.getTime() + 240 * HOUR).toISOString(),
      acknowledged_at: received.toISOString(),
      resolve_by: r.category === "complaint" ? new Date(received.getTime() + 1400 * HOUR).toISOString() : null,
      first_response_at: after(r.firstResponseAfterHours),
      solved_at: after(r.solvedAfterHours),
      acknowledge_breached_at: r.breached ? NOW.toISOString() : null,
      resolve_breached_at: r.breached ? NOW.toISOString() : null,
      rating: r.rating ?? null,
      created_at: received.toISOString(),
      updated_at: received.toISOString(),
    })
    .execute();
}

beforeAll(async () => {
  await seedSupportDesk(ctx.db, ctx.ids, T0, () => Promise.resolve("not-a-real-hash"));
  const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", "support-n1").executeTakeFirstOrThrow();
  agent = await loadActor(ctx.db, user);
  await seedRequest({
    category: "information",
    tier: 1,
    receivedAt: "2026-11-02T09:00:00Z",
    firstResponseAfterHours: 2,
    solvedAfterHours: 10,
    rating: 4,
  });
  await seedRequest({
    category: "information",
    tier: 2,
    receivedAt: "2026-11-03T09:00:00Z",
    firstResponseAfterHours: 4,
    solvedAfterHours: 30,
    rating: 2,
  });
  await seedRequest({ category: "complaint", tier: 3, receivedAt: "2026-11-04T09:00:00Z", firstResponseAfterHours: 12, breached: true });
  await seedRequest({ category: "incident", tier: 1, receivedAt: "2026-11-05T09:00:00Z" });
  // 30 November 23:30 in Berlin: inside; 1 December 00:30 and 31 October 23:30 Berlin: outside.
  await seedRequest({ category: "change", tier: 1, receivedAt: "2026-11-30T22:30:00Z" });
  await seedRequest({ category: "change", tier: 1, receivedAt: "2026-11-30T23:30:00Z" });
  await seedRequest({ category: "change", tier: 1, receivedAt: "2026-10-31T22:30:00Z", rating: 1 });
});

const november = { from: "2026-11-01", to: "2026-11-30" };

describe("the support dashboard", () => {
  it("sums the period's requests per category", async () => {
    const result = await loadSupportDashboard(ctx.db, agent, november, NOW);
    if (!result.ok || !result.page.ok) throw new Error(JSON.stringify(result));
    const { dashboard } = result.page;
    const byCategory = Object.fromEntries(dashboard.byCategory.map((r) => [r.category, r.figures]));
    expect(byCategory.information).toEqual({
      received: 2,
      firstResponse: { median: 3 * HOUR, average: 3 * HOUR },
      resolution: { median: 20 * HOUR, average: 20 * HOUR },
      acknowledgeBreaches: 0,
      resolveBreaches: 0,
      ratings: 2,
      averageRating: 3,
    });
    expect(byCategory.complaint).toMatchObject({
      received: 1,
      firstResponse: { median: 12 * HOUR, average: 12 * HOUR },
      resolution: { median: null, average: null },
      acknowledgeBreaches: 1,
      resolveBreaches: 1,
      ratings: 0,
      averageRating: null,
    });
    expect(byCategory.change!.received).toBe(1);
    expect(byCategory.access!.received).toBe(0);
    expect(dashboard.total.received).toBe(5);
    // 2, 4 and 12 hours: median 4, average 6; the unanswered ones count in no time.
    expect(dashboard.total.firstResponse).toEqual({ median: 4 * HOUR, average: 6 * HOUR });
  });

  it("and per tier", async () => {
    const result = await loadSupportDashboard(ctx.db, agent, november, NOW);
    if (!result.ok || !result.page.ok) throw new Error(JSON.stringify(result));
    expect(
      result.page.dashboard.byTier.map((r) => [r.tier, r.figures.received, r.figures.firstResponse.median, r.figures.resolveBreaches]),
    ).toEqual([
      [1, 3, 2 * HOUR, 0],
      [2, 1, 4 * HOUR, 0],
      [3, 1, 12 * HOUR, 1],
    ]);
  });

  it("defaults to the last 30 Berlin days and refuses a period that cannot be one", async () => {
    const standard = await loadSupportDashboard(ctx.db, agent, { from: null, to: null }, NOW);
    expect(standard).toMatchObject({ ok: true, page: { ok: true, from: "2026-11-11", to: "2026-12-10" } });
    for (const [query, error] of [
      [{ from: "2026-02-30", to: "2026-03-01" }, "from_invalid"],
      [{ from: "2026-11-01", to: "yesterday" }, "to_invalid"],
      [{ from: "2026-11-30", to: "2026-11-01" }, "from_after_to"],
      [{ from: "2025-01-01", to: "2026-11-01" }, "too_long"],
    ] as const) {
      const result = await loadSupportDashboard(ctx.db, agent, query, NOW);
      expect(result).toMatchObject({ ok: true, page: { ok: false, errors: [error] } });
    }
  });

  it("is the desk's only", async () => {
    expect(await loadSupportDashboard(ctx.db, ctx.actors["noord-ams"]!, november, NOW)).toMatchObject({ ok: false, status: 403 });
  });
});
