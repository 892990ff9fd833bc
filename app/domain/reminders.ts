// Staged reminders (SPEC 5): while a case awaits a response, its users hear of it at 7, 3 and 1
// days left (a platform setting), each stage once; at the last stage a case nobody has answered
// is escalated to the head office. Pure: the job (app/services/reminders.server.ts) asks.

import { TZDate } from "@date-fns/tz";
import { channelsFor, type Channels, type NotificationCategory, type Preferences } from "./notifications";
import { canAnswerCase, canSeeAccount, isHeadOfficeRole, type AccountRef, type Actor, type DisputeHandling } from "./permissions";

export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 3, 1];
export const MAX_REMINDER_STAGES = 5;
/** A stage further out than the longest deadline setting could never be reached. */
export const MAX_REMINDER_DAY = 90;

const DAY_MS = 86_400_000;

/**
 * Whole calendar days from today to the respond-by day, both in the account's zone: 0 on the day
 * it is due, 1 the day before. Counted on local calendar dates, so a daylight-saving day (23 or
 * 25 hours) is one day like any other. Negative once the day has passed.
 */
export function calendarDaysLeft(respondBy: Date, now: Date, timeZone: string): number {
  const dayNumber = (instant: Date) => {
    const local = new TZDate(instant.getTime(), timeZone);
    return Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / DAY_MS;
  };
  return dayNumber(respondBy) - dayNumber(now);
}

/** The stages, largest first (the order they come due in). */
export function orderedStages(stages: readonly number[]): number[] {
  return [...new Set(stages)].sort((a, b) => b - a);
}

/** The last stage (fewest days left): the one that escalates. */
export function lastStage(stages: readonly number[]): number | null {
  return stages.length === 0 ? null : Math.min(...stages);
}

/**
 * The stage due with this many days left: the nearest one the case has reached (the smallest stage
 * not below the days left), or null before the first stage and once the case is overdue. A job that
 * did not run on the day of a stage sends the stage the case is in now, not the ones it missed: a
 * "7 days left" reminder at 2 days left would tell the merchant something wrong.
 */
export function dueStage(daysLeft: number, stages: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  const reached = stages.filter((s) => s >= daysLeft);
  return reached.length === 0 ? null : Math.min(...reached);
}

export interface ReminderCase {
  status: string;
  respondBy: Date;
  timeZone: string;
  /** See hasNoAnswerOrDraft. */
  answered: boolean;
  drafted: boolean;
}

export type ReminderPlan = { stage: number; daysLeft: number; escalate: boolean } | null;

/**
 * Whether the head office is to be told at the last stage: nobody has answered the case or saved
 * a draft of an answer (SPEC 5: a location at work on it needs no escalation).
 */
export function hasNoAnswerOrDraft(c: Pick<ReminderCase, "answered" | "drafted">): boolean {
  return !c.answered && !c.drafted;
}

/** What the deadline job sends for a case at `now`: which stage, and whether it escalates. */
export function reminderPlan(c: ReminderCase, now: Date, stages: readonly number[]): ReminderPlan {
  if (c.status !== "awaiting_response" || c.respondBy.getTime() < now.getTime()) return null;
  const daysLeft = calendarDaysLeft(c.respondBy, now, c.timeZone);
  const stage = dueStage(daysLeft, stages);
  if (stage === null) return null;
  return { stage, daysLeft, escalate: stage === lastStage(stages) && hasNoAnswerOrDraft(c) };
}

/** Reminders are to be looked at for cases whose respond-by is at most this far away (a coarse UTC bound). */
export function reminderHorizon(now: Date, stages: readonly number[]): Date {
  const furthest = stages.length === 0 ? 0 : Math.max(...stages);
  // One day more than the furthest stage, plus one for any zone's offset from UTC.
  return new Date(now.getTime() + (furthest + 2) * DAY_MS);
}

// --- The setting ------------------------------------------------------------------------------

export type ReminderDaysProblem = "format" | "range" | "duplicate" | "tooMany" | "empty";

/**
 * The admin's list ("7, 3, 1"): distinct positive whole days, at most five, stored largest first.
 * Commas, semicolons or spaces separate them.
 */
export function parseReminderDays(text: string): { ok: true; days: number[] } | { ok: false; problem: ReminderDaysProblem } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0) return { ok: false, problem: "empty" };
  if (parts.some((p) => !/^\d{1,3}$/.test(p))) return { ok: false, problem: "format" };
  const days = parts.map(Number);
  if (days.some((d) => d < 1 || d > MAX_REMINDER_DAY)) return { ok: false, problem: "range" };
  if (new Set(days).size !== days.length) return { ok: false, problem: "duplicate" };
  if (days.length > MAX_REMINDER_STAGES) return { ok: false, problem: "tooMany" };
  return { ok: true, days: orderedStages(days) };
}

/** Distinct whole days from 1 to MAX_REMINDER_DAY, one to MAX_REMINDER_STAGES of them. */
export function isValidReminderDays(days: readonly number[]): boolean {
  return (
    days.length >= 1 &&
    days.length <= MAX_REMINDER_STAGES &&
    new Set(days).size === days.length &&
    days.every((d) => Number.isSafeInteger(d) && d >= 1 && d <= MAX_REMINDER_DAY)
  );
}

export function formatReminderDays(days: readonly number[]): string {
  return orderedStages(days).join(", ");
}

/** A stored value ("7,3,1") as the stages, or null when it is not a valid list. */
export function parseStoredReminderDays(stored: string | null | undefined): number[] | null {
  if (stored === null || stored === undefined) return null;
  const parsed = parseReminderDays(stored);
  return parsed.ok ? parsed.days : null;
}

export function storedReminderDays(days: readonly number[]): string {
  return orderedStages(days).join(",");
}

// --- Who hears of a stage -----------------------------------------------------------------------

export interface ReminderRecipient {
  userId: number;
  /** The head office's escalation (category "urgent") or a plain reminder (category "reminders"). */
  escalation: boolean;
  category: NotificationCategory;
  channels: Channels;
}

/**
 * A stage's recipients: the users who may answer the case (its location's users; the head office
 * too under central handling), on their "reminders" choices. When the stage escalates, the head
 * office's users (head_office and org_admin of the organisation) hear of it as an escalation on
 * their "urgent cases" choices instead, under local handling too: they cannot answer there but can
 * chase the location. Users with both channels off are left out.
 */
export function chooseReminderRecipients(input: {
  candidates: readonly Actor[];
  account: AccountRef;
  handling: DisputeHandling;
  escalate: boolean;
  preferences: ReadonlyMap<number, Preferences>;
}): ReminderRecipient[] {
  const recipients: ReminderRecipient[] = [];
  for (const candidate of input.candidates) {
    const escalation = input.escalate && isHeadOfficeRole(candidate.role) && canSeeAccount(candidate, input.account);
    if (!escalation && !canAnswerCase(candidate, input.account, input.handling)) continue;
    const category: NotificationCategory = escalation ? "urgent" : "reminders";
    const channels = channelsFor(input.preferences.get(candidate.userId), category);
    if (!channels.inApp && !channels.email) continue;
    recipients.push({ userId: candidate.userId, escalation, category, channels: { ...channels } });
  }
  return recipients;
}

/** What a reminder is about, the same however often the job finds it: once per case, respond-by, stage and kind. */
export function reminderNoticeKey(caseId: number, respondBy: string, stage: number, escalation: boolean): string {
  return `${escalation ? "reminder-escalation" : "reminder"}:${caseId}:${respondBy}:${stage}`;
}
