// Service hours of the phone line and live chat (SPEC 9, issue 14 item 6): "Mon–Fri 8:30–17:30
// Europe/Berlin", a setting. Pure: the caller passes `now`. Wall-clock times are read in the desk's
// zone through @date-fns/tz, so a DST switch day keeps 08:30 local; results leave as plain Dates.

import { addDays } from "date-fns";
import { tz, TZDate } from "@date-fns/tz";
import { SUPPORT_TIME_ZONE } from "./support-request";

/** ISO weekdays: 1 Monday … 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One opening window on some weekdays; minutes after local midnight, `closes` exclusive. */
export interface ServiceWindow {
  days: readonly Weekday[];
  opens: number;
  closes: number;
}

export interface ServiceHours {
  timeZone: string;
  windows: readonly ServiceWindow[];
}

/**
 * Stored as text in the settings table like the desk's other setting (support-rules.ts): windows
 * separated by ";", each "<days> HH:MM-HH:MM", days a comma list of days or ranges ("mon-fri",
 * "mon,wed", "sat"). Text, so an admin can read and type it; parseServiceHours checks it.
 */
export const SERVICE_HOURS_SETTING = {
  key: "support.service_hours",
  defaultValue: "mon-fri 08:30-17:30",
} as const;

const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const MAX_WINDOWS = 7;

export type ServiceHoursProblem = "empty" | "format" | "days" | "time" | "order" | "too_many";

export type ParsedServiceHours = { ok: true; hours: ServiceHours } | { ok: false; problem: ServiceHoursProblem };

function dayOf(name: string): Weekday | null {
  const index = (DAY_NAMES as readonly string[]).indexOf(name);
  return index < 0 ? null : ((index + 1) as Weekday);
}

/** "08:30" → 510; "24:00" is allowed as a closing time (open until midnight). */
function minutesOf(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

function parseDays(text: string): Weekday[] | null {
  const days = new Set<Weekday>();
  for (const part of text.split(",")) {
    const [from, to, extra] = part.split("-");
    if (from === undefined || extra !== undefined) return null;
    const first = dayOf(from);
    const last = to === undefined ? first : dayOf(to);
    // A range runs forward within one week: "fri-mon" is more likely a typo than a wish.
    if (first === null || last === null || last < first) return null;
    for (let d: number = first; d <= last; d++) days.add(d as Weekday);
  }
  return [...days].sort((a, b) => a - b);
}

export function parseServiceHours(text: string, timeZone: string = SUPPORT_TIME_ZONE): ParsedServiceHours {
  const normalised = text.trim().toLowerCase().replace(/[–—]/g, "-");
  if (normalised === "") return { ok: false, problem: "empty" };
  const parts = normalised
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length > MAX_WINDOWS) return { ok: false, problem: "too_many" };
  const windows: ServiceWindow[] = [];
  for (const part of parts) {
    const match = /^([a-z,-]+)\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(part.replace(/\s*,\s*/g, ","));
    if (!match) return { ok: false, problem: "format" };
    const days = parseDays(match[1]!);
    if (days === null) return { ok: false, problem: "days" };
    const opens = minutesOf(match[2]!);
    const closes = minutesOf(match[3]!);
    if (opens === null || closes === null || opens === 24 * 60) return { ok: false, problem: "time" };
    if (opens >= closes) return { ok: false, problem: "order" };
    windows.push({ days, opens, closes });
  }
  if (windows.length === 0) return { ok: false, problem: "empty" };
  return { ok: true, hours: { timeZone, windows } };
}

export const DEFAULT_SERVICE_HOURS: ServiceHours = (() => {
  const parsed = parseServiceHours(SERVICE_HOURS_SETTING.defaultValue);
  if (!parsed.ok) throw new Error("The default service hours do not parse");
  return parsed.hours;
})();

/** The stored setting, or the default when the row is missing or unreadable. */
export function serviceHoursFrom(stored: string | null | undefined): ServiceHours {
  if (stored === null || stored === undefined) return DEFAULT_SERVICE_HOURS;
  const parsed = parseServiceHours(stored);
  return parsed.ok ? parsed.hours : DEFAULT_SERVICE_HOURS;
}

/** The setting's text for the hours ("mon-fri 08:30-17:30"), as parseServiceHours reads it back. */
export function formatServiceHoursSetting(hours: ServiceHours): string {
  return hours.windows.map((w) => `${dayRanges(w.days).join(",")} ${clock(w.opens)}-${clock(w.closes)}`).join("; ");
}

/** "08:30" for 510 minutes. */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** [1,2,3,4,5,7] → ["mon-fri", "sun"]: consecutive days as ranges. */
function dayRanges(days: readonly Weekday[]): string[] {
  return weekdayRuns(days).map(([from, to]) => (from === to ? DAY_NAMES[from - 1]! : `${DAY_NAMES[from - 1]}-${DAY_NAMES[to - 1]}`));
}

/** Consecutive weekdays as [first, last] pairs, for showing "Mon–Fri" rather than five names. */
export function weekdayRuns(days: readonly Weekday[]): Array<[Weekday, Weekday]> {
  const runs: Array<[Weekday, Weekday]> = [];
  for (const day of [...days].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

function localParts(hours: ServiceHours, now: Date): { weekday: Weekday; minutes: number } {
  const local = new TZDate(now.getTime(), hours.timeZone);
  const weekday = (local.getDay() === 0 ? 7 : local.getDay()) as Weekday;
  return { weekday, minutes: local.getHours() * 60 + local.getMinutes() };
}

/** Open at `now`: opening time inclusive (Mon 08:30:00 is open), closing time exclusive (Fri 17:30:00 is closed). */
export function isOpenAt(hours: ServiceHours, now: Date): boolean {
  const { weekday, minutes } = localParts(hours, now);
  return hours.windows.some((w) => w.days.includes(weekday) && minutes >= w.opens && minutes < w.closes);
}

/**
 * The instant the desk next opens: `now` itself while it is open. Each candidate is the local
 * opening time on a local calendar day, so a DST switch between now and then moves the UTC
 * instant, not the 08:30 on the wall.
 */
export function nextOpeningAt(hours: ServiceHours, now: Date): Date {
  if (isOpenAt(hours, now)) return new Date(now.getTime());
  const inZone = { in: tz(hours.timeZone) };
  let best: number | null = null;
  // Eight days: today's window may be over, and the same weekday next week is seven days on.
  for (let offset = 0; offset <= 7; offset++) {
    const day = addDays(now, offset, inZone);
    const weekday = (day.getDay() === 0 ? 7 : day.getDay()) as Weekday;
    for (const w of hours.windows) {
      if (!w.days.includes(weekday)) continue;
      const at = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(w.opens / 60), w.opens % 60, hours.timeZone);
      const time = at.getTime();
      if (time > now.getTime() && (best === null || time < best)) best = time;
    }
    if (best !== null) break;
  }
  // parseServiceHours refuses hours without a window, so some day of the week opens.
  if (best === null) throw new RangeError("Service hours without an opening");
  return new Date(best);
}

export interface ServiceStatus {
  openNow: boolean;
  /** `now` while open; otherwise when a message sent now will be read. */
  nextOpeningAt: Date;
}

export function serviceStatusAt(hours: ServiceHours, now: Date): ServiceStatus {
  return { openNow: isOpenAt(hours, now), nextOpeningAt: nextOpeningAt(hours, now) };
}

/** As loaders hand it to the page: the instant as ISO text. */
export interface ServiceStatusView {
  hours: ServiceHours;
  openNow: boolean;
  /** Now while open; else when the desk next opens (and reads what was sent meanwhile). */
  nextOpeningAt: string;
}
