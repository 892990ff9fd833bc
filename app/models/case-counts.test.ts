import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openTestCase, useDisputesDatabase } from "../../tests/setup/disputes";
import { decideCase } from "~/services/disputes/decide.server";
import { runDeadlineSweep } from "~/services/disputes/deadline-sweep.server";
import { submitResponse } from "~/services/disputes/respond.server";
import { countCases, overviewByAccount, reviewQueue } from "./case-list.server";

// The counters beside the lists (case_counts, kept by the database with every case write) must
// say what counting the cases themselves says, after every kind of change a case goes through.

const T0 = new Date("2026-11-02T09:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-hq", "alpen-muc", "analyst"]);

/** The cases of an organisation per status, counted the slow way. */
async function countedPerStatus(organisationId: number, where: { type?: "inquiry" | "chargeback" } = {}) {
  const rows = await ctx.db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .where("accounts.organisation_id", "=", organisationId)
    .$if(where.type !== undefined, (q) => q.where("cases.type", "=", where.type!))
    .select(["cases.status", sql<number>`count(*)`.as("n")])
    .groupBy("cases.status")
    .execute();
  const counts = { awaiting_response: 0, under_review: 0, closed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Per account: open inquiries, open chargebacks, amount at risk, won, lost — the slow way. */
async function summedPerAccount(organisationId: number) {
  const rows = await ctx.db
    .selectFrom("accounts")
    .leftJoin("cases", "cases.account_id", "accounts.id")
    .where("accounts.organisation_id", "=", organisationId)
    .select([
      "accounts.id as accountId",
      sql<number>`coalesce(sum(case when cases.type = 'inquiry' and cases.status != 'closed' then 1 else 0 end), 0)`.as("openInquiries"),
      sql<number>`coalesce(sum(case when cases.type = 'chargeback' and cases.status != 'closed' then 1 else 0 end), 0)`.as(
        "openChargebacks",
      ),
      sql<number>`coalesce(sum(case when cases.status != 'closed' then cases.disputed_amount_minor else 0 end), 0)`.as("amountAtRiskMinor"),
      sql<number>`coalesce(sum(case when cases.outcome = 'won' then 1 else 0 end), 0)`.as("won"),
      sql<number>`coalesce(sum(case when cases.outcome in ('lost', 'expired') then 1 else 0 end), 0)`.as("lost"),
    ])
    .groupBy("accounts.id")
    .orderBy("accounts.id")
    .execute();
  return rows.map((r) => ({
    accountId: r.accountId,
    openInquiries: Number(r.openInquiries),
    openChargebacks: Number(r.openChargebacks),
    amountAtRiskMinor: Number(r.amountAtRiskMinor),
    won: Number(r.won),
    lost: Number(r.lost),
  }));
}

async function expectCountersRight(now: Date) {
  const hq = ctx.actors["alpen-hq"]!;
  const organisationId = hq.organisationId!;
  expect(await countCases(ctx.db, hq, {}, now)).toEqual(await countedPerStatus(organisationId));
  expect(await countCases(ctx.db, hq, { type: "chargeback" }, now)).toEqual(await countedPerStatus(organisationId, { type: "chargeback" }));
  const overview = (await overviewByAccount(ctx.db, hq, now, 3))
    .map(({ accountId, openInquiries, openChargebacks, amountAtRiskMinor, won, lost }) => ({
      accountId,
      openInquiries,
      openChargebacks,
      amountAtRiskMinor,
      won,
      lost,
    }))
    .sort((a, b) => a.accountId - b.accountId);
  expect(overview).toEqual(await summedPerAccount(organisationId));
  const underReview = await countedPerStatus(organisationId);
  const queue = await reviewQueue(ctx.db, ctx.actors.analyst!, { organisationId });
  expect(queue.total).toBe(underReview.under_review);
}

describe("status counts, overview and queue totals follow every case change", () => {
  it("opening, answering, accepting, deciding and the deadline job", async () => {
    const muc = ctx.ids.accounts["alpen-muc"]!;
    const merchant = ctx.actors["alpen-muc"]!;
    const analyst = ctx.actors.analyst!;
    const answered = await openTestCase(ctx.db, muc, "chargeback", { amountMinor: 30_000, documents: [], at: T0 });
    const accepted = await openTestCase(ctx.db, muc, "chargeback", { amountMinor: 40_000, documents: [], at: T0 });
    await openTestCase(ctx.db, muc, "inquiry", { amountMinor: 25_000, documents: [], at: T0 });
    await expectCountersRight(T0);
    expect((await countCases(ctx.db, ctx.actors["alpen-hq"]!, {}, T0)).awaiting_response).toBe(3);

    const answer = { comment: "Signed receipt", creditText: "", version: 1, attachments: [] };
    const at = new Date(T0.getTime() + 86_400_000);
    expect(await submitResponse(ctx.db, merchant, answered.caseNumber, { ...answer, accept: false }, at)).toMatchObject({
      ok: true,
      status: "under_review",
    });
    expect(await submitResponse(ctx.db, merchant, accepted.caseNumber, { ...answer, accept: true }, at)).toMatchObject({
      ok: true,
      status: "closed",
    });
    await expectCountersRight(at);

    expect(
      await decideCase(ctx.db, analyst, answered.caseNumber, { decision: "won", note: "Receipt holds", version: 2 }, at),
    ).toMatchObject({
      ok: true,
    });
    await expectCountersRight(at);

    // Long past every deadline: the inquiry closes without a reply and a chargeback follows it.
    const later = new Date(T0.getTime() + 90 * 86_400_000);
    await runDeadlineSweep(ctx.db, later);
    await expectCountersRight(later);
    const final = await countedPerStatus(ctx.actors["alpen-hq"]!.organisationId!);
    expect(final.closed).toBeGreaterThanOrEqual(3);
  });
});

describe("a case carries its account's organisation", () => {
  it("is filled in when a writer leaves it out, and refused when it is another organisation's", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { documents: [], at: T0 });
    const row = await ctx.db.selectFrom("cases").selectAll().where("id", "=", opened.id).executeTakeFirstOrThrow();
    expect(row.organisation_id).toBe(ctx.ids.organisations.alpen);
    await expect(
      ctx.db.updateTable("cases").set({ organisation_id: ctx.ids.organisations.noord! }).where("id", "=", opened.id).execute(),
    ).rejects.toThrow(/not the organisation of the account/);
    const { id: _id, case_number: _n, organisation_id: _o, transaction_id: _t, ...rest } = row;
    const tx = await ctx.db
      .insertInto("transactions")
      .values({
        account_id: row.account_id,
        occurred_at: T0.toISOString(),
        amount_minor: 1000,
        currency: "EUR",
        card_last4: "1111",
        network_reference: "ORG-FILL-1",
        description: "x",
        created_at: T0.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // A bulk loader's insert without the column, as raw SQL would do it.
    await ctx.db
      .insertInto("cases")
      .values({ ...rest, case_number: "INQ-2026-999991", transaction_id: tx.id } as never)
      .execute();
    const stored = await ctx.db
      .selectFrom("cases")
      .select("organisation_id")
      .where("case_number", "=", "INQ-2026-999991")
      .executeTakeFirstOrThrow();
    expect(stored.organisation_id).toBe(ctx.ids.organisations.alpen);
  });
});
