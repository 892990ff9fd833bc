import { sql, type Kysely } from "kysely";
import { STATISTIC_COLUMNS, monthRange, monthsBetween, localMonth } from "../../app/domain/analytics";
import { onPostgres } from "./portable";

// The analytics of /overview (issue 11, SPEC 14) read monthly summary rows, never the cases: per
// account, local month of receipt, reason code and currency, what the cases received then add up
// to (app/domain/analytics.ts `contribution`). The case model keeps them in the transaction of
// every case write (insertCase, updateCaseIfVersion). Here they are built from the cases once.
export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable("case_statistics")
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("reason_code", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull());
  for (const column of STATISTIC_COLUMNS) {
    table = table.addColumn(column, onPostgres(db) ? "bigint" : "integer", (c) => c.notNull().defaultTo(0));
  }
  await table.addPrimaryKeyConstraint("case_statistics_pk", ["account_id", "month", "reason_code", "currency"]).execute();
  // A head office's period: one range of this index.
  await db.schema
    .createIndex("case_statistics_by_organisation_month")
    .on("case_statistics")
    .columns(["organisation_id", "month", "account_id"])
    .execute();
  await rebuildCaseStatistics(db);
}

/**
 * Builds every row from the cases (the migration, the demo seed, a bulk loader). Months are local:
 * for each time zone of the accounts, one grouped insert per month between its first and last case.
 */
export async function rebuildCaseStatistics(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("case_statistics").execute();
  const zones = await db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .select([
      "accounts.time_zone as timeZone",
      sql<string>`min(cases.received_at)`.as("first"),
      sql<string>`max(cases.received_at)`.as("last"),
    ])
    .groupBy("accounts.time_zone")
    .execute();
  // Whole epoch seconds of each instant, so the sum is what `responseSeconds` gives case by case.
  const seconds = onPostgres(db)
    ? sql`(extract(epoch from date_trunc('second', cases.last_response_at)) - extract(epoch from date_trunc('second', cases.received_at)))`
    : sql`(cast(strftime('%s', cases.last_response_at) as integer) - cast(strftime('%s', cases.received_at) as integer))`;
  const count = (cond: ReturnType<typeof sql>) => sql`sum(case when ${cond} then 1 else 0 end)`;
  const measures: Record<(typeof STATISTIC_COLUMNS)[number], ReturnType<typeof sql>> = {
    inquiries: count(sql`cases.type = 'inquiry'`),
    chargebacks: count(sql`cases.type = 'chargeback'`),
    open_cases: count(sql`cases.status <> 'closed'`),
    open_minor: sql`sum(case when cases.status <> 'closed' then cases.disputed_amount_minor else 0 end)`,
    won: count(sql`cases.status = 'closed' and cases.outcome = 'won'`),
    lost: count(sql`cases.status = 'closed' and cases.outcome = 'lost'`),
    expired: count(sql`cases.status = 'closed' and cases.outcome = 'expired'`),
    accepted: count(sql`cases.status = 'closed' and cases.outcome = 'accepted'`),
    no_reply: count(sql`cases.status = 'closed' and cases.outcome = 'no_reply'`),
    credit_issued: count(sql`cases.status = 'closed' and cases.outcome = 'credit_issued'`),
    resolved: count(sql`cases.status = 'closed' and cases.outcome = 'resolved'`),
    charged_back: count(sql`cases.status = 'closed' and cases.outcome = 'charged_back'`),
    credits_minor: sql`coalesce(sum(credits.credited_minor), 0)`,
    responses: count(sql`cases.last_response_at is not null`),
    response_seconds: sql`coalesce(sum(case when cases.last_response_at is not null then ${seconds} else 0 end), 0)`,
  };
  // Credits to cardholders, booked per case on the ledger (a partial one too).
  const credited = db
    .selectFrom("ledger_entries")
    .where("kind", "=", "credit")
    .where("case_id", "is not", null)
    .select(["case_id", sql`sum(amount_minor)`.as("credited_minor")])
    .groupBy("case_id");
  for (const zone of zones) {
    const timeZone = String(zone.timeZone);
    const from = localMonth(new Date(zone.first), timeZone);
    const to = localMonth(new Date(zone.last), timeZone);
    for (const month of monthsBetween(from, to)) {
      const { start, end } = monthRange(month, timeZone);
      await db
        .insertInto("case_statistics")
        .columns(["account_id", "organisation_id", "month", "reason_code", "currency", ...STATISTIC_COLUMNS])
        .expression(
          db
            .selectFrom("cases")
            .innerJoin("accounts", "accounts.id", "cases.account_id")
            .leftJoin(credited.as("credits"), "credits.case_id", "cases.id")
            .where("accounts.time_zone", "=", timeZone)
            .where("cases.received_at", ">=", start.toISOString())
            .where("cases.received_at", "<", end.toISOString())
            .select([
              "cases.account_id",
              "accounts.organisation_id",
              sql.lit(month).as("month"),
              "cases.reason_code",
              "cases.currency",
              ...STATISTIC_COLUMNS.map((c) => measures[c].as(c)),
            ])
            .groupBy(["cases.account_id", "accounts.organisation_id", "cases.reason_code", "cases.currency"]),
        )
        .execute();
    }
  }
}
