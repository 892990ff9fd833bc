import { sql, type Expression, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import type { CaseOutcome, CaseStatus, CaseType } from "~/domain/case-state";
import type { Actor } from "~/domain/permissions";
import { accountVisibleTo } from "./scope.server";

// The case lists: the merchant's /disputes list (keyset by respond-by, id), the per-location
// overview, and the analyst's review queue. Each is served by an index of migration 0003.

export interface CaseListFilters {
  type?: CaseType;
  status?: CaseStatus | "open";
  outcomes?: CaseOutcome[];
  accountId?: number;
  /** Awaiting a response and due between now and now + N days. */
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

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.respondBy}|${c.id}`, "utf8").toString("base64url");
}

/** A cursor from a URL, or null when it is not one of ours (the list then starts at the top). */
export function decodeCursor(text: string | null): Cursor | null {
  if (!text || text.length > 100) return null;
  const decoded = Buffer.from(text, "base64url").toString("utf8");
  const [respondBy, idText] = decoded.split("|");
  const id = Number(idText);
  if (!respondBy || !ISO.test(respondBy) || !Number.isSafeInteger(id) || id <= 0) return null;
  return { respondBy, id };
}

function filtered(db: DB, actor: Actor, f: CaseListFilters, now: Date, withStatus = true) {
  let q = db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .innerJoin("transactions", "transactions.id", "cases.transaction_id")
    .where(accountVisibleTo(actor, "cases.account_id"));
  if (f.type) q = q.where("cases.type", "=", f.type);
  const status = withStatus ? f.status : undefined;
  if (status === "open") q = q.where("cases.status", "in", ["awaiting_response", "under_review"]);
  else if (status) q = q.where("cases.status", "=", status);
  if (f.outcomes && f.outcomes.length > 0) q = q.where("cases.outcome", "in", f.outcomes);
  if (f.accountId !== undefined) q = q.where("cases.account_id", "=", f.accountId);
  if (f.dueWithinDays !== undefined) {
    const until = new Date(now.getTime() + f.dueWithinDays * 86_400_000).toISOString();
    q = q.where("cases.status", "=", "awaiting_response").where("cases.respond_by", ">=", now.toISOString()).where("cases.respond_by", "<=", until);
  }
  if (f.overdue) q = q.where("cases.status", "=", "awaiting_response").where("cases.respond_by", "<", now.toISOString());
  const search = f.search?.trim();
  if (search) {
    const upper = search.toUpperCase();
    if (/^(INQ|CB)-\d{4}-\d+$/.test(upper)) q = q.where("cases.case_number", "=", upper);
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
  let q = filtered(db, actor, f, now).select([
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
  ]);
  if (cursor) {
    q = q.where((eb) =>
      eb.or([
        eb("cases.respond_by", ">", cursor.respondBy),
        eb.and([eb("cases.respond_by", "=", cursor.respondBy), eb("cases.id", ">", cursor.id)]),
      ]),
    );
  }
  const rows = await q.orderBy("cases.respond_by").orderBy("cases.id").limit(PAGE_SIZE + 1).execute();
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > PAGE_SIZE && last ? { respondBy: last.respondBy, id: last.id } : null };
}

/** Counts per status under the same filters (the status filter itself left out). */
export async function countCases(db: DB, actor: Actor, f: CaseListFilters, now: Date): Promise<Record<CaseStatus, number>> {
  const rows = await filtered(db, actor, f, now, false)
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

/** Per visible location: open cases, deadlines, amount at risk, chargebacks won and lost. */
export async function overviewByAccount(db: DB, actor: Actor, now: Date, windowDays: number): Promise<OverviewRow[]> {
  const nowIso = now.toISOString();
  const soon = new Date(now.getTime() + windowDays * 86_400_000).toISOString();
  const open = sql<SqlBool>`c.status <> 'closed'`;
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
      count(sql<SqlBool>`c.status = 'awaiting_response' and c.respond_by >= ${nowIso} and c.respond_by <= ${soon}`).as("dueSoon"),
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
  minAmountMinor?: number;
  maxAmountMinor?: number;
  organisationId?: number;
  urgentFirst?: boolean;
}

export interface ReviewRow extends CaseListRow {
  organisationName: string;
  lastResponseAt: string | null;
}

export const REVIEW_LIMIT = 200;

/** Cases under review, oldest response first (optionally flagged cases first). */
export async function reviewQueue(db: DB, actor: Actor, f: ReviewFilters): Promise<{ rows: ReviewRow[]; total: number }> {
  let q = db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .innerJoin("organisations", "organisations.id", "accounts.organisation_id")
    .innerJoin("transactions", "transactions.id", "cases.transaction_id")
    .where(accountVisibleTo(actor, "cases.account_id"))
    .where("cases.status", "=", "under_review");
  if (f.type) q = q.where("cases.type", "=", f.type);
  if (f.reasonCode) q = q.where("cases.reason_code", "=", f.reasonCode);
  if (f.minAmountMinor !== undefined) q = q.where("cases.disputed_amount_minor", ">=", f.minAmountMinor);
  if (f.maxAmountMinor !== undefined) q = q.where("cases.disputed_amount_minor", "<=", f.maxAmountMinor);
  if (f.organisationId !== undefined) q = q.where("accounts.organisation_id", "=", f.organisationId);
  const totalRow = await q.select(sql<number>`count(*)`.as("n")).executeTakeFirst();
  let ordered = q.select([
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
    "cases.last_response_at as lastResponseAt",
    "accounts.name as accountName",
    "accounts.time_zone as timeZone",
    "organisations.name as organisationName",
    "transactions.card_last4 as cardLast4",
  ]);
  if (f.urgentFirst) ordered = ordered.orderBy("cases.urgent_flag", "desc");
  const rows = await ordered.orderBy("cases.last_response_at").orderBy("cases.id").limit(REVIEW_LIMIT).execute();
  return { rows, total: Number(totalRow?.n ?? 0) };
}

export async function reasonCodes(db: DB): Promise<string[]> {
  const rows = await db.selectFrom("cases").select("reason_code").distinct().orderBy("reason_code").limit(200).execute();
  return rows.map((r) => r.reason_code);
}
