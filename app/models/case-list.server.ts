import { sql, type Expression, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import { isCaseNumber } from "~/domain/case-number";
import { OPEN_STATUSES, type CaseOutcome, type CaseStatus, type CaseType } from "~/domain/case-state";
import { isValidTimeZone, respondByFor } from "~/domain/deadlines";
import { accountScope, type Actor } from "~/domain/permissions";
import { decodeCursor as decodeParts, encodeCursor as encodeParts, isIsoInstant, positiveId } from "./cursor.server";
import { CASE_ROW_COLUMNS, type CaseFacts } from "./case.server";
import { accountVisibleTo, caseVisibleTo } from "./scope.server";

// The case lists: the merchant's /disputes list (keyset by respond-by, id), the per-location
// overview, and the analyst's review queue. Each walks an index in its sort order (migrations 0003
// and 2026-12-03-1001) and reads about a page of rows; counts come from the case_counts rows the
// database keeps with every case write. app/models/case-list.plans.test.ts holds every query to that.

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

/** A row of any case list (columns CASE_ROW_COLUMNS); the urgent flag as stored, 0 or 1. */
export type CaseListRow = Pick<
  CaseFacts,
  | "id"
  | "caseNumber"
  | "type"
  | "status"
  | "outcome"
  | "disputedAmountMinor"
  | "currency"
  | "reasonCode"
  | "reasonText"
  | "respondBy"
  | "accountName"
  | "timeZone"
  | "cardLast4"
> & { urgentFlag: number };

export function encodeCursor(c: Cursor): string {
  return encodeParts([c.respondBy, c.id]);
}

/** A cursor from a URL, or null when it is not one of ours (the list then starts at the top). */
export function decodeCursor(text: string | null): Cursor | null {
  const [respondBy, idText] = decodeParts(text, 2) ?? [];
  const id = positiveId(idText);
  if (!isIsoInstant(respondBy) || id === null) return null;
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

/** The end of the local day `days` from today in the zone where it ends last (now when none). */
function latestDueBound(zones: readonly string[], now: Date, days: number): string {
  const bounds = zones.map((zone) => respondByFor(now, zone, days).toISOString()).sort();
  return bounds.at(-1) ?? now.toISOString();
}

// Joins only accounts (the zone of the due filter): a count reads no more than it filters on.
function filtered(db: DB, actor: Actor, f: CaseListFilters, now: Date, zones: readonly string[], withStatus = true) {
  let q = db.selectFrom("cases").innerJoin("accounts", "accounts.id", "cases.account_id").where(caseVisibleTo(actor, "cases"));
  if (f.type) q = q.where("cases.type", "=", f.type);
  const status = withStatus ? f.status : undefined;
  // Not `in (open statuses)`: one inequality lets the (organisation, respond_by, id, status) index
  // give the order; an IN over the status column of the other index would need a sort.
  if (status === "open") q = q.where("cases.status", "!=", "closed");
  else if (status) q = q.where("cases.status", "=", status);
  if (f.outcomes && f.outcomes.length > 0) q = q.where("cases.outcome", "in", f.outcomes);
  if (f.accountId !== undefined) q = q.where("cases.account_id", "=", f.accountId);
  if (f.dueWithinDays !== undefined) {
    q = q
      .where("cases.status", "=", "awaiting_response")
      .where("cases.respond_by", ">=", now.toISOString())
      // The latest of the zones' bounds closes the index range; the per-zone test then decides.
      .where("cases.respond_by", "<=", latestDueBound(zones, now, f.dueWithinDays))
      .where(dueByEndOfLocalDay(zones, now, f.dueWithinDays, "accounts.time_zone", "cases.respond_by"));
  }
  if (f.overdue) q = q.where("cases.status", "=", "awaiting_response").where("cases.respond_by", "<", now.toISOString());
  const search = f.search?.trim();
  if (search) {
    const upper = search.toUpperCase();
    const byTransaction = (column: "card_last4" | "network_reference") =>
      q.where(
        "cases.transaction_id",
        "in",
        db.selectFrom("transactions").select("transactions.id").where(`transactions.${column}`, "=", search),
      );
    if (isCaseNumber(upper)) q = q.where("cases.case_number", "=", upper);
    else if (/^\d{4}$/.test(search)) q = byTransaction("card_last4");
    else q = byTransaction("network_reference");
  }
  return q;
}

export const PAGE_SIZE = 25;

function compareKeys(respondByA: string, idA: number, respondByB: string, idB: number): number {
  if (respondByA !== respondByB) return respondByA < respondByB ? -1 : 1;
  return idA - idB;
}

export async function listCases(
  db: DB,
  actor: Actor,
  f: CaseListFilters,
  cursor: Cursor | null,
  now: Date,
  /** The page's length: the list's 25, or the CSV export's larger keyset pages (same query). */
  pageSize: number = PAGE_SIZE,
): Promise<{ rows: CaseListRow[]; next: Cursor | null }> {
  const zones = f.dueWithinDays !== undefined ? await visibleTimeZones(db, actor) : [];
  // Open cases: one walk per open status, merged. A single walk in respond-by order with
  // `status != 'closed'` passes every closed case first (their respond-by lies in the past):
  // most of the scope's cases read before the first row of the page.
  const walks: (CaseListFilters["status"] | undefined)[] =
    f.status === "open" && f.dueWithinDays === undefined && !f.overdue && !f.search?.trim() ? [...OPEN_STATUSES] : [f.status];
  const pages = await Promise.all(
    walks.map((status) => {
      let q = filtered(db, actor, { ...f, status }, now, zones)
        .innerJoin("transactions", "transactions.id", "cases.transaction_id")
        .select([...CASE_ROW_COLUMNS]);
      if (cursor) {
        // A row-value comparison is an index range on both engines: page 21 costs what page 1 does.
        q = q.where((eb) => eb(eb.refTuple("cases.respond_by", "cases.id"), ">", eb.tuple(cursor.respondBy, cursor.id)));
      }
      return q
        .orderBy("cases.respond_by")
        .orderBy("cases.id")
        .limit(pageSize + 1)
        .execute();
    }),
  );
  // respond_by is always set, and written as toISOString() everywhere: text order is time order.
  const rows = pages.length === 1 ? pages[0]! : pages.flat().sort((a, b) => compareKeys(a.respondBy, a.id, b.respondBy, b.id));
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > pageSize && last ? { respondBy: last.respondBy, id: last.id } : null };
}

/**
 * Counts per status under the same filters (the status filter itself left out). Type, outcome and
 * account are columns of the case_counts rows: a sum over at most ~20 rows per account. The due,
 * overdue and search filters depend on the clock or on one case; those count the cases themselves,
 * through the same index ranges the list uses (awaiting cases due in a window, or a search hit).
 */
export async function countCases(db: DB, actor: Actor, f: CaseListFilters, now: Date): Promise<Record<CaseStatus, number>> {
  let rows: { status: CaseStatus; n: number }[];
  if (f.dueWithinDays === undefined && !f.overdue && !f.search?.trim()) {
    let q = db
      .selectFrom("case_counts")
      .select(["case_counts.status", sql<number>`sum(case_counts.cases)`.as("n")])
      .where(caseVisibleTo(actor, "case_counts"));
    if (f.type) q = q.where("case_counts.type", "=", f.type);
    if (f.outcomes && f.outcomes.length > 0) q = q.where("case_counts.outcome", "in", f.outcomes);
    if (f.accountId !== undefined) q = q.where("case_counts.account_id", "=", f.accountId);
    rows = await q.groupBy("case_counts.status").execute();
  } else {
    const zones = f.dueWithinDays !== undefined ? await visibleTimeZones(db, actor) : [];
    rows = await filtered(db, actor, f, now, zones, false)
      .select(["cases.status", sql<number>`count(*)`.as("n")])
      .groupBy("cases.status")
      .execute();
  }
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
 * `due` filter it links to), overdue, amount at risk, chargebacks won and lost. Open, at risk, won
 * and lost are sums of the case_counts rows; due soon and overdue depend on the clock, so they
 * count the awaiting cases due before the window ends (one index range: the overdue ones the
 * deadline job has not closed yet and those inside the window). */
export async function overviewByAccount(db: DB, actor: Actor, now: Date, windowDays: number): Promise<OverviewRow[]> {
  const nowIso = now.toISOString();
  const zones = await visibleTimeZones(db, actor);
  const open = sql<SqlBool>`case_counts.status in (${sql.join(OPEN_STATUSES)})`;
  const total = (cond: Expression<SqlBool>, column: "cases" | "amount_minor" = "cases") =>
    sql<number>`coalesce(sum(case when ${cond} then ${sql.ref(`case_counts.${column}`)} else 0 end), 0)`;
  const [accounts, totals, due] = await Promise.all([
    db
      .selectFrom("accounts")
      .select([
        "accounts.id as accountId",
        "accounts.name as accountName",
        "accounts.merchant_number as merchantNumber",
        "accounts.currency",
      ])
      .where(accountVisibleTo(actor, "accounts.id"))
      .orderBy("accounts.name")
      .orderBy("accounts.id")
      .execute(),
    db
      .selectFrom("case_counts")
      .where(caseVisibleTo(actor, "case_counts"))
      .select([
        "case_counts.account_id as accountId",
        total(sql<SqlBool>`case_counts.type = 'inquiry' and ${open}`).as("openInquiries"),
        total(sql<SqlBool>`case_counts.type = 'chargeback' and ${open}`).as("openChargebacks"),
        total(open, "amount_minor").as("amountAtRiskMinor"),
        total(sql<SqlBool>`case_counts.outcome = 'won'`).as("won"),
        total(sql<SqlBool>`case_counts.outcome in ('lost', 'expired')`).as("lost"),
      ])
      .groupBy("case_counts.account_id")
      .execute(),
    zones.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom("cases")
          .innerJoin("accounts", "accounts.id", "cases.account_id")
          .where(caseVisibleTo(actor, "cases"))
          .where("cases.status", "=", "awaiting_response")
          .where("cases.respond_by", "<=", latestDueBound(zones, now, windowDays))
          .select([
            "cases.account_id as accountId",
            sql<number>`sum(case when cases.respond_by < ${nowIso} then 1 else 0 end)`.as("overdue"),
            sql<number>`sum(case when cases.respond_by >= ${nowIso} and ${dueByEndOfLocalDay(zones, now, windowDays, "accounts.time_zone", "cases.respond_by")} then 1 else 0 end)`.as(
              "dueSoon",
            ),
          ])
          .groupBy("cases.account_id")
          .execute(),
  ]);
  const totalsOf = new Map(totals.map((t) => [t.accountId, t]));
  const dueOf = new Map(due.map((d) => [d.accountId, d]));
  return accounts.map((a) => {
    const t = totalsOf.get(a.accountId);
    const d = dueOf.get(a.accountId);
    return {
      ...a,
      openInquiries: Number(t?.openInquiries ?? 0),
      openChargebacks: Number(t?.openChargebacks ?? 0),
      dueSoon: Number(d?.dueSoon ?? 0),
      overdue: Number(d?.overdue ?? 0),
      amountAtRiskMinor: Number(t?.amountAtRiskMinor ?? 0),
      won: Number(t?.won ?? 0),
      lost: Number(t?.lost ?? 0),
    };
  });
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
  if ((urgentText !== "0" && urgentText !== "1") || !isIsoInstant(at)) return null;
  if (id === null) return null;
  return { urgent: urgentText === "1" ? 1 : 0, lastResponseAt: at, id };
}

export const REVIEW_PAGE_SIZE = 50;

// Sorts before every response time; never a case's own (an instant both engines accept).
const NO_RESPONSE_YET = new Date(0).toISOString();

/**
 * Cases under review, oldest response first (flagged cases first on request), a page at a time
 * after `cursor`. Ordered by (urgent_flag desc,) last_response_at, id: indexes
 * cases_by_status_last_response and cases_by_status_urgent_last_response. The total comes from
 * the case_counts rows unless a reason or an amount narrows it (then the under-review cases are
 * counted without joins).
 */
export async function reviewQueue(
  db: DB,
  actor: Actor,
  f: ReviewFilters,
  cursor: ReviewCursor | null = null,
): Promise<{ rows: ReviewRow[]; total: number; next: ReviewCursor | null }> {
  const [total, page] = await Promise.all([reviewTotal(db, actor, f), reviewPage(db, actor, f, cursor)]);
  return { ...page, total };
}

/** One page of the queue after `cursor` without the total: the queue's pages and the CSV export's. */
export async function reviewPage(
  db: DB,
  actor: Actor,
  f: ReviewFilters,
  cursor: ReviewCursor | null,
  pageSize: number = REVIEW_PAGE_SIZE,
): Promise<{ rows: ReviewRow[]; next: ReviewCursor | null }> {
  let ordered = underReview(db, actor, f)
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .innerJoin("organisations", "organisations.id", "accounts.organisation_id")
    .innerJoin("transactions", "transactions.id", "cases.transaction_id")
    .select([...CASE_ROW_COLUMNS, "cases.last_response_at as lastResponseAt", "organisations.name as organisationName"]);
  if (cursor) {
    // A response time is always set under review (the state is entered by a response). A
    // row-value comparison on the bare columns, not coalesce(...), so the index range applies.
    ordered = ordered.where((eb) => {
      const after = eb(eb.refTuple("cases.last_response_at", "cases.id"), ">", eb.tuple(cursor.lastResponseAt, cursor.id));
      if (!f.urgentFirst) return after;
      // Flagged first: past the cursor within its flag, then (for flagged cursors) the unflagged.
      return cursor.urgent === 1
        ? eb.or([eb.and([eb("cases.urgent_flag", "=", 1), after]), eb("cases.urgent_flag", "=", 0)])
        : eb.and([eb("cases.urgent_flag", "=", 0), after]);
    });
  }
  if (f.urgentFirst) ordered = ordered.orderBy("cases.urgent_flag", "desc");
  const rows = await ordered
    .orderBy("cases.last_response_at")
    .orderBy("cases.id")
    .limit(pageSize + 1)
    .execute();
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  const next =
    rows.length > pageSize && last
      ? { urgent: last.urgentFlag === 1 ? (1 as const) : (0 as const), lastResponseAt: last.lastResponseAt ?? NO_RESPONSE_YET, id: last.id }
      : null;
  return { rows: page, next };
}

/** The visible cases under review that the queue's filters keep; no joins (the total counts these). */
function underReview(db: DB, actor: Actor, f: ReviewFilters) {
  let q = db.selectFrom("cases").where(caseVisibleTo(actor, "cases")).where("cases.status", "=", "under_review");
  if (f.type) q = q.where("cases.type", "=", f.type);
  if (f.reasonCode) q = q.where("cases.reason_code", "=", f.reasonCode);
  if (f.amount) {
    q = q.where("cases.currency", "=", f.amount.currency);
    if (f.amount.minMinor !== undefined) q = q.where("cases.disputed_amount_minor", ">=", f.amount.minMinor);
    if (f.amount.maxMinor !== undefined) q = q.where("cases.disputed_amount_minor", "<=", f.amount.maxMinor);
  }
  if (f.organisationId !== undefined) q = q.where("cases.organisation_id", "=", f.organisationId);
  return q;
}

async function reviewTotal(db: DB, actor: Actor, f: ReviewFilters): Promise<number> {
  if (f.reasonCode || f.amount) {
    const row = await underReview(db, actor, f)
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
  let q = db.selectFrom("case_counts").where(caseVisibleTo(actor, "case_counts")).where("case_counts.status", "=", "under_review");
  if (f.type) q = q.where("case_counts.type", "=", f.type);
  if (f.organisationId !== undefined) q = q.where("case_counts.organisation_id", "=", f.organisationId);
  const row = await q.select(sql<number>`coalesce(sum(case_counts.cases), 0)`.as("n")).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Reason codes, currencies and organisations of the cases an actor sees: the queue's filter choices. */
export async function reviewFilterChoices(
  db: DB,
  actor: Actor,
): Promise<{ reasons: string[]; currencies: string[]; organisations: { id: number; name: string }[] }> {
  const [reasons, currencies, organisations] = await Promise.all([
    // Every code the network has used (kept by a trigger): not a scan of all cases per request.
    // Only the disputes team sees every case; anyone else gets the codes of their own cases.
    accountScope(actor).kind === "all"
      ? db.selectFrom("case_reason_codes").select("reason_code").orderBy("reason_code").limit(200).execute()
      : db
          .selectFrom("cases")
          .select("reason_code")
          .distinct()
          .where(caseVisibleTo(actor, "cases"))
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
