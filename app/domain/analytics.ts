// Analytics of /overview (SPEC 14): what one case adds to the monthly statistics rows, the period a
// head office chose, and the rates shown from summed rows. Pure: the services keep the rows in the
// transaction of every case write, the overview only sums them.

import { addMonths, subDays } from "date-fns";
import { TZDate } from "@date-fns/tz";
import type { CaseOutcome, CaseStatus, CaseType } from "./case-state";

/** The month a case counts under: the calendar month of receipt at the account ("2026-11"). */
export function localMonth(at: Date, timeZone: string): string {
  const local = new TZDate(at.getTime(), timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}`;
}

/** First instant of a local month, and of the month after it (the month's half-open range). */
export function monthRange(month: string, timeZone: string): { start: Date; end: Date } {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const start = new TZDate(year, mon - 1, 1, 0, 0, 0, 0, timeZone);
  return { start: new Date(start.getTime()), end: new Date(addMonths(start, 1).getTime()) };
}

export function nextMonth(month: string): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, "0")}`;
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to && months.length < 1200; m = nextMonth(m)) months.push(m);
  return months;
}

// --- What one case adds ---------------------------------------------------------------------------

export const STATISTIC_COLUMNS = [
  "inquiries",
  "chargebacks",
  "open_cases",
  "open_minor",
  "won",
  "lost",
  "expired",
  "accepted",
  "no_reply",
  "credit_issued",
  "resolved",
  "charged_back",
  "credits_minor",
  "responses",
  "response_seconds",
] as const;
export type StatisticColumn = (typeof STATISTIC_COLUMNS)[number];
export type Statistics = Record<StatisticColumn, number>;

export function emptyStatistics(): Statistics {
  return Object.fromEntries(STATISTIC_COLUMNS.map((c) => [c, 0])) as Statistics;
}

export interface CaseFacts {
  type: CaseType;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  disputedAmountMinor: number;
  receivedAt: Date;
  lastResponseAt: Date | null;
}

/**
 * Whole seconds from receipt to the (last) response: the difference of the two instants' epoch
 * seconds, which is what SQL gives on both engines when the rows are rebuilt.
 */
export function responseSeconds(receivedAt: Date, respondedAt: Date): number {
  return Math.floor(respondedAt.getTime() / 1000) - Math.floor(receivedAt.getTime() / 1000);
}

/**
 * A case's share of its month's row. Outcomes count once the case is closed. Credits are not a
 * fact of the case row (a partial credit leaves it under review): `credits_minor` grows with each
 * credit booked on the case's ledger (recordLedgerEntry), so a change of the case leaves it alone.
 */
export function contribution(c: CaseFacts): Statistics {
  const s = emptyStatistics();
  s[c.type === "inquiry" ? "inquiries" : "chargebacks"] = 1;
  if (c.status !== "closed") {
    s.open_cases = 1;
    s.open_minor = c.disputedAmountMinor;
  } else if (c.outcome !== null) {
    s[c.outcome] = 1;
  }
  if (c.lastResponseAt !== null) {
    s.responses = 1;
    s.response_seconds = responseSeconds(c.receivedAt, c.lastResponseAt);
  }
  return s;
}

/** after − before, column by column: what a change of a case does to its month's row. */
export function difference(after: Statistics | null, before: Statistics | null): Statistics {
  const d = emptyStatistics();
  for (const c of STATISTIC_COLUMNS) d[c] = (after?.[c] ?? 0) - (before?.[c] ?? 0);
  return d;
}

export function isZero(s: Statistics): boolean {
  return STATISTIC_COLUMNS.every((c) => s[c] === 0);
}

export function add(a: Statistics, b: Statistics): Statistics {
  const s = emptyStatistics();
  for (const c of STATISTIC_COLUMNS) s[c] = a[c] + b[c];
  return s;
}

// --- Rates ---------------------------------------------------------------------------------------

/**
 * Win rate (SPEC 14: chargebacks won ÷ decided): won ÷ (won + lost + expired). An expired
 * chargeback was lost for want of an answer, as in the overview's "lost" column; an accepted one
 * was never contested, so it is no decision. Null when nothing was decided.
 */
export function winRate(s: Pick<Statistics, "won" | "lost" | "expired">): number | null {
  const decided = s.won + s.lost + s.expired;
  return decided === 0 ? null : s.won / decided;
}

export function decided(s: Pick<Statistics, "won" | "lost" | "expired">): number {
  return s.won + s.lost + s.expired;
}

/** Closed cases nobody answered in time (an inquiry's no reply, a chargeback's expiry) ÷ closed cases. */
export function noReplyRate(s: Statistics): number | null {
  const closed = closedCases(s);
  return closed === 0 ? null : (s.no_reply + s.expired) / closed;
}

export function closedCases(s: Statistics): number {
  return s.won + s.lost + s.expired + s.accepted + s.no_reply + s.credit_issued + s.resolved + s.charged_back;
}

/** Average seconds from receipt to response over the cases answered; null when none was. */
export function averageResponseSeconds(s: Pick<Statistics, "responses" | "response_seconds">): number | null {
  return s.responses === 0 ? null : s.response_seconds / s.responses;
}

// --- The period ----------------------------------------------------------------------------------

export const ROLLING_PERIODS = ["30d", "90d", "365d"] as const;
export type Period = { kind: "rolling"; days: 30 | 90 | 365 } | { kind: "month"; month: string };
export const DEFAULT_PERIOD: Period = { kind: "rolling", days: 90 };

/** "30d", "90d", "365d" or a month "2026-11"; anything else is null (the caller says so and shows the default). */
export function parsePeriod(value: string | null): Period | null {
  if (value === null || value === "") return DEFAULT_PERIOD;
  if (value === "30d" || value === "90d" || value === "365d") return { kind: "rolling", days: Number(value.slice(0, -1)) as 30 | 90 | 365 };
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (m && Number(m[1]) >= 2000 && Number(m[1]) <= 2100) return { kind: "month", month: value };
  return null;
}

export function periodParam(p: Period): string {
  return p.kind === "month" ? p.month : `${p.days}d`;
}

/**
 * The months the statistics are read for. The rows are monthly, so a rolling period reads every
 * month it touches: the last 30 days on 10 December are November and December.
 */
export function periodMonths(p: Period, now: Date, timeZone: string): { from: string; to: string } {
  if (p.kind === "month") return { from: p.month, to: p.month };
  return { from: localMonth(subDays(now, p.days - 1), timeZone), to: localMonth(now, timeZone) };
}

/** The last `count` months up to now, newest first (the period menu). */
export function recentMonths(now: Date, timeZone: string, count: number): string[] {
  const to = localMonth(now, timeZone);
  const from = localMonth(addMonths(new TZDate(now.getTime(), timeZone), -(count - 1)), timeZone);
  return monthsBetween(from, to).reverse();
}

/** One zone for the period's month labels: the accounts' zone when they share one, else UTC. */
export function zoneOfAccounts(zones: readonly string[]): string {
  const distinct = new Set(zones);
  return distinct.size === 1 ? [...distinct][0]! : "UTC";
}

// --- The per-location table ----------------------------------------------------------------------

export const LOCATION_SORTS = [
  "location",
  "cases",
  "won",
  "decided",
  "winRate",
  "noReplyRate",
  "responseTime",
  "credits",
  "atRisk",
] as const;
export type LocationSort = (typeof LOCATION_SORTS)[number];
export type SortDirection = "asc" | "desc";

export interface LocationStatistics {
  accountId: number;
  accountName: string;
  merchantNumber: string;
  currency: string;
  statistics: Statistics;
}

export function parseSort(sort: string | null, dir: string | null): { sort: LocationSort; dir: SortDirection; valid: boolean } {
  const validSort = sort === null || sort === "" || (LOCATION_SORTS as readonly string[]).includes(sort);
  const validDir = dir === null || dir === "" || dir === "asc" || dir === "desc";
  const s = validSort && sort ? (sort as LocationSort) : "location";
  return { sort: s, dir: validDir && dir ? dir : s === "location" ? "asc" : "desc", valid: validSort && validDir };
}

function sortValue(row: LocationStatistics, sort: Exclude<LocationSort, "location">): number | null {
  const s = row.statistics;
  switch (sort) {
    case "cases":
      return s.inquiries + s.chargebacks;
    case "won":
      return s.won;
    case "decided":
      return decided(s);
    case "winRate":
      return winRate(s);
    case "noReplyRate":
      return noReplyRate(s);
    case "responseTime":
      return averageResponseSeconds(s);
    case "credits":
      return s.credits_minor;
    case "atRisk":
      return s.open_minor;
  }
}

/** Sorted by one column; rows without a figure (no decision yet) go last either way; ties by name, then id. */
export function sortLocations(rows: readonly LocationStatistics[], sort: LocationSort, dir: SortDirection): LocationStatistics[] {
  const byName = (a: LocationStatistics, b: LocationStatistics) =>
    a.accountName.localeCompare(b.accountName, "en") || a.accountId - b.accountId;
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort === "location") return sign * byName(a, b);
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byName(a, b);
  });
}

/** Sums per currency (money of different currencies is never added up). */
export function totalsByCurrency(rows: readonly { currency: string; statistics: Statistics }[]): Map<string, Statistics> {
  const totals = new Map<string, Statistics>();
  for (const r of rows) totals.set(r.currency, add(totals.get(r.currency) ?? emptyStatistics(), r.statistics));
  return totals;
}

export function total(rows: readonly { statistics: Statistics }[]): Statistics {
  return rows.reduce((sum, r) => add(sum, r.statistics), emptyStatistics());
}

/** What /overview shows for a period (built by app/services/analytics.server.ts). */
export interface AnalyticsView {
  period: string;
  from: string;
  to: string;
  /** The period menu: rolling periods, then the last twelve months. */
  months: string[];
  invalidPeriod: boolean;
  invalidSort: boolean;
  sort: LocationSort;
  dir: SortDirection;
  perMonth: { month: string; inquiries: number; chargebacks: number }[];
  perReason: { reasonCode: string; statistics: Statistics }[];
  locations: LocationStatistics[];
  /** Totals of the location table, one per currency (amounts are never added across currencies). */
  totals: { currency: string; statistics: Statistics }[];
  overall: Statistics;
}
