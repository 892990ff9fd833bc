// Announcements of SPEC 9 (issue 14 item 6): maintenance and incidents an admin posts, shown on
// the portal's notice board and the public /status page. Pure: callers pass `now`.

import { addDays } from "date-fns";
import { TZDate } from "@date-fns/tz";
import type { Locale } from "~/i18n";

export const ANNOUNCEMENT_KINDS = ["maintenance", "incident"] as const;
export type AnnouncementKind = (typeof ANNOUNCEMENT_KINDS)[number];

export const ANNOUNCEMENT_SEVERITIES = ["info", "minor", "major"] as const;
export type AnnouncementSeverity = (typeof ANNOUNCEMENT_SEVERITIES)[number];

export const ANNOUNCEMENT_TITLE_MAX = 120;
export const ANNOUNCEMENT_BODY_MAX = 2000;

/** The notice board also shows maintenance that starts within this many days, so nobody is surprised. */
export const NOTICE_LOOKAHEAD_DAYS = 7;

/** The zone an admin types start and end in, the desk's (the status page says so). */
export const ANNOUNCEMENT_TIME_ZONE = "Europe/Berlin";

export type AnnouncementText = { title: string; body: string };

/** English always; German and Dutch when the admin wrote them (else readers see the English). */
export type AnnouncementTexts = { en: AnnouncementText } & Partial<Record<Exclude<Locale, "en">, AnnouncementText>>;

export type AnnouncementState = "current" | "upcoming" | "ended";

/** As loaders hand it to the page: instants as ISO text. */
export interface AnnouncementView {
  id: number;
  kind: AnnouncementKind;
  severity: AnnouncementSeverity;
  texts: AnnouncementTexts;
  startsAt: string;
  endsAt: string | null;
  state: AnnouncementState;
}

export interface AnnouncementWindow {
  startsAt: Date;
  /** null: until further notice. */
  endsAt: Date | null;
}

/** Shown now: started, and not yet ended. */
export function isCurrent(a: AnnouncementWindow, now: Date): boolean {
  return a.startsAt.getTime() <= now.getTime() && (a.endsAt === null || a.endsAt.getTime() > now.getTime());
}

export function isUpcoming(a: AnnouncementWindow, now: Date): boolean {
  return a.startsAt.getTime() > now.getTime();
}

export function isOver(a: AnnouncementWindow, now: Date): boolean {
  return a.endsAt !== null && a.endsAt.getTime() <= now.getTime();
}

/** The latest start the notice board looks at: current ones, and maintenance announced ahead. */
export function noticeBoardUntil(now: Date): Date {
  return addDays(now, NOTICE_LOOKAHEAD_DAYS);
}

/** On the notice board: current, or maintenance starting within the look-ahead. */
export function onNoticeBoard(a: AnnouncementWindow & { kind: AnnouncementKind }, now: Date): boolean {
  if (isOver(a, now)) return false;
  if (isCurrent(a, now)) return true;
  return a.kind === "maintenance" && a.startsAt.getTime() <= noticeBoardUntil(now).getTime();
}

export type WindowProblem = "ends_before_start" | "already_over";

/** A new announcement must end after it starts, and not be over already (it would never show). */
export function windowProblem(a: AnnouncementWindow, now: Date): WindowProblem | null {
  if (a.endsAt === null) return null;
  if (a.endsAt.getTime() <= a.startsAt.getTime()) return "ends_before_start";
  if (a.endsAt.getTime() <= now.getTime()) return "already_over";
  return null;
}

/**
 * "End now": a current one ends at `now`; an upcoming one is called off, so its start moves to
 * `now` too (the table requires the end not before the start). Null when it is already over.
 */
export function endedWindow(a: AnnouncementWindow, now: Date): AnnouncementWindow | null {
  if (isOver(a, now)) return null;
  const at = new Date(now.getTime());
  return { startsAt: isUpcoming(a, now) ? at : a.startsAt, endsAt: at };
}

/** The text for a reader's language, falling back to English. */
export function textFor(texts: AnnouncementTexts, locale: Locale): AnnouncementText {
  return (locale === "en" ? undefined : texts[locale]) ?? texts.en;
}

/** Major first, then the earliest start: what matters most is read first. */
export function byImportance<T extends { severity: AnnouncementSeverity; startsAt: string | Date }>(a: T, b: T): number {
  const rank = (s: AnnouncementSeverity) => ANNOUNCEMENT_SEVERITIES.indexOf(s);
  return rank(b.severity) - rank(a.severity) || new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime();
}

/**
 * "2026-12-06T22:00" typed into a datetime-local field, read as wall-clock time in `timeZone`.
 * Null for anything else, or for a time that does not exist there (the spring-forward hour).
 */
export function parseLocalDateTime(text: string, timeZone: string = ANNOUNCEMENT_TIME_ZONE): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const local = new TZDate(year, month - 1, day, hour, minute, timeZone);
  const fits =
    local.getFullYear() === year &&
    local.getMonth() === month - 1 &&
    local.getDate() === day &&
    local.getHours() === hour &&
    local.getMinutes() === minute;
  return fits ? new Date(local.getTime()) : null;
}

/** The instant as a datetime-local value in `timeZone`: the inverse of parseLocalDateTime. */
export function localDateTimeValue(at: Date, timeZone: string = ANNOUNCEMENT_TIME_ZONE): string {
  const local = new TZDate(at.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
}
