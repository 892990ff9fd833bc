import { describe, expect, it } from "vitest";
import {
  averageResponseSeconds,
  contribution,
  difference,
  emptyStatistics,
  localMonth,
  monthRange,
  monthsBetween,
  noReplyRate,
  parsePeriod,
  parseSort,
  periodMonths,
  recentMonths,
  responseSeconds,
  sortLocations,
  totalsByCurrency,
  winRate,
  zoneOfAccounts,
  type CaseFacts,
  type LocationStatistics,
  type Statistics,
} from "./analytics";

const stats = (s: Partial<Statistics>): Statistics => ({ ...emptyStatistics(), ...s });

describe("month of receipt in the account's zone", () => {
  it("counts a case received late on 30 November UTC in Vienna under December", () => {
    expect(localMonth(new Date("2026-11-30T23:30:00Z"), "Europe/Vienna")).toBe("2026-12");
    expect(localMonth(new Date("2026-11-30T23:30:00Z"), "UTC")).toBe("2026-11");
    expect(localMonth(new Date("2026-12-01T03:00:00Z"), "America/New_York")).toBe("2026-11");
  });
  it("gives a month's half-open range as UTC instants, across a change to summer time", () => {
    expect(monthRange("2026-03", "Europe/Berlin")).toEqual({
      start: new Date("2026-02-28T23:00:00Z"),
      end: new Date("2026-03-31T22:00:00Z"),
    });
    expect(monthRange("2026-12", "UTC").end).toEqual(new Date("2027-01-01T00:00:00Z"));
  });
  it("lists months across a year end, both ends included", () => {
    expect(monthsBetween("2026-11", "2027-02")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(monthsBetween("2026-11", "2026-11")).toEqual(["2026-11"]);
    expect(monthsBetween("2026-12", "2026-11")).toEqual([]);
  });
});

describe("the period", () => {
  const now = new Date("2026-12-10T12:00:00Z");
  it("reads rolling periods and months; anything else is refused, nothing is the default", () => {
    expect(parsePeriod("30d")).toEqual({ kind: "rolling", days: 30 });
    expect(parsePeriod("2026-11")).toEqual({ kind: "month", month: "2026-11" });
    expect(parsePeriod(null)).toEqual({ kind: "rolling", days: 90 });
    for (const bad of ["31d", "2026-13", "2026-1", "x", "1999-12", "2026-11; drop table"]) expect(parsePeriod(bad)).toBeNull();
  });
  it("covers every month a rolling period touches", () => {
    expect(periodMonths({ kind: "rolling", days: 30 }, now, "UTC")).toEqual({ from: "2026-11", to: "2026-12" });
    expect(periodMonths({ kind: "rolling", days: 365 }, now, "UTC")).toEqual({ from: "2025-12", to: "2026-12" });
    expect(periodMonths({ kind: "month", month: "2026-02" }, now, "UTC")).toEqual({ from: "2026-02", to: "2026-02" });
    // Just after midnight on 1 December in Vienna it is December there, still November in UTC.
    expect(periodMonths({ kind: "rolling", days: 1 } as never, new Date("2026-11-30T23:30:00Z"), "Europe/Vienna").to).toBe("2026-12");
  });
  it("offers the last twelve months, newest first", () => {
    const months = recentMonths(now, "UTC", 12);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2026-12");
    expect(months[11]).toBe("2026-01");
  });
  it("labels months in the accounts' zone when they share one", () => {
    expect(zoneOfAccounts(["Europe/Vienna", "Europe/Vienna"])).toBe("Europe/Vienna");
    expect(zoneOfAccounts(["Europe/Vienna", "Europe/Berlin"])).toBe("UTC");
    expect(zoneOfAccounts([])).toBe("UTC");
  });
});

describe("what a case adds", () => {
  const base: CaseFacts = {
    type: "chargeback",
    status: "awaiting_response",
    outcome: null,
    disputedAmountMinor: 5_000,
    receivedAt: new Date("2026-11-02T09:00:00.900Z"),
    lastResponseAt: null,
  };
  it("an open case counts as received and at risk", () => {
    expect(contribution(base)).toEqual(stats({ chargebacks: 1, open_cases: 1, open_minor: 5_000 }));
  });
  it("a closed case counts its outcome and a response its seconds; credits come from the ledger, not the case", () => {
    const answered = {
      ...base,
      type: "inquiry" as const,
      status: "closed" as const,
      outcome: "credit_issued" as const,
      lastResponseAt: new Date("2026-11-03T09:00:01.100Z"),
    };
    expect(contribution(answered)).toEqual(stats({ inquiries: 1, credit_issued: 1, responses: 1, response_seconds: 86_401 }));
  });
  it("a change is the difference of the two shares", () => {
    const d = difference(contribution({ ...base, status: "closed", outcome: "won" }), contribution(base));
    expect(d).toEqual(stats({ open_cases: -1, open_minor: -5_000, won: 1 }));
  });
  it("response seconds are whole epoch seconds apart", () => {
    expect(responseSeconds(new Date("2026-11-02T09:00:00.999Z"), new Date("2026-11-02T09:00:01.000Z"))).toBe(1);
  });
});

describe("rates", () => {
  it("win rate is won over won, lost and expired; accepted is no decision; none decided is no rate", () => {
    expect(winRate(stats({ won: 3, lost: 1, expired: 2, accepted: 10 }))).toBe(0.5);
    expect(winRate(stats({ accepted: 4 }))).toBeNull();
  });
  it("no-reply rate is unanswered closed cases over closed cases", () => {
    expect(noReplyRate(stats({ no_reply: 1, expired: 1, won: 1, resolved: 1 }))).toBe(0.5);
    expect(noReplyRate(stats({ open_cases: 3 }))).toBeNull();
  });
  it("average time to respond is over the answered cases only", () => {
    expect(averageResponseSeconds(stats({ responses: 4, response_seconds: 400 }))).toBe(100);
    expect(averageResponseSeconds(stats({}))).toBeNull();
  });
  it("money is summed per currency", () => {
    const totals = totalsByCurrency([
      { currency: "EUR", statistics: stats({ credits_minor: 100 }) },
      { currency: "CHF", statistics: stats({ credits_minor: 7 }) },
      { currency: "EUR", statistics: stats({ credits_minor: 50 }) },
    ]);
    expect(totals.get("EUR")!.credits_minor).toBe(150);
    expect(totals.get("CHF")!.credits_minor).toBe(7);
  });
});

describe("sorting the locations", () => {
  const row = (accountId: number, accountName: string, s: Partial<Statistics>): LocationStatistics => ({
    accountId,
    accountName,
    merchantNumber: String(accountId),
    currency: "EUR",
    statistics: stats(s),
  });
  const rows = [
    row(1, "Wien", { won: 1, lost: 1, inquiries: 5 }),
    row(2, "Graz", { won: 3, inquiries: 1 }),
    row(3, "Linz", { inquiries: 2 }),
  ];
  const names = (r: LocationStatistics[]) => r.map((x) => x.accountName);
  it("by any column, either way; rows without a rate last both ways", () => {
    expect(names(sortLocations(rows, "location", "asc"))).toEqual(["Graz", "Linz", "Wien"]);
    expect(names(sortLocations(rows, "cases", "desc"))).toEqual(["Wien", "Linz", "Graz"]);
    expect(names(sortLocations(rows, "winRate", "desc"))).toEqual(["Graz", "Wien", "Linz"]);
    expect(names(sortLocations(rows, "winRate", "asc"))).toEqual(["Wien", "Graz", "Linz"]);
  });
  it("an unknown column or direction falls back to the location, and says so", () => {
    expect(parseSort("winRate", "asc")).toEqual({ sort: "winRate", dir: "asc", valid: true });
    expect(parseSort(null, null)).toEqual({ sort: "location", dir: "asc", valid: true });
    expect(parseSort("password", "asc")).toEqual({ sort: "location", dir: "asc", valid: false });
    expect(parseSort("cases", "sideways")).toEqual({ sort: "cases", dir: "desc", valid: false });
  });
});
