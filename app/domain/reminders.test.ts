import { describe, expect, it } from "vitest";
import {
  calendarDaysLeft,
  chooseReminderRecipients,
  dueStage,
  hasNoAnswerOrDraft,
  parseReminderDays,
  reminderPlan,
  storedReminderDays,
} from "./reminders";
import type { Actor } from "./permissions";

const STAGES = [7, 3, 1];
// Respond-by is the end of a local day (SPEC 3.4).
const endOfDayBerlin = (day: string, offset: string) => new Date(`${day}T23:59:59.999${offset}`);

describe("calendar days left in the account's zone", () => {
  it("counts local calendar days, not 24-hour periods", () => {
    const due = endOfDayBerlin("2026-06-10", "+02:00");
    expect(calendarDaysLeft(due, new Date("2026-06-10T00:30:00+02:00"), "Europe/Berlin")).toBe(0);
    expect(calendarDaysLeft(due, new Date("2026-06-09T23:59:00+02:00"), "Europe/Berlin")).toBe(1);
    expect(calendarDaysLeft(due, new Date("2026-06-03T00:00:00+02:00"), "Europe/Berlin")).toBe(7);
    expect(calendarDaysLeft(due, new Date("2026-06-02T23:59:59+02:00"), "Europe/Berlin")).toBe(8);
  });

  it("is the local day, not the UTC one: 23:30 UTC is already tomorrow in Berlin", () => {
    const due = endOfDayBerlin("2026-06-10", "+02:00");
    // 2026-06-06T23:30Z is 07 June 01:30 in Berlin: 3 days left there, 4 by the UTC date.
    expect(calendarDaysLeft(due, new Date("2026-06-06T23:30:00Z"), "Europe/Berlin")).toBe(3);
    // In New York the same instant is 6 June evening; a case due 10 June there has 4 days left.
    expect(calendarDaysLeft(new Date("2026-06-10T23:59:59.999-04:00"), new Date("2026-06-06T23:30:00Z"), "America/New_York")).toBe(4);
  });

  it("spring forward: the 23-hour day counts as one day", () => {
    // Berlin moved to summer time on 29 March 2026.
    const due = endOfDayBerlin("2026-03-31", "+02:00");
    expect(calendarDaysLeft(due, new Date("2026-03-28T00:00:00+01:00"), "Europe/Berlin")).toBe(3);
    expect(calendarDaysLeft(due, new Date("2026-03-28T23:59:00+01:00"), "Europe/Berlin")).toBe(3);
    expect(calendarDaysLeft(due, new Date("2026-03-29T00:00:00+01:00"), "Europe/Berlin")).toBe(2);
    expect(calendarDaysLeft(due, new Date("2026-03-29T23:59:00+02:00"), "Europe/Berlin")).toBe(2);
    expect(calendarDaysLeft(due, new Date("2026-03-30T00:00:00+02:00"), "Europe/Berlin")).toBe(1);
  });

  it("fall back: the 25-hour day counts as one day", () => {
    // Berlin went back to winter time on 25 October 2026.
    const due = endOfDayBerlin("2026-10-26", "+01:00");
    expect(calendarDaysLeft(due, new Date("2026-10-25T00:00:00+02:00"), "Europe/Berlin")).toBe(1);
    // 23:30 local on the long day is 25 hours after its start: still 1 day left.
    expect(calendarDaysLeft(due, new Date("2026-10-25T23:30:00+01:00"), "Europe/Berlin")).toBe(1);
    expect(calendarDaysLeft(due, new Date("2026-10-26T00:00:00+01:00"), "Europe/Berlin")).toBe(0);
  });

  it("is negative once the day has passed", () => {
    expect(calendarDaysLeft(endOfDayBerlin("2026-06-10", "+02:00"), new Date("2026-06-11T08:00:00+02:00"), "Europe/Berlin")).toBe(-1);
  });
});

describe("the stage due", () => {
  it("is the nearest stage reached, every day from 8 days left to overdue", () => {
    const expected: Record<number, number | null> = { 8: null, 7: 7, 6: 7, 5: 7, 4: 7, 3: 3, 2: 3, 1: 1, 0: 1, [-1]: null };
    for (const [days, stage] of Object.entries(expected)) expect(dueStage(Number(days), STAGES), `${days} days left`).toBe(stage);
  });

  it("follows the setting, in any order", () => {
    expect(dueStage(10, [14, 2])).toBe(14);
    expect(dueStage(2, [2, 14])).toBe(2);
    expect(dueStage(30, [5])).toBeNull();
  });
});

describe("the reminder plan", () => {
  const due = endOfDayBerlin("2026-06-10", "+02:00");
  const base = { status: "awaiting_response", respondBy: due, timeZone: "Europe/Berlin", answered: false, drafted: false };
  const at = (iso: string) => new Date(iso);

  it("escalates only at the last stage, and only when nobody has answered or drafted", () => {
    expect(reminderPlan(base, at("2026-06-03T09:00:00+02:00"), STAGES)).toEqual({ stage: 7, daysLeft: 7, escalate: false });
    expect(reminderPlan(base, at("2026-06-07T09:00:00+02:00"), STAGES)).toEqual({ stage: 3, daysLeft: 3, escalate: false });
    expect(reminderPlan(base, at("2026-06-09T09:00:00+02:00"), STAGES)).toEqual({ stage: 1, daysLeft: 1, escalate: true });
    expect(reminderPlan({ ...base, answered: true }, at("2026-06-09T09:00:00+02:00"), STAGES)).toEqual({
      stage: 1,
      daysLeft: 1,
      escalate: false,
    });
    expect(reminderPlan({ ...base, drafted: true }, at("2026-06-09T09:00:00+02:00"), STAGES)).toEqual({
      stage: 1,
      daysLeft: 1,
      escalate: false,
    });
  });

  it("sends nothing for a case not awaiting a response, overdue, or before the first stage", () => {
    expect(reminderPlan({ ...base, status: "under_review" }, at("2026-06-09T09:00:00+02:00"), STAGES)).toBeNull();
    expect(reminderPlan(base, at("2026-06-11T00:00:00+02:00"), STAGES)).toBeNull();
    expect(reminderPlan(base, at("2026-06-02T09:00:00+02:00"), STAGES)).toBeNull();
  });

  it("a response or a saved draft each means somebody is at work on the case", () => {
    expect(hasNoAnswerOrDraft({ answered: false, drafted: false })).toBe(true);
    expect(hasNoAnswerOrDraft({ answered: true, drafted: false })).toBe(false);
    expect(hasNoAnswerOrDraft({ answered: false, drafted: true })).toBe(false);
  });
});

describe("the setting", () => {
  it("takes distinct positive whole days, at most five, stored largest first", () => {
    expect(parseReminderDays("1, 7, 3")).toEqual({ ok: true, days: [7, 3, 1] });
    expect(parseReminderDays("14 7;2")).toEqual({ ok: true, days: [14, 7, 2] });
    expect(parseReminderDays("")).toEqual({ ok: false, problem: "empty" });
    expect(parseReminderDays("7, 3, x")).toEqual({ ok: false, problem: "format" });
    expect(parseReminderDays("7, -3")).toEqual({ ok: false, problem: "format" });
    expect(parseReminderDays("2.5")).toEqual({ ok: false, problem: "format" });
    expect(parseReminderDays("7, 0")).toEqual({ ok: false, problem: "range" });
    expect(parseReminderDays("91")).toEqual({ ok: false, problem: "range" });
    expect(parseReminderDays("7, 3, 7")).toEqual({ ok: false, problem: "duplicate" });
    expect(parseReminderDays("10 9 8 7 6 5")).toEqual({ ok: false, problem: "tooMany" });
    expect(storedReminderDays([1, 7, 3])).toBe("7,3,1");
  });
});

describe("who hears of a stage", () => {
  const org = 1;
  const account = { accountId: 10, organisationId: org };
  const location: Actor = { userId: 1, role: "location", organisationId: org, assignedAccountIds: [10] };
  const otherLocation: Actor = { userId: 2, role: "location", organisationId: org, assignedAccountIds: [11] };
  const hq: Actor = { userId: 3, role: "head_office", organisationId: org, assignedAccountIds: [] };
  const admin: Actor = { userId: 4, role: "org_admin", organisationId: org, assignedAccountIds: [] };
  const analyst: Actor = { userId: 5, role: "analyst", organisationId: null, assignedAccountIds: [] };
  const candidates = [location, otherLocation, hq, admin, analyst];
  const choose = (handling: "central" | "local", escalate: boolean, preferences = new Map()) =>
    chooseReminderRecipients({ candidates, account, handling, escalate, preferences }).map((r) => [r.userId, r.category]);

  it("reminds those who may answer: the location, the head office only under central handling", () => {
    expect(choose("local", false)).toEqual([[1, "reminders"]]);
    expect(choose("central", false)).toEqual([
      [1, "reminders"],
      [3, "reminders"],
      [4, "reminders"],
    ]);
  });

  it("escalates to the head office under local handling too, as urgent", () => {
    expect(choose("local", true)).toEqual([
      [1, "reminders"],
      [3, "urgent"],
      [4, "urgent"],
    ]);
    expect(choose("central", true)).toEqual([
      [1, "reminders"],
      [3, "urgent"],
      [4, "urgent"],
    ]);
  });

  it("respects the reminders choice for reminders and the urgent choice for escalations", () => {
    const off = { inApp: false, email: false, daily: false };
    const preferences = new Map([
      [1, { reminders: off }],
      [3, { urgent: off }],
      [4, { reminders: off }],
    ]);
    expect(choose("local", true, preferences)).toEqual([[4, "urgent"]]);
  });
});
