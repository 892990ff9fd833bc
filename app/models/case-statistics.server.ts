import { sql, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import {
  STATISTIC_COLUMNS,
  contribution,
  difference,
  emptyStatistics,
  isZero,
  localMonth,
  type CaseFacts,
  type Statistics,
} from "~/domain/analytics";
import type { Actor } from "~/domain/permissions";
import { accountVisibleTo, caseVisibleTo } from "./scope.server";

// The monthly statistics rows behind /overview's analytics (migration 2026-12-03-1109). Written
// by the case model in the transaction of each case write; read per period, never the cases.

interface StoredCase {
  accountId: number;
  organisationId: number;
  timeZone: string;
  reasonCode: string;
  currency: string;
  facts: CaseFacts;
}

/** The case as its statistics see it (read inside the write's transaction). */
export async function caseForStatistics(db: DB, caseId: number): Promise<StoredCase | undefined> {
  const row = await db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .where("cases.id", "=", caseId)
    .select([
      "cases.account_id as accountId",
      "accounts.organisation_id as organisationId",
      "accounts.time_zone as timeZone",
      "cases.reason_code as reasonCode",
      "cases.currency",
      "cases.type",
      "cases.status",
      "cases.outcome",
      "cases.disputed_amount_minor as disputedAmountMinor",
      "cases.received_at as receivedAt",
      "cases.last_response_at as lastResponseAt",
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    accountId: row.accountId,
    organisationId: row.organisationId,
    timeZone: row.timeZone,
    reasonCode: row.reasonCode,
    currency: row.currency,
    facts: {
      type: row.type,
      status: row.status,
      outcome: row.outcome,
      disputedAmountMinor: Number(row.disputedAmountMinor),
      receivedAt: new Date(row.receivedAt),
      lastResponseAt: row.lastResponseAt === null ? null : new Date(row.lastResponseAt),
    },
  };
}

/** Adds what the change from `before` to `after` (either may be absent) does to the case's month row. */
export async function applyCaseStatistics(db: DB, before: StoredCase | undefined, after: StoredCase | undefined): Promise<void> {
  const at = after ?? before;
  if (!at) return;
  const delta = difference(after ? contribution(after.facts) : null, before ? contribution(before.facts) : null);
  if (isZero(delta)) return;
  await upsert(db, at, delta);
}

async function upsert(db: DB, at: StoredCase, delta: Statistics): Promise<void> {
  const set = Object.fromEntries(STATISTIC_COLUMNS.map((c) => [c, sql`${sql.ref(`case_statistics.${c}`)} + ${sql.ref(`excluded.${c}`)}`]));
  await db
    .insertInto("case_statistics")
    .values({
      account_id: at.accountId,
      organisation_id: at.organisationId,
      month: localMonth(at.facts.receivedAt, at.timeZone),
      reason_code: at.reasonCode,
      currency: at.currency,
      ...delta,
    })
    .onConflict((oc) => oc.columns(["account_id", "month", "reason_code", "currency"]).doUpdateSet(set))
    .execute();
}

/** A credit booked on a case's ledger: its month's credits grow by it. */
export async function addCreditToStatistics(db: DB, caseId: number, amountMinor: number): Promise<void> {
  const at = await caseForStatistics(db, caseId);
  if (!at || amountMinor === 0) return;
  await upsert(db, at, { ...emptyStatistics(), credits_minor: amountMinor });
}

const sums = STATISTIC_COLUMNS.map((c) => sql<number>`coalesce(sum(${sql.ref(`case_statistics.${c}`)}), 0)`.as(c));

function statisticsOf(row: Record<string, unknown>): Statistics {
  const s = emptyStatistics();
  for (const c of STATISTIC_COLUMNS) s[c] = Number(row[c] ?? 0);
  return s;
}

function visibleInPeriod(actor: Actor, from: string, to: string) {
  return sql<SqlBool>`${caseVisibleTo(actor, "case_statistics")} and case_statistics.month >= ${from} and case_statistics.month <= ${to}`;
}

/** Per month of the period (all visible accounts; money per currency). */
export async function statisticsByMonth(db: DB, actor: Actor, from: string, to: string) {
  const rows = await db
    .selectFrom("case_statistics")
    .where(visibleInPeriod(actor, from, to))
    .select(["case_statistics.month", "case_statistics.currency", ...sums])
    .groupBy(["case_statistics.month", "case_statistics.currency"])
    .execute();
  return rows.map((r) => ({ month: r.month, currency: r.currency, statistics: statisticsOf(r) }));
}

/** Per reason code over the period. */
export async function statisticsByReason(db: DB, actor: Actor, from: string, to: string) {
  const rows = await db
    .selectFrom("case_statistics")
    .where(visibleInPeriod(actor, from, to))
    .select(["case_statistics.reason_code as reasonCode", "case_statistics.currency", ...sums])
    .groupBy(["case_statistics.reason_code", "case_statistics.currency"])
    .execute();
  return rows.map((r) => ({ reasonCode: r.reasonCode, currency: r.currency, statistics: statisticsOf(r) }));
}

/** Per visible account over the period; accounts without cases in it get zeros. */
export async function statisticsByAccount(db: DB, actor: Actor, from: string, to: string) {
  const [accounts, rows] = await Promise.all([
    db
      .selectFrom("accounts")
      .select([
        "accounts.id as accountId",
        "accounts.name as accountName",
        "accounts.merchant_number as merchantNumber",
        "accounts.currency",
        "accounts.time_zone as timeZone",
      ])
      .where(accountVisibleTo(actor, "accounts.id"))
      .orderBy("accounts.name")
      .orderBy("accounts.id")
      .execute(),
    db
      .selectFrom("case_statistics")
      .where(visibleInPeriod(actor, from, to))
      .select(["case_statistics.account_id as accountId", ...sums])
      .groupBy("case_statistics.account_id")
      .execute(),
  ]);
  const of = new Map(rows.map((r) => [r.accountId, statisticsOf(r)]));
  return accounts.map((a) => ({ ...a, statistics: of.get(a.accountId) ?? emptyStatistics() }));
}

/** The accounts' zones (the period's month labels follow them). */
export async function visibleAccountZones(db: DB, actor: Actor): Promise<string[]> {
  const rows = await db.selectFrom("accounts").select("time_zone").distinct().where(accountVisibleTo(actor, "accounts.id")).execute();
  return rows.map((r) => r.time_zone);
}
