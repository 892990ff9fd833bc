import { sql, type Expression, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import { isCaseNumber } from "~/domain/case-number";
import { OPEN_STATUSES, type CaseOutcome, type CaseStatus, type CaseType } from "~/domain/case-state";
import { isValidTimeZone, respondByFor } from "~/domain/deadlines";
import type { Actor } from "~/domain/permissions";
import { decodeCursor as decodeParts, encodeCursor as encodeParts, ISO_INSTANT, positiveId } from "./cursor.server";
import { accountVisibleTo } from "./scope.server";

// The case lists: the merchant's /disputes list (keyset by respond-by, id), the per-location
// overview, and the analyst's review queue. Each is served by an index of migration 0003.

export interface CaseListFilters {
  type?: CaseType;
  status?: CaseStatus | "open";
  outcomes?: CaseOutcome[];
  accountId?: number;
  /**
   * Awaiting a response, not yet overdue, and due by the end of the calendar day N days from
   * today in the case's account time zone (0 = due today): what the countdown shows as
   * "due today" .. "N days left".
   */
  dueWithinDays?: number;
  /** Awaiting a response past its respond-by (until the deadline job closes it). */
  overdue?: boolean;
  /** A case number, the card's last four digits, or a network reference. */
  search?: string;
}

export interface Cursor {
  respondBy: string;
  id: number;
}

export interface CaseListRow {
  id: number;
  caseNumber: string;
  type: CaseType;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  disputedAmountMinor: number;
  currency: string;
  reasonCode: string;
  reasonText: string;
  respondBy: string;
  urgentFlag: number;
  accountName: string;
  timeZone: string;
  cardLast4: string;
}

// What a row of any case list shows (CaseListRow); queries join accounts and transactions.
const CASE_ROW_COLUMNS = [
  "cases.id",
  "cases.case_number as caseNumber",
  "cases.type",
  "cases.status",
  "cases.outcome",
  "cases.disputed_amount_minor as disputedAmountMinor",
  "cases.currency",
  "cases.reason_code as reasonCode",
  "cases.reason_text as reasonText",
  "cases.respond_by as respondBy",
  "cases.urgent_flag as urgentFlag",
  "accounts.name as accountName",
  "accounts.time_zone as timeZone",
  "transactions.card_last4 as cardLast4",
] as const;

export function encodeCursor(c: Cursor): string {
  return encodeParts([c.respondBy, c.id]);
}

/** A cursor from a URL, or null when it is not one of ours (the list then starts at the top). */
export function decodeCursor(text: string | null): Cursor | null {
  const [respondBy, idText] = decodeParts(text, 2) ?? [];
  const id = positiveId(idText);
  if (!respondBy || !ISO_INSTANT.test(respondBy) || id === null) return null;
  return { respondBy, id };
}

/** The time zones of the accounts an actor sees; calendar-day filters need one bound per zone. */
async function visibleTimeZones(db: DB, actor: Actor): Promise<string[]> {
  const rows = await db.selectFrom("accounts").select("time_zone").distinct().where(accountVisibleTo(actor, "accounts.id")).execute();
  return rows.map((r) => r.time_zone).filter(isValidTimeZone);
}

/**
 * respond_by <= end of the local day `days` days from today, per account time zone (0 = today;
 * not urgentUntil, whose window 0 means "no urgency by deadline"). SQL knows no zones, so each
 * zone gets its own precomputed UTC instant.
 */
function dueByEndOfLocalDay(zones: readonly string[], now: Date, days: number, zoneColumn: string, respondByColumn: string) {
  if (zones.length === 0) return sql<SqlBool>`1 = 0`;
  const parts = zones.map(
    (zone) =>
      sql<SqlBool>`(${sql.ref(zoneColumn)} = ${zone} and ${sql.ref(respondByColumn)} <= ${respondByFor(now, zone, days).toISOString()})`,
  );
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

function filtered(db: DB, actor: Actor, f: CaseListFilters, now: Date, zones: readonly string[], withStatus = true) {
  let q = db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .innerJoin("transactions", "transactions.id", "cases.transaction_id")
    .where(accountVisibleTo(actor, "cases.account_id"));
  if (f.type) q = q.where("cases.type", "=", f.type);
  const status = withStatus ? f.status : undefined;
  if (status === "open") q = q.where("cases.status", "in", OPEN_STATUSES);
  else if (status) q = q.where("cases.status", "=", status);
  if (f.outcomes && f.outcomes.length > 0) q = q.where("cases.outcome", "in", f.outcomes);
  if (f.accountId !== undefined) q = q.where("cases.account_id", "=", f.accountId);
  if (f.dueWithinDays !== undefined) {
    q = q
      .where("cases.status", "=", "awaiting_response")
      .where("cases.respond_by", ">=", now.toISOString())
      .where(dueByEndOfLocalDay(zones, now, f.dueWithinDays, "accounts.time_zone", "cases.respond_by"));
  }
  if (f.overdue) q = q.where("cases.status", "=", "awaiting_response").where("cases.respond_by", "<", now.toISOString());
  const search = f.search?.trim();
  if (search) {
    const upper = search.toUpperCase();
    if (isCaseNumber(upper)) q = q.where("cases.case_number", "=", upper);
    else if (/^\d{4}$/.test(search)) q = q.where("transactions.card_last4", "=", search);
    else q = q.where("transactions.network_reference", "=", search);
  }
  return q;
}

export const PAGE_SIZE = 25;

export async function listCases(
  db: DB,
  actor: Actor,
  f: CaseListFilters,
  cursor: Cursor | null,
  now: Date,
): Promise<{ rows: CaseListRow[]; next: Cursor | null }> {
  const zones = f.dueWithinDays !== undefined ? await visibleTimeZones(db, actor) : [];
  let q = filtered(db, actor, f, now, zones).select([...CASE_ROW_COLUMNS]);
  if (cursor) {
    q = q.where((eb) =>
      eb.or([
        eb("cases.respond_by", ">", cursor.respondBy),
        eb.and([eb("cases.respond_by", "=", cursor.respondBy), eb("cases.id", ">", cursor.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy("cases.respond_by")
    .orderBy("cases.id")
    .limit(PAGE_SIZE + 1)
    .execute();
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > PAGE_SIZE && last ? { respondBy: last.respondBy, id: last.id } : null };
}

/** Counts per status under the same filters (the status filter itself left out). */
export async function countCases(db: DB, actor: Actor, f: CaseListFilters, now: Date): Promise<Record<CaseStatus, number>> {
  const zones = f.dueWithinDays !== undefined ? await visibleTimeZones(db, actor) : [];
  const rows = await filtered(db, actor, f, now, zones, false)
    .select(["cases.status", sql<number>`count(*)`.as("n")])
    .groupBy("cases.status")
    .execute();
  const counts: Record<CaseStatus, number> = { awaiting_response: 0, under_review: 0, closed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export interface OverviewRow {
  accountId: number;
  accountName: string;
  merchantNumber: string;
  currency: string;
  openInquiries: number;
  openChargebacks: number;
  dueSoon: number;
  overdue: number;
  amountAtRiskMinor: number;
  won: number;
  lost: number;
}

/** Per visible location: open cases, due within the urgent window (calendar days, as the /disputes
 * `due` filter it links to), overdue, amount at risk, chargebacks won and lost. */
export async function overviewByAccount(db: DB, actor: Actor, now: Date, windowDays: number): Promise<OverviewRow[]> {
  const nowIso = now.toISOString();
  const dueSoon = dueByEndOfLocalDay(await visibleTimeZones(db, actor), now, windowDays, "accounts.time_zone", "c.respond_by");
  const open = sql<SqlBool>`c.status in (${sql.join(OPEN_STATUSES)})`;
  const count = (cond: Expression<SqlBool>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
  const rows = await db
    .selectFrom("accounts")
    .leftJoin("cases as c", "c.account_id", "accounts.id")
    .where(accountVisibleTo(actor, "accounts.id"))
    .select([
      "accounts.id as accountId",
      "accounts.name as accountName",
      "accounts.merchant_number as merchantNumber",
      "accounts.currency",
      count(sql<SqlBool>`c.type = 'inquiry' and ${open}`).as("openInquiries"),
      count(sql<SqlBool>`c.type = 'chargeback' and ${open}`).as("openChargebacks"),
      count(sql<SqlBool>`c.status = 'awaiting_response' and c.respond_by >= ${nowIso} and ${dueSoon}`).as("dueSoon"),
      count(sql<SqlBool>`c.status = 'awaiting_response' and c.respond_by < ${nowIso}`).as("overdue"),
      sql<number>`coalesce(sum(case when ${open} then c.disputed_amount_minor else 0 end), 0)`.as("amountAtRiskMinor"),
      count(sql<SqlBool>`c.outcome = 'won'`).as("won"),
      count(sql<SqlBool>`c.outcome in ('lost', 'expired')`).as("lost"),
    ])
    .groupBy("accounts.id")
    .orderBy("accounts.name")
    .execute();
  return rows.map((r) => ({
    ...r,
    openInquiries: Number(r.openInquiries),
    openChargebacks: Number(r.openChargebacks),
    dueSoon: Number(r.dueSoon),
    overdue: Number(r.overdue),
    amountAtRiskMinor: Number(r.amountAtRiskMinor),
    won: Number(r.won),
    lost: Number(r.lost),
  }));
}

export interface ReviewFilters {
  type?: CaseType;
  reasonCode?: string;
  /** Amount bounds compare minor units, so they hold only within one currency. */
  amount?: { currency: string; minMinor?: number; maxMinor?: number };
  organisationId?: number;
  urgentFirst?: boolean;
}

export interface ReviewRow extends CaseListRow {
  organisationName: string;
  lastResponseAt: string | null;
}

/** Position in the review queue: (flag, when the response came, id) of the last row shown. */
export interface ReviewCursor {
  urgent: 0 | 1;
  lastResponseAt: string;
  id: number;
}

export function encodeReviewCursor(c: ReviewCursor): string {
  return encodeParts([c.urgent, c.lastResponseAt, c.id]);
}

/** A review cursor from a URL, or null when it is not one of ours (the queue then starts at the top). */
export function decodeReviewCursor(text: string | null): ReviewCursor | null {
  const [urgentText, at, idText] = decodeParts(text, 3) ?? [];
  const id = positiveId(idText);
  if ((urgentText !== "0" && urgentText !== "1") || at === undefined || (at !== "" && !ISO_INSTANT.test(at))) return null;
  if (id === null) return null;
  return { urgent: urgentText === "1" ? 1 : 0, lastResponseAt: at, id };
}

export const REVIEW_PAGE_SIZE = 50;

/**
 * Cases under review, oldest response first (flagged cases first on request), a page at a time
 * after `cursor`. Ordered by (urgent_flag desc,) last_response_at, id: index cases_by_status_last_response.
 */
export async function reviewQueue(
  db: DB,
  actor: Actor,
  f: ReviewFilters,
  cursor: ReviewCursor | null = null,
): Promise<{ rows: ReviewRow[]; total: number; next: ReviewCursor | null }> {
  let q = db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .innerJoin("organisations", "organisations.id", "accounts.organisation_id")
    .innerJoin("transactions", "transactions.id", "cases.transaction_id")
    .where(accountVisibleTo(actor, "cases.account_id"))
    .where("cases.status", "=", "under_review");
  if (f.type) q = q.where("cases.type", "=", f.type);
  if (f.reasonCode) q = q.where("cases.reason_code", "=", f.reasonCode);
  if (f.amount) {
    q = q.where("cases.currency", "=", f.amount.currency);
    if (f.amount.minMinor !== undefined) q = q.where("cases.disputed_amount_minor", ">=", f.amount.minMinor);
    if (f.amount.maxMinor !== undefined) q = q.where("cases.disputed_amount_minor", "<=", f.amount.maxMinor);
  }
  if (f.organisationId !== undefined) q = q.where("accounts.organisation_id", "=", f.organisationId);
  const totalRow = await q.select(sql<number>`count(*)`.as("n")).executeTakeFirst();
  let ordered = q.select([...CASE_ROW_COLUMNS, "cases.last_response_at as lastResponseAt", "organisations.name as organisationName"]);
  if (cursor) {
    // A response time is always set under review; '' (before any ISO date) keeps a null in order.
    const at = sql<string>`coalesce(cases.last_response_at, '')`;
    ordered = ordered.where((eb) => {
      const after = eb.or([
        eb(at, ">", cursor.lastResponseAt),
        eb.and([eb(at, "=", cursor.lastResponseAt), eb("cases.id", ">", cursor.id)]),
      ]);
      return f.urgentFirst
        ? eb.or([eb("cases.urgent_flag", "<", cursor.urgent), eb.and([eb("cases.urgent_flag", "=", cursor.urgent), after])])
        : after;
    });
  }
  if (f.urgentFirst) ordered = ordered.orderBy("cases.urgent_flag", "desc");
  const rows = await ordered
    .orderBy("cases.last_response_at")
    .orderBy("cases.id")
    .limit(REVIEW_PAGE_SIZE + 1)
    .execute();
  const page = rows.slice(0, REVIEW_PAGE_SIZE);
  const last = page[page.length - 1];
  const next =
    rows.length > REVIEW_PAGE_SIZE && last
      ? { urgent: last.urgentFlag === 1 ? (1 as const) : (0 as const), lastResponseAt: last.lastResponseAt ?? "", id: last.id }
      : null;
  return { rows: page, total: Number(totalRow?.n ?? 0), next };
}

/** Reason codes, currencies and organisations of the cases an actor sees: the queue's filter choices. */
export async function reviewFilterChoices(
  db: DB,
  actor: Actor,
): Promise<{ reasons: string[]; currencies: string[]; organisations: { id: number; name: string }[] }> {
  const [reasons, currencies, organisations] = await Promise.all([
    db
      .selectFrom("cases")
      .select("reason_code")
      .distinct()
      .where(accountVisibleTo(actor, "cases.account_id"))
      .orderBy("reason_code")
      .limit(200)
      .execute(),
    db.selectFrom("accounts").select("currency").distinct().where(accountVisibleTo(actor, "accounts.id")).orderBy("currency").execute(),
    db
      .selectFrom("organisations")
      .select(["organisations.id", "organisations.name"])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("accounts")
            .select("accounts.id")
            .whereRef("accounts.organisation_id", "=", "organisations.id")
            .where(accountVisibleTo(actor, "accounts.id")),
        ),
      )
      .orderBy("organisations.name")
      .execute(),
  ]);
  return { reasons: reasons.map((r) => r.reason_code), currencies: currencies.map((c) => c.currency), organisations };
}
