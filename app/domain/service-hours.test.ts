import { describe, expect, it } from "vitest";
import {
  DEFAULT_SERVICE_HOURS,
  formatServiceHoursSetting,
  isOpenAt,
  nextOpeningAt,
  parseServiceHours,
  SERVICE_HOURS_SETTING,
  serviceHoursFrom,
  serviceStatusAt,
  weekdayRuns,
  type ServiceHours,
} from "./service-hours";

const hours = DEFAULT_SERVICE_HOURS;
const at = (iso: string) => new Date(iso);

describe("the service hours setting", () => {
  it("defaults to Mon–Fri 08:30–17:30 Europe/Berlin", () => {
    expect(SERVICE_HOURS_SETTING.defaultValue).toBe("mon-fri 08:30-17:30");
    expect(hours).toEqual({ timeZone: "Europe/Berlin", windows: [{ days: [1, 2, 3, 4, 5], opens: 510, closes: 1050 }] });
  });

  it("reads day lists, ranges, several windows, en dashes and capitals", () => {
    const parsed = parseServiceHours(" Mon–Thu, Sat 09:00 – 12:00; fri 08:00-24:00 ");
    expect(parsed).toEqual({
      ok: true,
      hours: {
        timeZone: "Europe/Berlin",
        windows: [
          { days: [1, 2, 3, 4, 6], opens: 540, closes: 720 },
          { days: [5], opens: 480, closes: 1440 },
        ],
      },
    });
    if (parsed.ok) expect(formatServiceHoursSetting(parsed.hours)).toBe("mon-thu,sat 09:00-12:00; fri 08:00-24:00");
  });

  it.each([
    ["", "empty"],
    [" ; ", "empty"],
    ["mon-fri", "format"],
    ["weekdays 08:30-17:30", "days"],
    ["fri-mon 08:30-17:30", "days"],
    ["mon-fri-sat 08:30-17:30", "days"],
    ["mon 8:30-17:30", "format"],
    ["mon 08:60-17:30", "time"],
    ["mon 25:00-26:00", "time"],
    ["mon 24:00-24:00", "time"],
    ["mon 17:30-08:30", "order"],
    ["mon 08:30-08:30", "order"],
    [Array.from({ length: 8 }, () => "mon 08:00-09:00").join(";"), "too_many"],
  ])("refuses %j (%s)", (text, problem) => {
    expect(parseServiceHours(text)).toEqual({ ok: false, problem });
  });

  it("a missing or broken stored value means the default", () => {
    expect(serviceHoursFrom(undefined)).toBe(DEFAULT_SERVICE_HOURS);
    expect(serviceHoursFrom("nonsense")).toBe(DEFAULT_SERVICE_HOURS);
    expect(serviceHoursFrom("sat 10:00-14:00").windows).toEqual([{ days: [6], opens: 600, closes: 840 }]);
  });

  it("groups consecutive weekdays for display", () => {
    expect(weekdayRuns([1, 2, 3, 4, 5])).toEqual([[1, 5]]);
    expect(weekdayRuns([7, 1, 3, 4])).toEqual([
      [1, 1],
      [3, 4],
      [7, 7],
    ]);
  });
});

describe("open now", () => {
  it.each([
    // Winter (CET, UTC+1): Monday 2026-01-12.
    ["2026-01-12T07:29:59.999Z", false, "Mon 08:29:59 CET"],
    ["2026-01-12T07:30:00.000Z", true, "Mon 08:30 CET exactly"],
    ["2026-01-12T12:00:00.000Z", true, "Mon 13:00 CET"],
    ["2026-01-16T16:29:59.999Z", true, "Fri 17:29:59 CET"],
    ["2026-01-16T16:30:00.000Z", false, "Fri 17:30 CET exactly"],
    // Summer (CEST, UTC+2).
    ["2026-07-06T06:30:00.000Z", true, "Mon 08:30 CEST exactly"],
    ["2026-07-06T06:29:00.000Z", false, "Mon 08:29 CEST"],
    ["2026-07-10T15:30:00.000Z", false, "Fri 17:30 CEST exactly"],
    ["2026-07-10T15:29:00.000Z", true, "Fri 17:29 CEST"],
    // Weekends, in UTC terms still Friday or already Monday.
    ["2026-01-17T10:00:00.000Z", false, "Sat 11:00"],
    ["2026-01-18T10:00:00.000Z", false, "Sun 11:00"],
    ["2026-01-18T23:30:00.000Z", false, "Mon 00:30 CET (Sunday in UTC)"],
    ["2026-01-16T23:30:00.000Z", false, "Sat 00:30 CET (Friday in UTC)"],
  ])("%s → %s (%s)", (iso, open) => {
    expect(isOpenAt(hours, at(iso))).toBe(open);
  });

  it("on the DST switch days: Monday after the last Sunday of March and of October open at 08:30 local", () => {
    // 29 March 2026: clocks go 02:00 → 03:00. Monday 30 March is CEST.
    expect(isOpenAt(hours, at("2026-03-30T06:30:00.000Z"))).toBe(true);
    expect(isOpenAt(hours, at("2026-03-30T06:29:59.999Z"))).toBe(false);
    // Friday 27 March still CET: closes 16:30 UTC.
    expect(isOpenAt(hours, at("2026-03-27T16:29:00.000Z"))).toBe(true);
    expect(isOpenAt(hours, at("2026-03-27T16:30:00.000Z"))).toBe(false);
    // 25 October 2026: clocks go 03:00 → 02:00. Monday 26 October is CET.
    expect(isOpenAt(hours, at("2026-10-26T07:30:00.000Z"))).toBe(true);
    expect(isOpenAt(hours, at("2026-10-26T07:29:00.000Z"))).toBe(false);
  });

  it("a window on a Sunday that switches clocks opens at the local time", () => {
    const sunday: ServiceHours = { timeZone: "Europe/Berlin", windows: [{ days: [7], opens: 600, closes: 720 }] };
    expect(isOpenAt(sunday, at("2026-03-29T08:00:00.000Z"))).toBe(true); // 10:00 CEST
    expect(isOpenAt(sunday, at("2026-03-29T09:00:00.000Z"))).toBe(true); // 11:00 CEST
    expect(isOpenAt(sunday, at("2026-03-29T10:00:00.000Z"))).toBe(false); // 12:00 CEST
    expect(isOpenAt(sunday, at("2026-10-25T08:59:00.000Z"))).toBe(false); // 09:59 CET
    expect(isOpenAt(sunday, at("2026-10-25T09:00:00.000Z"))).toBe(true); // 10:00 CET
  });
});

describe("next opening", () => {
  it.each([
    ["2026-01-12T12:00:00.000Z", "2026-01-12T12:00:00.000Z", "open now: now"],
    ["2026-01-12T07:30:00.000Z", "2026-01-12T07:30:00.000Z", "Monday 08:30 exactly: now"],
    ["2026-01-12T05:00:00.000Z", "2026-01-12T07:30:00.000Z", "Monday early: today 08:30"],
    ["2026-01-12T18:00:00.000Z", "2026-01-13T07:30:00.000Z", "Monday evening: Tuesday 08:30"],
    ["2026-01-16T16:30:00.000Z", "2026-01-19T07:30:00.000Z", "Friday 17:30 exactly: Monday 08:30"],
    ["2026-01-17T10:00:00.000Z", "2026-01-19T07:30:00.000Z", "Saturday: Monday"],
    ["2026-01-18T23:30:00.000Z", "2026-01-19T07:30:00.000Z", "Monday 00:30 local, Sunday UTC: same Monday"],
  ])("%s → %s (%s)", (now, expected) => {
    expect(nextOpeningAt(hours, at(now)).toISOString()).toBe(expected);
  });

  it("across the March switch: Friday CET evening → Monday 08:30 CEST (06:30 UTC)", () => {
    expect(nextOpeningAt(hours, at("2026-03-27T17:00:00.000Z")).toISOString()).toBe("2026-03-30T06:30:00.000Z");
    expect(nextOpeningAt(hours, at("2026-03-29T00:30:00.000Z")).toISOString()).toBe("2026-03-30T06:30:00.000Z");
  });

  it("across the October switch: Friday CEST evening → Monday 08:30 CET (07:30 UTC)", () => {
    expect(nextOpeningAt(hours, at("2026-10-23T16:00:00.000Z")).toISOString()).toBe("2026-10-26T07:30:00.000Z");
    // 02:30 on the switch night happens twice; either way Monday 08:30 CET.
    expect(nextOpeningAt(hours, at("2026-10-25T00:30:00.000Z")).toISOString()).toBe("2026-10-26T07:30:00.000Z");
    expect(nextOpeningAt(hours, at("2026-10-25T01:30:00.000Z")).toISOString()).toBe("2026-10-26T07:30:00.000Z");
  });

  it("a window only once a week, already over today: the same weekday next week", () => {
    const wednesday: ServiceHours = { timeZone: "Europe/Berlin", windows: [{ days: [3], opens: 540, closes: 600 }] };
    // Wednesday 2026-01-14 11:00 CET, after the 09:00–10:00 window.
    expect(nextOpeningAt(wednesday, at("2026-01-14T10:00:00.000Z")).toISOString()).toBe("2026-01-21T08:00:00.000Z");
  });

  it("the earliest of several windows on the same day", () => {
    const parsed = parseServiceHours("mon 13:00-17:00; mon 09:00-11:00");
    if (!parsed.ok) throw new Error("should parse");
    expect(nextOpeningAt(parsed.hours, at("2026-01-12T06:00:00.000Z")).toISOString()).toBe("2026-01-12T08:00:00.000Z");
    expect(nextOpeningAt(parsed.hours, at("2026-01-12T10:30:00.000Z")).toISOString()).toBe("2026-01-12T12:00:00.000Z");
  });

  it("status: open now with now, or closed with the next opening; returns plain Dates", () => {
    expect(serviceStatusAt(hours, at("2026-01-16T16:30:00.000Z"))).toEqual({
      openNow: false,
      nextOpeningAt: at("2026-01-19T07:30:00.000Z"),
    });
    const open = serviceStatusAt(hours, at("2026-01-16T16:29:00.000Z"));
    expect(open.openNow).toBe(true);
    expect(open.nextOpeningAt.constructor).toBe(Date);
  });
});
