import { beforeAll, describe, expect, it } from "vitest";
import type { CaseOutcomeColumn, CaseStatusColumn } from "../../db/schema";
import { openTestCase, useDisputesDatabase } from "../../tests/setup/disputes";
import { loadOverview, type OverviewLocation } from "./overview.server";

// /overview per location: open inquiries and chargebacks, overdue, amount at risk, won and lost.

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-10T15:00:00Z");
const ctx = useDisputesDatabase(T0, ["harbor-hq"]);

async function place(
  account: "harbor-bos" | "harbor-nyc",
  type: "inquiry" | "chargeback",
  amountMinor: number,
  set: { status: CaseStatusColumn; respondBy: string; outcome?: CaseOutcomeColumn },
) {
  const opened = await openTestCase(ctx.db, ctx.ids.accounts[account]!, type, { amountMinor, documents: [], at: T0 });
  await ctx.db
    .updateTable("cases")
    .set({ status: set.status, respond_by: set.respondBy, outcome: set.outcome ?? null })
    .where("id", "=", opened.id)
    .execute();
}

const PAST = "2026-11-09T04:59:59.999Z"; // end of 8 Nov in New York: overdue at NOW
const LATER = "2026-11-30T04:59:59.999Z";

beforeAll(async () => {
  // Boston: two overdue (one of each type), one awaiting later, one under review; closed ones of every outcome.
  await place("harbor-bos", "inquiry", 1_000, { status: "awaiting_response", respondBy: PAST });
  await place("harbor-bos", "chargeback", 2_000, { status: "awaiting_response", respondBy: PAST });
  await place("harbor-bos", "chargeback", 4_000, { status: "awaiting_response", respondBy: LATER });
  await place("harbor-bos", "inquiry", 8_000, { status: "under_review", respondBy: PAST });
  await place("harbor-bos", "chargeback", 16_000, { status: "closed", respondBy: PAST, outcome: "won" });
  await place("harbor-bos", "chargeback", 32_000, { status: "closed", respondBy: PAST, outcome: "won" });
  await place("harbor-bos", "chargeback", 64_000, { status: "closed", respondBy: PAST, outcome: "lost" });
  await place("harbor-bos", "chargeback", 128_000, { status: "closed", respondBy: PAST, outcome: "expired" });
  await place("harbor-bos", "inquiry", 256_000, { status: "closed", respondBy: PAST, outcome: "resolved" });
  await place("harbor-bos", "chargeback", 512_000, { status: "closed", respondBy: PAST, outcome: "accepted" });
  // New York: one under review only.
  await place("harbor-nyc", "chargeback", 300, { status: "under_review", respondBy: PAST });
});

describe("the overview", () => {
  it("counts overdue, amount at risk (open cases only) and won/lost (lost and expired) per location", async () => {
    const view = await loadOverview(ctx.db, ctx.actors["harbor-hq"]!, NOW);
    const byKey = (key: string): OverviewLocation => view.rows.find((r) => r.accountId === ctx.ids.accounts[key])!;
    expect(view.rows.map((r) => r.accountId).sort()).toEqual([ctx.ids.accounts["harbor-bos"], ctx.ids.accounts["harbor-nyc"]].sort());
    expect(byKey("harbor-bos")).toMatchObject({
      openInquiries: 2,
      openChargebacks: 2,
      overdue: 2,
      amountAtRiskMinor: 1_000 + 2_000 + 4_000 + 8_000,
      won: 2,
      lost: 2,
      currency: "USD",
    });
    expect(byKey("harbor-nyc")).toMatchObject({
      openInquiries: 0,
      openChargebacks: 1,
      overdue: 0,
      amountAtRiskMinor: 300,
      won: 0,
      lost: 0,
    });
    expect(view.handling).toBe("central");
  });
});
