import { describe, it, expect } from "vitest";
import { itemAt } from "../../tests/setup/at";
import {
  buildStatement,
  monthContaining,
  monthKey,
  nextMonth,
  paperlessAppliesTo,
  parseMonthKey,
  previousMonth,
  statementPeriod,
  type CurrencyTotals,
  type Statement,
  type StatementEntry,
  type StatementPeriod,
} from "./statements";

const at = (iso: string) => new Date(iso);
/** The account currency's totals (always the first). */
const own = (s: Statement): CurrencyTotals => {
  const found = s.totals.find((t) => t.currency === s.currency);
  if (!found) throw new Error("no totals in the account's currency");
  return found;
};
const iso = (d: Date) => d.toISOString();

function entry(kind: StatementEntry["kind"], amountMinor: number, occurredAt: string, extra: Partial<StatementEntry> = {}): StatementEntry {
  return { kind, amountMinor, currency: "USD", occurredAt: at(occurredAt), description: `${kind} ${amountMinor}`, ...extra };
}

describe("statementPeriod", () => {
  it("Europe/Berlin October 2026: CEST at the start, CET at the end (DST ends 25 Oct)", () => {
    const p = statementPeriod(2026, 10, "Europe/Berlin");
    // 1 Oct 00:00 CEST (UTC+2) and 1 Nov 00:00 CET (UTC+1)
    expect(iso(p.opensAt)).toBe("2026-09-30T22:00:00.000Z");
    expect(iso(p.closesAt)).toBe("2026-10-31T23:00:00.000Z");
  });

  it("Europe/Berlin December rolls over into the next year", () => {
    const p = statementPeriod(2026, 12, "Europe/Berlin");
    expect(iso(p.opensAt)).toBe("2026-11-30T23:00:00.000Z");
    expect(iso(p.closesAt)).toBe("2026-12-31T23:00:00.000Z"); // 1 Jan 2027 00:00 CET
  });

  it("America/New_York October, November and March 2026", () => {
    const oct = statementPeriod(2026, 10, "America/New_York");
    expect(iso(oct.opensAt)).toBe("2026-10-01T04:00:00.000Z"); // EDT, UTC−4
    // 1 Nov 2026 is the DST change day, but the change is at 02:00, so midnight is still EDT
    expect(iso(oct.closesAt)).toBe("2026-11-01T04:00:00.000Z");

    const nov = statementPeriod(2026, 11, "America/New_York");
    expect(iso(nov.opensAt)).toBe("2026-11-01T04:00:00.000Z");
    expect(iso(nov.closesAt)).toBe("2026-12-01T05:00:00.000Z"); // EST, UTC−5

    const mar = statementPeriod(2026, 3, "America/New_York");
    expect(iso(mar.opensAt)).toBe("2026-03-01T05:00:00.000Z"); // EST
    expect(iso(mar.closesAt)).toBe("2026-04-01T04:00:00.000Z"); // EDT since 8 Mar
  });

  it("consecutive periods tile the timeline with no gap or overlap", () => {
    for (const tz of ["Europe/Berlin", "America/New_York"]) {
      let ym = { year: 2026, month: 1 };
      for (let i = 0; i < 14; i++) {
        const next = nextMonth(ym);
        const a = statementPeriod(ym.year, ym.month, tz);
        const b = statementPeriod(next.year, next.month, tz);
        expect(a.closesAt.getTime()).toBe(b.opensAt.getTime());
        expect(a.opensAt.getTime()).toBeLessThan(a.closesAt.getTime());
        ym = next;
      }
    }
  });

  it("rejects invalid months and unknown time zones", () => {
    expect(() => statementPeriod(2026, 0, "Europe/Berlin")).toThrow(RangeError);
    expect(() => statementPeriod(2026, 13, "Europe/Berlin")).toThrow(RangeError);
    expect(() => statementPeriod(2026, 1.5, "Europe/Berlin")).toThrow(RangeError);
    expect(() => statementPeriod(2026, 10, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("month helpers", () => {
  it("previousMonth and nextMonth cross year boundaries", () => {
    expect(previousMonth({ year: 2026, month: 1 })).toEqual({ year: 2025, month: 12 });
    expect(previousMonth({ year: 2026, month: 11 })).toEqual({ year: 2026, month: 10 });
    expect(nextMonth({ year: 2026, month: 12 })).toEqual({ year: 2027, month: 1 });
  });

  it("monthKey pads and parseMonthKey reverses it", () => {
    expect(monthKey({ year: 2026, month: 10 })).toBe("2026-10");
    expect(monthKey({ year: 2026, month: 3 })).toBe("2026-03");
    expect(parseMonthKey("2026-03")).toEqual({ year: 2026, month: 3 });
    expect(() => parseMonthKey("2026-13")).toThrow(RangeError);
    expect(() => parseMonthKey("2026-1")).toThrow(RangeError);
  });

  it("monthContaining reads the month in the account's zone", () => {
    const instant = at("2026-10-31T23:30:00Z");
    expect(monthContaining(instant, "Europe/Berlin")).toEqual({ year: 2026, month: 11 }); // 00:30 on 1 Nov
    expect(monthContaining(instant, "America/New_York")).toEqual({ year: 2026, month: 10 }); // 19:30 on 31 Oct
  });
});

describe("buildStatement", () => {
  const nyOctober = statementPeriod(2026, 10, "America/New_York"); // [2026-10-01T04:00Z, 2026-11-01T04:00Z)

  const nyEntries: StatementEntry[] = [
    entry("charge", 100, "2026-10-01T04:00:00.000Z", { reference: "T-OPEN" }), // exactly opensAt: in
    entry("charge", 12000, "2026-10-03T15:00:00Z", { reference: "T-1" }),
    entry("charge", 4550, "2026-10-15T18:30:00Z", { reference: "T-2" }),
    entry("charge", 999, "2026-11-01T03:59:59.999Z", { reference: "T-LAST" }), // 31 Oct 23:59:59.999 EDT: in
    entry("credit", 2000, "2026-10-05T12:00:00Z", { description: "Refund" }),
    entry("credit", 1500, "2026-10-20T12:00:00Z", { description: "Credit issued in inquiry response" }),
    entry("chargeback", 4550, "2026-10-22T12:00:00Z", { reference: "CB-2026-000001" }),
    entry("chargeback", 3000, "2026-10-23T12:00:00Z", { reference: "CB-2026-000002" }),
    entry("chargeback_reversal", 3000, "2026-10-28T12:00:00Z", { reference: "CB-2026-000002" }),
    entry("fee", 250, "2026-10-31T12:00:00Z", { description: "Chargeback handling fee" }),
    // another currency: its own totals, not dropped
    entry("charge", 5000, "2026-10-10T12:00:00Z", { currency: "EUR", reference: "T-EUR" }),
    // excluded:
    entry("charge", 777, "2026-11-01T04:00:00.000Z"), // exactly closesAt
    entry("charge", 888, "2026-10-01T03:59:59.999Z"), // 30 Sep 23:59:59.999 EDT
  ];

  it("totals an account with several entries of each kind (America/New_York, on paper)", () => {
    const s = buildStatement({
      account: { currency: "USD", paperless: false },
      period: nyOctober,
      entries: nyEntries,
      paperStatementFeeMinor: 300,
    });
    // charges     = 100 + 12000 + 4550 + 999 = 17649
    // credits     = 2000 + 1500               =  3500
    // chargebacks = 4550 + 3000               =  7550
    // reversals   = 3000                      =  3000
    // fees        = 250 + 300 (paper)         =   550
    // net = 17649 − 3500 − 7550 + 3000 − 550  =  9049
    // EUR: one charge of 5000, its own totals; the paper fee is in the account's currency only.
    expect(s.totals).toEqual([
      { currency: "USD", charges: 17649, credits: 3500, chargebacks: 7550, reversals: 3000, fees: 550, net: 9049 },
      { currency: "EUR", charges: 5000, credits: 0, chargebacks: 0, reversals: 0, fees: 0, net: 5000 },
    ]);
    expect(s.currency).toBe("USD");
    expect(s.deliveredOnPaper).toBe(true);
    expect(s.lines).toHaveLength(12); // 10 in-period USD entries + 1 EUR entry + paper fee
    expect(s.lines.find((l) => l.reference === "T-EUR")).toMatchObject({ currency: "EUR", amountMinor: 5000 });
    expect(s.excluded.map((e) => [e.entry.amountMinor, e.reason])).toEqual([
      [777, "outside_period"],
      [888, "outside_period"],
    ]);
    expect(s.lines[0]).toMatchObject({ reference: "T-OPEN", amountMinor: 100 });

    const paperFees = s.lines.filter((l) => l.code === "paper_statement_fee");
    expect(paperFees).toHaveLength(1);
    expect(paperFees[0]).toMatchObject({ kind: "fee", amountMinor: 300, currency: "USD", reference: null });
    // dated the last instant of the period, and sorted after the 999 charge sharing that instant
    expect(iso(itemAt(paperFees, 0).occurredAt)).toBe("2026-11-01T03:59:59.999Z");
    expect(s.lines.at(-1)?.code).toBe("paper_statement_fee");
    expect(s.lines.at(-2)?.reference).toBe("T-LAST");
  });

  it("the same account enrolled in paperless: no fee line, online only", () => {
    const s = buildStatement({
      account: { currency: "USD", paperless: true },
      period: nyOctober,
      entries: nyEntries,
      paperStatementFeeMinor: 300,
    });
    // as above without the 300 paper fee: fees = 250, net = 9049 + 300 = 9349
    expect(own(s).fees).toBe(250);
    expect(own(s).net).toBe(9349);
    expect(s.lines.some((l) => l.code === "paper_statement_fee")).toBe(false);
    expect(s.deliveredOnPaper).toBe(false);
  });

  it("orders lines the same whatever order the entries arrive in", () => {
    const build = (entries: StatementEntry[]) =>
      buildStatement({ account: { currency: "USD", paperless: false }, period: nyOctober, entries, paperStatementFeeMinor: 300 });
    const forward = build(nyEntries);
    const backward = build([...nyEntries].reverse());
    expect(backward.lines).toEqual(forward.lines);
    const times = forward.lines.map((l) => l.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  describe("Europe/Berlin, October 2026 = [2026-09-30T22:00Z, 2026-10-31T23:00Z)", () => {
    const berlinOctober = statementPeriod(2026, 10, "Europe/Berlin");
    const eur = (kind: StatementEntry["kind"], amountMinor: number, when: string): StatementEntry => ({
      ...entry(kind, amountMinor, when),
      currency: "EUR",
    });

    it("zero activity, paperless: no lines, all totals zero", () => {
      const s = buildStatement({
        account: { currency: "EUR", paperless: true },
        period: berlinOctober,
        entries: [],
        paperStatementFeeMinor: 250,
      });
      expect(s.lines).toEqual([]);
      expect(s.totals).toEqual([{ currency: "EUR", charges: 0, credits: 0, chargebacks: 0, reversals: 0, fees: 0, net: 0 }]);
      expect(s.deliveredOnPaper).toBe(false);
    });

    it("zero activity, on paper: only the paper fee, net = −250", () => {
      const s = buildStatement({
        account: { currency: "EUR", paperless: false },
        period: berlinOctober,
        entries: [],
        paperStatementFeeMinor: 250,
      });
      expect(s.lines).toHaveLength(1);
      expect(s.lines[0]).toMatchObject({ kind: "fee", code: "paper_statement_fee", amountMinor: 250, currency: "EUR" });
      expect(iso(itemAt(s.lines, 0).occurredAt)).toBe("2026-10-31T22:59:59.999Z"); // 31 Oct 23:59:59.999 CET
      expect(s.totals).toEqual([{ currency: "EUR", charges: 0, credits: 0, chargebacks: 0, reversals: 0, fees: 250, net: -250 }]);
      expect(s.deliveredOnPaper).toBe(true);
    });

    it("boundary instants: opensAt included, closesAt excluded, across the DST change", () => {
      const s = buildStatement({
        account: { currency: "EUR", paperless: true },
        period: berlinOctober,
        entries: [
          eur("charge", 1, "2026-09-30T21:59:59.999Z"), // 30 Sep 23:59:59.999 CEST: out
          eur("charge", 10, "2026-09-30T22:00:00.000Z"), // 1 Oct 00:00 CEST = opensAt: in
          eur("charge", 100, "2026-10-25T01:30:00.000Z"), // 25 Oct 02:30 CET, after the clocks went back: in
          eur("charge", 1000, "2026-10-31T22:59:59.999Z"), // 31 Oct 23:59:59.999 CET: in
          eur("charge", 10000, "2026-10-31T23:00:00.000Z"), // 1 Nov 00:00 CET = closesAt: out
        ],
        paperStatementFeeMinor: 250,
      });
      // charges = 10 + 100 + 1000 = 1110
      expect(own(s).charges).toBe(1110);
      expect(own(s).net).toBe(1110);
      expect(s.excluded.map((e) => e.entry.amountMinor)).toEqual([1, 10000]);
    });

    it("credits, chargebacks, reversals and fees with several of each", () => {
      const s = buildStatement({
        account: { currency: "EUR", paperless: false },
        period: berlinOctober,
        entries: [
          eur("charge", 25000, "2026-10-02T08:00:00Z"),
          eur("charge", 18990, "2026-10-09T08:00:00Z"),
          eur("credit", 4000, "2026-10-10T08:00:00Z"),
          eur("credit", 990, "2026-10-11T08:00:00Z"),
          eur("chargeback", 18990, "2026-10-12T08:00:00Z"),
          eur("chargeback", 7500, "2026-10-13T08:00:00Z"),
          eur("chargeback_reversal", 7500, "2026-10-20T08:00:00Z"),
          eur("chargeback_reversal", 18990, "2026-10-21T08:00:00Z"),
          eur("fee", 1500, "2026-10-22T08:00:00Z"),
          eur("fee", 1500, "2026-10-23T08:00:00Z"),
        ],
        paperStatementFeeMinor: 250,
      });
      // charges     = 25000 + 18990 = 43990
      // credits     = 4000 + 990    =  4990
      // chargebacks = 18990 + 7500  = 26490
      // reversals   = 7500 + 18990  = 26490
      // fees        = 1500 + 1500 + 250 (paper) = 3250
      // net = 43990 − 4990 − 26490 + 26490 − 3250 = 35750
      expect(s.totals).toEqual([
        { currency: "EUR", charges: 43990, credits: 4990, chargebacks: 26490, reversals: 26490, fees: 3250, net: 35750 },
      ]);
    });
  });

  it("matches the account currency case-insensitively and normalises it", () => {
    const s = buildStatement({
      account: { currency: "usd", paperless: true },
      period: nyOctober,
      entries: [entry("charge", 500, "2026-10-10T12:00:00Z", { currency: "USD" })],
      paperStatementFeeMinor: 0,
    });
    expect(s.currency).toBe("USD");
    expect(itemAt(s.lines, 0).currency).toBe("USD");
  });

  it("keeps the paper fee line even when the fee setting is 0", () => {
    const s = buildStatement({ account: { currency: "USD", paperless: false }, period: nyOctober, entries: [], paperStatementFeeMinor: 0 });
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0]).toMatchObject({ code: "paper_statement_fee", amountMinor: 0 });
    expect(own(s).net).toBe(0);
  });

  it("no fee set for the account's currency: delivered on paper, but no fee line is charged", () => {
    const s = buildStatement({
      account: { currency: "CHF", paperless: false },
      period: nyOctober,
      entries: [],
      paperStatementFeeMinor: null,
    });
    expect(s.deliveredOnPaper).toBe(true);
    expect(s.lines).toEqual([]);
    expect(s.totals).toEqual([{ currency: "CHF", charges: 0, credits: 0, chargebacks: 0, reversals: 0, fees: 0, net: 0 }]);
  });

  it("totals per currency: each currency adds up on its own, the account's first, then by code", () => {
    const s = buildStatement({
      account: { currency: "EUR", paperless: false },
      period: nyOctober,
      entries: [
        entry("charge", 10000, "2026-10-02T12:00:00Z", { currency: "EUR" }),
        entry("credit", 2500, "2026-10-03T12:00:00Z", { currency: "EUR" }),
        entry("charge", 4000, "2026-10-04T12:00:00Z", { currency: "USD" }),
        entry("chargeback", 4000, "2026-10-05T12:00:00Z", { currency: "usd" }),
        entry("chargeback_reversal", 1500, "2026-10-06T12:00:00Z", { currency: "USD" }),
        entry("charge", 1234, "2026-10-07T12:00:00Z", { currency: "CHF" }),
        entry("fee", 34, "2026-10-08T12:00:00Z", { currency: "CHF" }),
      ],
      paperStatementFeeMinor: 250,
    });
    // EUR: 10000 − 2500 − 250 (paper fee) = 7250; CHF: 1234 − 34 = 1200; USD: 4000 − 4000 + 1500 = 1500
    expect(s.totals).toEqual([
      { currency: "EUR", charges: 10000, credits: 2500, chargebacks: 0, reversals: 0, fees: 250, net: 7250 },
      { currency: "CHF", charges: 1234, credits: 0, chargebacks: 0, reversals: 0, fees: 34, net: 1200 },
      { currency: "USD", charges: 4000, credits: 0, chargebacks: 4000, reversals: 1500, fees: 0, net: 1500 },
    ]);
    expect(s.excluded).toEqual([]);
    expect(s.lines.map((l) => l.currency)).toEqual(["EUR", "EUR", "USD", "USD", "USD", "CHF", "CHF", "EUR"]);
  });

  it("refuses amounts that are not positive integers of minor units and unknown kinds", () => {
    const build =
      (e: StatementEntry, fee = 0) =>
      () =>
        buildStatement({ account: { currency: "USD", paperless: true }, period: nyOctober, entries: [e], paperStatementFeeMinor: fee });
    expect(build(entry("charge", 0, "2026-10-10T12:00:00Z"))).toThrow(RangeError);
    expect(build(entry("credit", -500, "2026-10-10T12:00:00Z"))).toThrow(RangeError);
    expect(build(entry("charge", 12.5, "2026-10-10T12:00:00Z"))).toThrow(RangeError);
    expect(build({ ...entry("charge", 1, "2026-10-10T12:00:00Z"), kind: "toString" as StatementEntry["kind"] })).toThrow(RangeError);
    expect(build(entry("charge", 1, "2026-10-10T12:00:00Z"), -1)).toThrow(RangeError);
  });
});

describe("paperlessAppliesTo (enrolment applies from the next statement)", () => {
  const tz = "Europe/Berlin";
  const october = statementPeriod(2026, 10, tz);
  const november = statementPeriod(2026, 11, tz);
  const december = statementPeriod(2026, 12, tz);
  const enrolMidOctober = { enrolled: true, at: at("2026-10-14T10:00:00Z") };

  const statementFor = (period: StatementPeriod, history: { enrolled: boolean; at: Date }[]) =>
    buildStatement({
      account: { currency: "EUR", paperless: paperlessAppliesTo(history, period) },
      period,
      entries: [],
      paperStatementFeeMinor: 250,
    });

  it("no history means not enrolled", () => {
    expect(paperlessAppliesTo([], october)).toBe(false);
  });

  it("enrolling mid-October: October still has the fee, November does not", () => {
    const history = [enrolMidOctober];
    expect(paperlessAppliesTo(history, october)).toBe(false);
    expect(paperlessAppliesTo(history, november)).toBe(true);

    const oct = statementFor(october, history);
    expect(oct.deliveredOnPaper).toBe(true);
    expect(oct.lines.filter((l) => l.code === "paper_statement_fee")).toHaveLength(1);

    const nov = statementFor(november, history);
    expect(nov.deliveredOnPaper).toBe(false);
    expect(nov.lines).toEqual([]);
  });

  it("leaving paperless again is recorded and applies from the next month", () => {
    const history = [enrolMidOctober, { enrolled: false, at: at("2026-11-20T09:00:00Z") }];
    expect(paperlessAppliesTo(history, october)).toBe(false);
    expect(paperlessAppliesTo(history, november)).toBe(true); // left during November: still paperless
    expect(paperlessAppliesTo(history, december)).toBe(false);
    expect(own(statementFor(december, history)).fees).toBe(250);
  });

  it("a change exactly when a period opens belongs to that month and waits for the next", () => {
    // 1 Nov 2026 00:00 CET = 2026-10-31T23:00Z = november.opensAt
    const atOpen = [{ enrolled: true, at: new Date(november.opensAt.getTime()) }];
    expect(paperlessAppliesTo(atOpen, november)).toBe(false);
    expect(paperlessAppliesTo(atOpen, december)).toBe(true);
    // one millisecond earlier is still October
    const justBefore = [{ enrolled: true, at: new Date(november.opensAt.getTime() - 1) }];
    expect(paperlessAppliesTo(justBefore, november)).toBe(true);
  });

  it("uses the latest change before the period, whatever the array order; ties go to the later element", () => {
    const history = [
      { enrolled: false, at: at("2026-09-20T00:00:00Z") },
      { enrolled: true, at: at("2026-08-01T00:00:00Z") },
    ];
    expect(paperlessAppliesTo(history, october)).toBe(false);
    const tie = [
      { enrolled: true, at: at("2026-09-20T00:00:00Z") },
      { enrolled: false, at: at("2026-09-20T00:00:00Z") },
    ];
    expect(paperlessAppliesTo(tie, october)).toBe(false);
  });
});
