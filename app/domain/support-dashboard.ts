// The desk's dashboard (SPEC 9 "first-response and resolution times, breaches and ratings per
// category and tier"; issue 14 item 5): the period asked for and the figures of its requests. Pure.

import { tz, TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, format, isValid, parse, startOfDay } from "date-fns";
import { SUPPORT_CATEGORIES, SUPPORT_TIME_ZONE, TIERS, type SupportCategory, type Tier } from "./support-request";

export const DEFAULT_PERIOD_DAYS = 30;
/** At most a year at once: the figures are computed from the period's rows, which must stay few. */
export const MAX_PERIOD_DAYS = 366;

export type PeriodError = "from_invalid" | "to_invalid" | "from_after_to" | "too_long";

export type Period = { from: string; to: string; start: Date; end: Date };

const berlin = { in: tz(SUPPORT_TIME_ZONE) };
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function berlinDay(text: string): Date | null {
  if (!DAY_PATTERN.test(text)) return null;
  const day = parse(text, "yyyy-MM-dd", new TZDate(0, SUPPORT_TIME_ZONE));
  return isValid(day) && format(day, "yyyy-MM-dd") === text ? day : null;
}

/**
 * From and to are Berlin calendar days, both included (the desk's days, like its promises):
 * requests received from the start of `from` to the end of `to`. Missing values default to the
 * last 30 days up to today.
 */
export function parsePeriod(
  input: { from: string | null; to: string | null },
  now: Date,
): { ok: true; period: Period } | { ok: false; errors: PeriodError[]; from: string; to: string } {
  const today = startOfDay(new TZDate(now.getTime(), SUPPORT_TIME_ZONE), berlin);
  const toText = input.to?.trim() || format(today, "yyyy-MM-dd");
  const fromText = input.from?.trim() || format(addDays(berlinDay(toText) ?? today, -(DEFAULT_PERIOD_DAYS - 1), berlin), "yyyy-MM-dd");
  const from = berlinDay(fromText);
  const to = berlinDay(toText);
  const errors: PeriodError[] = [];
  if (!from) errors.push("from_invalid");
  if (!to) errors.push("to_invalid");
  if (from && to && from.getTime() > to.getTime()) errors.push("from_after_to");
  if (from && to && differenceInCalendarDays(to, from, berlin) + 1 > MAX_PERIOD_DAYS) errors.push("too_long");
  if (errors.length > 0 || !from || !to) return { ok: false, errors, from: fromText.slice(0, 10), to: toText.slice(0, 10) };
  return {
    ok: true,
    period: {
      from: fromText,
      to: toText,
      start: new Date(from.getTime()),
      end: new Date(startOfDay(addDays(to, 1, berlin), berlin).getTime()),
    },
  };
}

export interface DashboardRequest {
  category: SupportCategory;
  tier: Tier;
  receivedAt: Date;
  firstResponseAt: Date | null;
  solvedAt: Date | null;
  acknowledgeBreached: boolean;
  resolveBreached: boolean;
  rating: number | null;
}

export interface Duration {
  /** Milliseconds; null when no request of the group has one. */
  median: number | null;
  average: number | null;
}

export interface DashboardFigures {
  received: number;
  firstResponse: Duration;
  resolution: Duration;
  acknowledgeBreaches: number;
  resolveBreaches: number;
  ratings: number;
  averageRating: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Times count from receipt; a request not yet answered (or solved) counts in neither figure. */
export function figuresOf(requests: readonly DashboardRequest[]): DashboardFigures {
  const since = (r: DashboardRequest, at: Date | null) => (at === null ? [] : [Math.max(0, at.getTime() - r.receivedAt.getTime())]);
  const firstResponse = requests.flatMap((r) => since(r, r.firstResponseAt));
  const resolution = requests.flatMap((r) => since(r, r.solvedAt));
  const ratings = requests.flatMap((r) => (r.rating === null ? [] : [r.rating]));
  return {
    received: requests.length,
    firstResponse: { median: median(firstResponse), average: average(firstResponse) },
    resolution: { median: median(resolution), average: average(resolution) },
    acknowledgeBreaches: requests.filter((r) => r.acknowledgeBreached).length,
    resolveBreaches: requests.filter((r) => r.resolveBreached).length,
    ratings: ratings.length,
    averageRating: average(ratings),
  };
}

export interface Dashboard {
  byCategory: Array<{ category: SupportCategory; figures: DashboardFigures }>;
  /** The tier a request is at now: where it was solved, or where it waits. */
  byTier: Array<{ tier: Tier; figures: DashboardFigures }>;
  total: DashboardFigures;
}

/** Every category and tier gets its row, with zeros where nothing was received. */
export function buildDashboard(requests: readonly DashboardRequest[]): Dashboard {
  return {
    byCategory: SUPPORT_CATEGORIES.map((category) => ({ category, figures: figuresOf(requests.filter((r) => r.category === category)) })),
    byTier: TIERS.map((tier) => ({ tier, figures: figuresOf(requests.filter((r) => r.tier === tier)) })),
    total: figuresOf(requests),
  };
}
