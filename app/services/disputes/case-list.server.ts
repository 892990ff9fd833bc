import type { DB } from "../../../db/connection";
import { isCaseOutcome, isCaseStatus, isCaseType, type CaseOutcome, type CaseStatus, type CaseType } from "~/domain/case-state";
import { countdown, isUrgent, type Countdown } from "~/domain/deadlines";
import type { Actor } from "~/domain/permissions";
import { listVisibleAccountChoices } from "~/models/account.server";
import { countCases, decodeCursor, encodeCursor, listCases, type CaseListFilters, type CaseListRow } from "~/models/case-list.server";
import { urgentWindowDays } from "~/models/case.server";
import { withoutNul } from "~/utils/http.server";

// The merchant's /disputes page: the filtered list (earliest respond-by first, keyset-paged),
// the counts per status and the accounts to filter by, each row with its countdown and urgency.

export interface CaseListItem {
  caseNumber: string;
  type: CaseType;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  amountMinor: number;
  currency: string;
  reason: string;
  respondBy: string;
  timeZone: string;
  accountName: string;
  cardLast4: string;
  countdown: Countdown;
  urgent: boolean;
}

export interface CaseListView {
  accounts: { id: number; name: string; merchantNumber: string }[];
  counts: Record<CaseStatus, number>;
  rows: CaseListItem[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
  paged: boolean;
}

/** Filters from the query string; anything malformed is ignored rather than refused. */
export function caseListFiltersFrom(p: URLSearchParams): CaseListFilters {
  const f: CaseListFilters = {};
  const type = p.get("type");
  if (isCaseType(type)) f.type = type;
  const status = p.get("status");
  if (status === "open" || isCaseStatus(status)) f.status = status;
  // Without a status, the list shows open cases: what still needs doing, earliest deadline first.
  // Asking for an outcome, a search or "all" widens it to every case.
  else if (status !== "all" && !p.has("outcome") && !p.get("q")) f.status = "open";
  const outcomes = p.getAll("outcome").filter(isCaseOutcome);
  if (outcomes.length > 0) f.outcomes = outcomes;
  const account = p.get("account");
  if (account && /^\d{1,9}$/.test(account)) f.accountId = Number(account);
  const due = p.get("due");
  if (due && /^\d{1,3}$/.test(due) && Number(due) <= 365) f.dueWithinDays = Number(due);
  if (p.get("overdue") === "1") f.overdue = true;
  const q = p.get("q") && withoutNul(p.get("q")!).trim();
  if (q && q.length <= 64) f.search = q;
  return f;
}

function itemOf(r: CaseListRow, now: Date, windowDays: number): CaseListItem {
  const respondBy = new Date(r.respondBy);
  return {
    caseNumber: r.caseNumber,
    type: r.type,
    status: r.status,
    outcome: r.outcome,
    amountMinor: r.disputedAmountMinor,
    currency: r.currency,
    reason: `${r.reasonCode}: ${r.reasonText}`,
    respondBy: r.respondBy,
    timeZone: r.timeZone,
    accountName: r.accountName,
    cardLast4: r.cardLast4,
    countdown: countdown(respondBy, r.timeZone, now),
    urgent: isUrgent({ status: r.status, respondBy, urgentFlag: r.urgentFlag === 1, timeZone: r.timeZone }, now, windowDays),
  };
}

export async function loadCaseList(db: DB, actor: Actor, query: URLSearchParams, now: Date): Promise<CaseListView> {
  const filters = caseListFiltersFrom(query);
  const cursor = decodeCursor(query.get("cursor"));
  const [accounts, list, counts, windowDays] = await Promise.all([
    listVisibleAccountChoices(db, actor),
    listCases(db, actor, filters, cursor, now),
    countCases(db, actor, filters, now),
    urgentWindowDays(db),
  ]);
  return {
    accounts,
    counts,
    rows: list.rows.map((r) => itemOf(r, now, windowDays)),
    next: list.next ? encodeCursor(list.next) : null,
    paged: cursor !== null,
  };
}
