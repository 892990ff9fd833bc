import { describe, it, expect } from "vitest";
import {
  becomesUrgentByDeadline,
  becomesUrgentByFlag,
  calendarDaysLeft,
  countdown,
  DEFAULT_DEADLINE_DAYS,
  isUrgent,
  isValidTimeZone,
  respondByFor,
  URGENT_WINDOW_DAYS,
  urgentUntil,
  yearOfReceipt,
} from "./deadlines";

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

// Local wall-clock reading of an instant, from Intl alone (an oracle independent of date-fns).
const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: Date, timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      fractionalSecondDigits: 3,
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}.${parts.fractionalSecond}`,
  };
}

const plusDays = (ymd: string, days: number) =>
  new Date(Date.UTC(+ymd.slice(0, 4), +ymd.slice(5, 7) - 1, +ymd.slice(8, 10) + days)).toISOString().slice(0, 10);

describe("defaults", () => {
  it("match SPEC 3.4", () => {
    expect(DEFAULT_DEADLINE_DAYS).toEqual({ inquiry: 20, chargeback: 20, information_request: 10 });
    expect(URGENT_WINDOW_DAYS).toBe(3);
  });
});

describe("isValidTimeZone", () => {
  it.each([
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Amsterdam",
    "America/New_York",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "UTC",
    "Etc/GMT+1",
  ])("accepts %s", (zone) => expect(isValidTimeZone(zone)).toBe(true));

  it.each(["", "Europe/Nowhere", "Mars/Olympus", "+01:00", "-0500", "CET+1", 1, null, undefined])("refuses %j", (zone) =>
    expect(isValidTimeZone(zone)).toBe(false),
  );
});

describe("respondByFor", () => {
  it.each([
    // Europe/Berlin: CET (+1) until the last Sunday of March (29 March 2026), CEST (+2) until the
    // last Sunday of October (25 October 2026).
    ["before spring DST", "2026-03-08T12:00:00Z", "Europe/Berlin", 20, "2026-03-28T22:59:59.999Z"],
    ["on the spring DST day", "2026-03-09T12:00:00Z", "Europe/Berlin", 20, "2026-03-29T21:59:59.999Z"],
    ["after spring DST", "2026-03-10T12:00:00Z", "Europe/Berlin", 20, "2026-03-30T21:59:59.999Z"],
    ["the day before autumn DST", "2026-10-04T10:00:00Z", "Europe/Berlin", 20, "2026-10-24T21:59:59.999Z"],
    ["on the autumn DST day", "2026-10-05T10:00:00Z", "Europe/Berlin", 20, "2026-10-25T22:59:59.999Z"],
    ["after autumn DST", "2026-10-06T10:00:00Z", "Europe/Berlin", 20, "2026-10-26T22:59:59.999Z"],
    ["received on the spring DST day", "2026-03-29T01:30:00Z", "Europe/Berlin", 10, "2026-04-08T21:59:59.999Z"],
    // America/New_York: EST (-5) until the second Sunday of March (8 March 2026), EDT (-4) until
    // the first Sunday of November (1 November 2026).
    ["NY before spring DST", "2026-02-15T15:00:00Z", "America/New_York", 20, "2026-03-08T04:59:59.999Z"],
    ["NY on the spring DST day", "2026-02-16T15:00:00Z", "America/New_York", 20, "2026-03-09T03:59:59.999Z"],
    ["NY the day before autumn DST", "2026-10-11T14:00:00Z", "America/New_York", 20, "2026-11-01T03:59:59.999Z"],
    ["NY on the autumn DST day", "2026-10-12T14:00:00Z", "America/New_York", 20, "2026-11-02T04:59:59.999Z"],
    // Other zones of the demo and one far from UTC.
    ["Vienna", "2026-06-01T08:00:00Z", "Europe/Vienna", 20, "2026-06-21T21:59:59.999Z"],
    ["Amsterdam in winter", "2026-01-05T08:00:00Z", "Europe/Amsterdam", 20, "2026-01-25T22:59:59.999Z"],
    ["Auckland", "2026-04-01T00:00:00Z", "Pacific/Auckland", 10, "2026-04-11T11:59:59.999Z"],
    ["UTC", "2026-02-20T12:00:00Z", "UTC", 10, "2026-03-02T23:59:59.999Z"],
    ["zero days is the end of the day of receipt", "2026-05-05T05:00:00Z", "Europe/Berlin", 0, "2026-05-05T21:59:59.999Z"],
  ])("%s", (_name, receivedAt, zone, days, expected) => {
    expect(iso(respondByFor(at(receivedAt), zone, days))).toBe(expected);
  });

  describe("receipt around local midnight counts the local day, not the UTC day", () => {
    it.each([
      // 23:59:59.999 CET on 9 March is still 9 March in Berlin.
      ["Berlin, last ms of the day", "2026-03-09T22:59:59.999Z", "Europe/Berlin", "2026-03-29T21:59:59.999Z"],
      // 00:00 CET on 10 March, though still 9 March in UTC.
      ["Berlin, first ms of the next day", "2026-03-09T23:00:00.000Z", "Europe/Berlin", "2026-03-30T21:59:59.999Z"],
      ["Berlin summer, last ms", "2026-07-01T21:59:59.999Z", "Europe/Berlin", "2026-07-21T21:59:59.999Z"],
      ["Berlin summer, first ms", "2026-07-01T22:00:00.000Z", "Europe/Berlin", "2026-07-22T21:59:59.999Z"],
      // 23:59:59.999 EST on 28 February, already 1 March in UTC.
      ["New York, last ms of the day", "2026-03-01T04:59:59.999Z", "America/New_York", "2026-03-21T03:59:59.999Z"],
      ["New York, first ms of the next day", "2026-03-01T05:00:00.000Z", "America/New_York", "2026-03-22T03:59:59.999Z"],
    ])("%s", (_name, receivedAt, zone, expected) => {
      expect(iso(respondByFor(at(receivedAt), zone, 20))).toBe(expected);
    });
  });

  it("returns a plain Date whose ISO string is UTC", () => {
    const result = respondByFor(at("2026-03-09T12:00:00Z"), "Europe/Berlin", 20);
    expect(Object.getPrototypeOf(result)).toBe(Date.prototype);
    expect(result.toISOString()).toBe("2026-03-29T21:59:59.999Z");
    expect(JSON.stringify({ result })).toBe('{"result":"2026-03-29T21:59:59.999Z"}');
  });

  it("lands on 23:59:59.999 local, N local days later, every 11 hours of 2026 in DST zones", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Pacific/Auckland", "Asia/Kolkata", "Australia/Lord_Howe"];
    const start = Date.UTC(2026, 0, 1);
    for (const zone of zones) {
      for (let t = start; t < Date.UTC(2027, 0, 1); t += 11 * 60 * 60 * 1000) {
        const received = new Date(t);
        for (const days of [0, 10, 20]) {
          const result = respondByFor(received, zone, days);
          const local = wallClock(result, zone);
          expect(local.time, `${zone} ${received.toISOString()} +${days}`).toBe("23:59:59.999");
          expect(local.date, `${zone} ${received.toISOString()} +${days}`).toBe(plusDays(wallClock(received, zone).date, days));
          // One millisecond later is the next local day.
          expect(wallClock(new Date(result.getTime() + 1), zone).time).toBe("00:00:00.000");
        }
      }
    }
  });

  it("refuses bad input instead of producing an Invalid Date", () => {
    expect(() => respondByFor(at("2026-03-09T12:00:00Z"), "Europe/Nowhere", 20)).toThrow(RangeError);
    expect(() => respondByFor(at("2026-03-09T12:00:00Z"), "Europe/Berlin", -1)).toThrow(RangeError);
    expect(() => respondByFor(at("2026-03-09T12:00:00Z"), "Europe/Berlin", 1.5)).toThrow(RangeError);
    expect(() => respondByFor(new Date(Number.NaN), "Europe/Berlin", 20)).toThrow(RangeError);
  });
});

describe("countdown", () => {
  // End of 29 March 2026 (the spring DST day) in Berlin.
  const respondBy = at("2026-03-29T21:59:59.999Z");
  const zone = "Europe/Berlin";

  it.each([
    ["at the deadline itself", "2026-03-29T21:59:59.999Z", { kind: "due_today" }],
    ["1 ms after the deadline", "2026-03-29T22:00:00.000Z", { kind: "overdue" }],
    ["long after", "2026-05-01T00:00:00Z", { kind: "overdue" }],
    ["at local midnight of the due day (23 h long)", "2026-03-28T23:00:00.000Z", { kind: "due_today" }],
    ["the last ms of the day before", "2026-03-28T22:59:59.999Z", { kind: "days_left", days: 1 }],
    ["three local days before", "2026-03-26T08:00:00Z", { kind: "days_left", days: 3 }],
    ["at receipt, 20 days before", "2026-03-09T12:00:00Z", { kind: "days_left", days: 20 }],
  ])("%s", (_name, now, expected) => {
    expect(countdown(respondBy, zone, at(now))).toEqual(expected);
  });

  it("counts days in the account's zone, not in UTC", () => {
    const endOf20March = at("2026-03-20T22:59:59.999Z");
    // 00:30 on 20 March in Berlin, still 19 March in UTC.
    const now = at("2026-03-19T23:30:00Z");
    expect(countdown(endOf20March, "Europe/Berlin", now)).toEqual({ kind: "due_today" });
    expect(countdown(endOf20March, "UTC", now)).toEqual({ kind: "days_left", days: 1 });
  });

  it("counts days across the New York autumn change", () => {
    const endOf1Nov = at("2026-11-02T04:59:59.999Z");
    expect(countdown(endOf1Nov, "America/New_York", at("2026-10-29T04:00:00Z"))).toEqual({ kind: "days_left", days: 3 });
    expect(countdown(endOf1Nov, "America/New_York", at("2026-11-01T04:00:00Z"))).toEqual({ kind: "due_today" });
    expect(countdown(endOf1Nov, "America/New_York", at("2026-11-01T03:59:59.999Z"))).toEqual({ kind: "days_left", days: 1 });
  });

  it("calendarDaysLeft gives the same number", () => {
    expect(calendarDaysLeft(respondBy, zone, at("2026-03-26T08:00:00Z"))).toBe(3);
    expect(calendarDaysLeft(respondBy, zone, at("2026-03-29T08:00:00Z"))).toBe(0);
    expect(calendarDaysLeft(respondBy, zone, at("2026-03-30T08:00:00Z"))).toBeNull();
  });
});

describe("isUrgent", () => {
  const zone = "Europe/Berlin";
  // End of 10 April 2026 in Berlin (CEST).
  const respondBy = at("2026-04-10T21:59:59.999Z");
  const awaiting = { status: "awaiting_response" as const, respondBy, urgentFlag: false, timeZone: zone };

  it.each([
    ["4 days left (last ms of 6 April)", "2026-04-06T21:59:59.999Z", false],
    ["3 days left (first ms of 7 April)", "2026-04-06T22:00:00.000Z", true],
    ["1 day left", "2026-04-09T12:00:00Z", true],
    ["due today", "2026-04-10T12:00:00Z", true],
    ["at the deadline", "2026-04-10T21:59:59.999Z", true],
    ["overdue by 1 ms", "2026-04-10T22:00:00.000Z", false],
    ["far away", "2026-03-25T12:00:00Z", false],
  ])("awaiting a response, %s → %s", (_name, now, expected) => {
    expect(isUrgent(awaiting, at(now))).toBe(expected);
  });

  it("the window is a parameter", () => {
    expect(isUrgent(awaiting, at("2026-04-09T12:00:00Z"), 0)).toBe(false);
    expect(isUrgent(awaiting, at("2026-04-10T00:00:00Z"), 0)).toBe(false);
    expect(isUrgent(awaiting, at("2026-04-05T12:00:00Z"), 5)).toBe(true);
  });

  it("window 0: only flagged cases are urgent, even when due today", () => {
    const dueToday = at("2026-04-10T12:00:00Z");
    expect(isUrgent(awaiting, dueToday, 0)).toBe(false);
    expect(isUrgent({ ...awaiting, urgentFlag: true }, dueToday, 0)).toBe(true);
    expect(urgentUntil(dueToday, zone, 0).getTime()).toBeLessThan(dueToday.getTime());
  });

  it("window 3: a case due today is urgent", () => {
    const dueToday = at("2026-04-10T12:00:00Z");
    expect(isUrgent(awaiting, dueToday, 3)).toBe(true);
    expect(respondBy.getTime()).toBeLessThanOrEqual(urgentUntil(dueToday, zone, 3).getTime());
  });

  it("an analyst's flag makes any open case urgent, but not a closed one", () => {
    const farAway = at("2026-03-01T12:00:00Z");
    expect(isUrgent({ ...awaiting, urgentFlag: true }, farAway)).toBe(true);
    expect(isUrgent({ ...awaiting, status: "under_review", urgentFlag: true }, farAway)).toBe(true);
    expect(isUrgent({ ...awaiting, status: "closed", urgentFlag: true }, farAway)).toBe(false);
  });

  it("a case under review or closed is not urgent by its deadline", () => {
    const dueToday = at("2026-04-10T12:00:00Z");
    expect(isUrgent({ ...awaiting, status: "under_review" }, dueToday)).toBe(false);
    expect(isUrgent({ ...awaiting, status: "closed" }, dueToday)).toBe(false);
  });

  it("uses the account's zone: 00:30 in Berlin is already the next day", () => {
    const now = at("2026-04-06T22:30:00Z");
    expect(isUrgent(awaiting, now)).toBe(true);
    expect(isUrgent({ ...awaiting, timeZone: "America/New_York" }, now)).toBe(false);
  });

  it("agrees with urgentUntil: urgent by deadline exactly when now <= respondBy <= urgentUntil", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Pacific/Auckland"];
    const base = Date.UTC(2026, 2, 1);
    for (const timeZone of zones) {
      for (let i = 0; i < 400; i++) {
        // Deterministic spread of instants over March–April, across both DST changes.
        const now = new Date(base + ((i * 7_919_993) % (60 * 24 * 3600 * 1000)));
        const respondBy = new Date(now.getTime() + ((i * 3_600_017 * 13) % (8 * 24 * 3600 * 1000)) - 24 * 3600 * 1000);
        for (const windowDays of [0, 1, URGENT_WINDOW_DAYS]) {
          const expected = now <= respondBy && respondBy <= urgentUntil(now, timeZone, windowDays);
          expect(isUrgent({ status: "awaiting_response", respondBy, urgentFlag: false, timeZone }, now, windowDays)).toBe(expected);
        }
      }
    }
  });

  it("urgentUntil is the end of the local day three days ahead", () => {
    expect(iso(urgentUntil(at("2026-04-06T22:30:00Z"), "Europe/Berlin"))).toBe("2026-04-10T21:59:59.999Z");
    expect(iso(urgentUntil(at("2026-04-06T22:30:00Z"), "America/New_York"))).toBe("2026-04-10T03:59:59.999Z");
  });
});

describe("yearOfReceipt", () => {
  it("is the calendar year at the account, not in UTC", () => {
    // 1 January 02:00 UTC is still New Year's Eve (21:00) in New York.
    expect(yearOfReceipt(at("2027-01-01T02:00:00Z"), "America/New_York")).toBe(2026);
    // 31 December 23:30 UTC is already 1 January (00:30) in Berlin.
    expect(yearOfReceipt(at("2026-12-31T23:30:00Z"), "Europe/Berlin")).toBe(2027);
    expect(yearOfReceipt(at("2026-12-31T23:30:00Z"), "UTC")).toBe(2026);
    expect(yearOfReceipt(at("2027-01-01T05:00:00Z"), "America/New_York")).toBe(2027);
  });

  it("refuses an unknown zone", () => {
    expect(() => yearOfReceipt(at("2026-06-01T00:00:00Z"), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("becomesUrgentByDeadline", () => {
  const respondBy = at("2026-11-30T22:59:59.999Z"); // end of 30 November in Berlin
  const base = { status: "awaiting_response" as const, respondBy, urgentFlag: false, timeZone: "Europe/Berlin" };

  it("is true when an unflagged case enters the window", () => {
    expect(becomesUrgentByDeadline(base, at("2026-11-27T10:00:00Z"), 3)).toBe(true);
    expect(becomesUrgentByDeadline(base, at("2026-11-26T10:00:00Z"), 3)).toBe(false);
  });

  it("is false for a case the analyst flagged: it was urgent already", () => {
    expect(becomesUrgentByDeadline({ ...base, urgentFlag: true }, at("2026-11-27T10:00:00Z"), 3)).toBe(false);
  });

  it("is false with window 0 and for closed cases", () => {
    expect(becomesUrgentByDeadline(base, at("2026-11-30T10:00:00Z"), 0)).toBe(false);
    expect(becomesUrgentByDeadline({ ...base, status: "closed" }, at("2026-11-27T10:00:00Z"), 3)).toBe(false);
  });
});

describe("becomesUrgentByFlag", () => {
  const respondBy = at("2026-11-30T22:59:59.999Z"); // end of 30 November in Berlin
  const base = { status: "awaiting_response" as const, respondBy, timeZone: "Europe/Berlin" };

  it("is true before the window, false inside it (urgent already)", () => {
    expect(becomesUrgentByFlag(base, at("2026-11-20T10:00:00Z"), 3)).toBe(true);
    expect(becomesUrgentByFlag(base, at("2026-11-28T10:00:00Z"), 3)).toBe(false);
  });

  it("is true for a case under review, which its deadline does not make urgent, and false once closed", () => {
    expect(becomesUrgentByFlag({ ...base, status: "under_review" }, at("2026-11-28T10:00:00Z"), 3)).toBe(true);
    expect(becomesUrgentByFlag({ ...base, status: "closed" }, at("2026-11-20T10:00:00Z"), 3)).toBe(false);
  });
});
