import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { rebuildCaseStatistics } from "../../db/migrations/2026-12-03-1109-case-statistics";
import { openTestCase, useDisputesDatabase } from "../../tests/setup/disputes";
import { STATISTIC_COLUMNS } from "~/domain/analytics";
import { loadAnalytics } from "~/services/analytics.server";
import { decideCase } from "~/services/disputes/decide.server";
import { runDeadlineSweep } from "~/services/disputes/deadline-sweep.server";
import { submitResponse } from "~/services/disputes/respond.server";

// The monthly statistics rows (kept by the case model with every case write) must say what
// building them from the cases themselves says, after every kind of change a case goes through.

const T0 = new Date("2026-11-02T09:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-hq", "alpen-muc", "noord-hq", "analyst"]);

async function storedRows() {
  const rows = await ctx.db
    .selectFrom("case_statistics")
    .selectAll()
    .orderBy("account_id")
    .orderBy("month")
    .orderBy("reason_code")
    .orderBy("currency")
    .execute();
  return rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (STATISTIC_COLUMNS as readonly string[]).includes(k) ? Number(v) : v])),
  );
}

/** What the rows are, compared with the rows built from scratch out of the cases. */
async function expectStatisticsRight() {
  const kept = await storedRows();
  await rebuildCaseStatistics(ctx.db);
  expect(kept).toEqual(await storedRows());
  return kept;
}

/** Won chargebacks and cases of the organisation, counted the slow way from the cases. */
async function countedFromCases(organisationId: number) {
  const row = await ctx.db
    .selectFrom("cases")
    .where("organisation_id", "=", organisationId)
    .select([
      sql<number>`count(*)`.as("cases"),
      sql<number>`coalesce(sum(case when outcome = 'won' then 1 else 0 end), 0)`.as("won"),
      sql<number>`coalesce(sum(case when status <> 'closed' then disputed_amount_minor else 0 end), 0)`.as("atRisk"),
    ])
    .executeTakeFirstOrThrow();
  return { cases: Number(row.cases), won: Number(row.won), atRisk: Number(row.atRisk) };
}

describe("monthly statistics follow every case change", () => {
  it("opening, answering, accepting, deciding and the deadline job", async () => {
    const muc = ctx.ids.accounts["alpen-muc"]!;
    const merchant = ctx.actors["alpen-muc"]!;
    const analyst = ctx.actors.analyst!;
    const hq = ctx.actors["alpen-hq"]!;
    const answered = await openTestCase(ctx.db, muc, "chargeback", { amountMinor: 30_000, documents: [], at: T0 });
    const accepted = await openTestCase(ctx.db, muc, "chargeback", { amountMinor: 40_000, documents: [], at: T0 });
    const credited = await openTestCase(ctx.db, muc, "inquiry", { amountMinor: 12_500, documents: [], at: T0 });
    await openTestCase(ctx.db, muc, "inquiry", { amountMinor: 25_000, documents: [], at: T0 });
    // 23:30 UTC on 30 November is 00:30 on 1 December in Munich: a December case.
    const december = new Date("2026-11-30T23:30:00Z");
    await openTestCase(ctx.db, muc, "chargeback", { amountMinor: 1_000, documents: [], at: december });
    const rows = await expectStatisticsRight();
    expect(rows.map((r) => r.month).sort()).toEqual(["2026-11", "2026-12"]);

    const answer = { comment: "Signed receipt", creditText: "", version: 1, attachments: [] };
    const at = new Date(T0.getTime() + 86_400_000 + 1_500);
    expect(await submitResponse(ctx.db, merchant, answered.caseNumber, { ...answer, accept: false }, at)).toMatchObject({ ok: true });
    expect(await submitResponse(ctx.db, merchant, accepted.caseNumber, { ...answer, accept: true }, at)).toMatchObject({ ok: true });
    expect(
      await submitResponse(ctx.db, merchant, credited.caseNumber, { ...answer, creditText: "125.00", accept: false }, at),
    ).toMatchObject({ ok: true });
    await expectStatisticsRight();

    expect(
      await decideCase(ctx.db, analyst, answered.caseNumber, { decision: "won", note: "Receipt holds", version: 2 }, at),
    ).toMatchObject({
      ok: true,
    });
    await expectStatisticsRight();

    // Long past every deadline: the open inquiry closes without a reply and a chargeback follows it.
    const later = new Date(T0.getTime() + 90 * 86_400_000);
    await runDeadlineSweep(ctx.db, later);
    const final = await expectStatisticsRight();

    const slow = await countedFromCases(hq.organisationId!);
    const sum = (c: string) => final.reduce((n, r) => n + Number(r[c]), 0);
    expect(sum("inquiries") + sum("chargebacks")).toBe(slow.cases);
    expect(sum("won")).toBe(slow.won);
    expect(sum("open_minor")).toBe(slow.atRisk);
    expect(sum("won")).toBe(1);
    expect(sum("accepted")).toBe(1);
    expect(sum("no_reply")).toBeGreaterThanOrEqual(1);
    expect(sum("credit_issued")).toBe(1);
    expect(sum("credits_minor")).toBe(12_500);
    expect(sum("responses")).toBe(3);
    expect(sum("response_seconds")).toBe(3 * 86_401);

    // The overview reads the same figures for November; noord's head office sees none of them.
    const view = await loadAnalytics(ctx.db, hq, later, { period: "2026-11", sort: null, dir: null });
    const muenchen = view.locations.find((l) => l.accountId === muc)!;
    expect(muenchen.statistics.won).toBe(1);
    expect(view.perMonth.map((m) => m.month)).toEqual(["2026-11"]);
    expect(view.perMonth[0]!.inquiries).toBe(2);
    expect(view.overall.credits_minor).toBe(12_500);
    const noord = await loadAnalytics(ctx.db, ctx.actors["noord-hq"]!, later, { period: "365d", sort: null, dir: null });
    expect(noord.overall.inquiries + noord.overall.chargebacks).toBe(0);
    expect(noord.locations.map((l) => l.accountId)).not.toContain(muc);
  });
});
