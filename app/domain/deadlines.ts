// Deadlines of SPEC 3.4. Calendar arithmetic happens in the account's time zone through
// @date-fns/tz; results leave this module as plain Dates (UTC instants), because a TZDate's
// toISOString() prints its own zone and would leak into storage and comparisons.

import { addDays, differenceInCalendarDays, endOfDay } from "date-fns";
import { tz, TZDate } from "@date-fns/tz";
import type { CaseStatus, CaseType } from "./case-state";

export const DEFAULT_DEADLINE_DAYS = {
  inquiry: 20,
  chargeback: 20,
  information_request: 10,
} as const satisfies Record<CaseType | "information_request", number>;

export const URGENT_WINDOW_DAYS = 3;

/**
 * True for IANA zone names the runtime knows ("Europe/Berlin", "UTC", "Etc/GMT+1"). UTC offsets
 * such as "+01:00" are refused: an account's zone must follow daylight-saving rules.
 */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== "string" || !/^[A-Za-z]/.test(timeZone)) return false;
  // Building a formatter costs more than the countdown it guards (every row of every list).
  if (knownZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    return false;
  }
  if (knownZones.size < 1000) knownZones.add(timeZone);
  return true;
}

/** Zones already found valid (a zone's validity does not change while the process runs). */
const knownZones = new Set<string>();

function assertZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  }
}

function assertInstant(date: Date, name: string): void {
  if (Number.isNaN(date.getTime())) throw new RangeError(`${name} is an invalid date`);
}

/**
 * Respond-by for a case received at `receivedAt`: 23:59:59.999 in `timeZone` on the calendar day
 * `days` days after the local day of receipt. Received 2026-03-09 23:30 UTC in Berlin is
 * 10 March locally, so 20 days gives 30 March 23:59:59.999 CEST = 21:59:59.999 UTC.
 * Also used for a request for more information, with the request's time as `receivedAt`.
 */
export function respondByFor(receivedAt: Date, timeZone: string, days: number): Date {
  assertInstant(receivedAt, "receivedAt");
  assertZone(timeZone);
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  const inZone = { in: tz(timeZone) };
  const end = endOfDay(addDays(receivedAt, days, inZone), inZone);
  return new Date(end.getTime());
}

/**
 * The year a case counts under in its number (INQ-2026-000123): the calendar year of receipt at
 * the account, not in UTC. A case received in New York at 21:00 on New Year's Eve is that
 * year's, one received in Berlin at 00:30 on 1 January the new year's.
 */
export function yearOfReceipt(receivedAt: Date, timeZone: string): number {
  assertInstant(receivedAt, "receivedAt");
  assertZone(timeZone);
  return new TZDate(receivedAt.getTime(), timeZone).getFullYear();
}

export type Countdown = { kind: "overdue" } | { kind: "due_today" } | { kind: "days_left"; days: number };

/**
 * Countdown by calendar days in the account's zone: "due today" on the local day of the
 * deadline (until respondBy itself), "N days left" before it, "overdue" once now > respondBy.
 */
export function countdown(respondBy: Date, timeZone: string, now: Date): Countdown {
  assertInstant(respondBy, "respondBy");
  assertInstant(now, "now");
  assertZone(timeZone);
  if (now.getTime() > respondBy.getTime()) return { kind: "overdue" };
  const days = differenceInCalendarDays(respondBy, now, { in: tz(timeZone) });
  // days can be 0 only here: a respond-by later the same local day.
  return days <= 0 ? { kind: "due_today" } : { kind: "days_left", days };
}

/** Calendar days left in the zone, or null when overdue; the number the countdown shows. */
export function calendarDaysLeft(respondBy: Date, timeZone: string, now: Date): number | null {
  const c = countdown(respondBy, timeZone, now);
  return c.kind === "overdue" ? null : c.kind === "due_today" ? 0 : c.days;
}

export type UrgencyInput = {
  status: CaseStatus;
  respondBy: Date;
  urgentFlag: boolean;
  timeZone: string;
};

/**
 * SPEC 3.4 "urgent": a case that is not closed and was flagged by an analyst, or a case
 * awaiting a response whose countdown shows `windowDays` or fewer calendar days left
 * (window 3: "3 days left", "2", "1" and "due today"). Calendar days, not 72 hours, so that the
 * urgent badge and the countdown never disagree. Overdue cases are not urgent: they can no
 * longer be answered and the deadline job closes them. Closed cases are never urgent.
 * Window 0 (admin setting "0: only flagged cases"): no case is urgent by its deadline, not even
 * one due today; only the analyst's flag makes a case urgent.
 */
export function isUrgent(c: UrgencyInput, now: Date, windowDays: number = URGENT_WINDOW_DAYS): boolean {
  if (c.status === "closed") return false;
  if (c.urgentFlag) return true;
  if (c.status !== "awaiting_response" || windowDays <= 0) return false;
  const left = calendarDaysLeft(c.respondBy, c.timeZone, now);
  return left !== null && left <= windowDays;
}

/**
 * SPEC 3.4: the urgent notice goes out once, when a case becomes urgent. Entering the window by
 * its deadline makes a case urgent only if the analyst's flag has not made it urgent already
 * (the flag had its own notice).
 */
export function becomesUrgentByDeadline(c: UrgencyInput, now: Date, windowDays: number = URGENT_WINDOW_DAYS): boolean {
  return !c.urgentFlag && isUrgent(c, now, windowDays);
}

/**
 * The same rule for the analyst's flag: flagging makes a case urgent only if its deadline has not
 * made it urgent already (that notice went out when it entered the window).
 */
export function becomesUrgentByFlag(c: Omit<UrgencyInput, "urgentFlag">, now: Date, windowDays: number = URGENT_WINDOW_DAYS): boolean {
  return c.status !== "closed" && !isUrgent({ ...c, urgentFlag: false }, now, windowDays);
}

/**
 * The latest respond-by that counts as urgent at `now` in `timeZone`: end of the local day
 * `windowDays` days from today. A case awaiting a response is urgent by deadline exactly when
 * now <= respondBy <= urgentUntil(...), which lets a query narrow candidates before isUrgent.
 * Window 0 means no urgency by deadline: the bound is 1 ms before `now`, an empty range.
 */
export function urgentUntil(now: Date, timeZone: string, windowDays: number = URGENT_WINDOW_DAYS): Date {
  if (windowDays <= 0) {
    assertInstant(now, "now");
    assertZone(timeZone);
    return new Date(now.getTime() - 1);
  }
  return respondByFor(now, timeZone, windowDays);
}
