import { describe, it, expect, vi } from "vitest";
import {
  CURRENCY_CODES,
  exampleMajorAmount,
  formatMoney,
  isCurrencyCode,
  majorInputString,
  minorToMajorString,
  minorUnitDigits,
  parseMajorAmount,
  parseMajorToMinor,
} from "./money";

// Intl separates number and symbol with (narrow) no-break spaces in some locales.
const plain = (text: string) => text.replace(/\s/g, " ");

describe("isCurrencyCode", () => {
  it.each(["EUR", "USD", "JPY", "BHD", "CHF"])("accepts %s", (code) => {
    expect(isCurrencyCode(code)).toBe(true);
  });

  // Withdrawn codes (HRK 2023, SLL 2024, ANG 2025) and ISO codes without minor units (gold, SDR, "no currency").
  it.each(["eur", "EU", "EURO", "", " EUR", "XYZ", "123", "HRK", "SLL", "ANG", "XAU", "XDR", "XXX", "toString"])("refuses %j", (code) => {
    expect(isCurrencyCode(code)).toBe(false);
  });

  it("refuses non-strings", () => {
    expect(isCurrencyCode(978)).toBe(false);
    expect(isCurrencyCode(null)).toBe(false);
  });
});

describe("minorUnitDigits", () => {
  it.each([
    ["EUR", 2],
    ["USD", 2],
    ["GBP", 2],
    ["CHF", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["ISK", 0],
    ["CLP", 0],
    ["XOF", 0],
    ["BHD", 3],
    ["KWD", 3],
    ["JOD", 3],
    ["OMR", 3],
    ["TND", 3],
    ["LYD", 3],
    ["CLF", 4],
    ["UYW", 4],
    // ISO 4217 and the runtime's ICU data disagree on these: ISO wins.
    ["HUF", 2],
    ["IDR", 2],
    ["COP", 2],
    ["IQD", 3],
    ["XCG", 2],
    ["SLE", 2],
    ["ZWG", 2],
  ])("%s has %i minor digits", (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });

  it("holds every active ISO 4217 code with minor units (list one, 2026-01-01), independent of Intl", () => {
    expect(CURRENCY_CODES).toHaveLength(165);
    expect(CURRENCY_CODES.filter((c) => minorUnitDigits(c) === 0)).toEqual([
      "BIF",
      "CLP",
      "DJF",
      "GNF",
      "ISK",
      "JPY",
      "KMF",
      "KRW",
      "PYG",
      "RWF",
      "UGX",
      "UYI",
      "VND",
      "VUV",
      "XAF",
      "XOF",
      "XPF",
    ]);
    expect(CURRENCY_CODES.filter((c) => minorUnitDigits(c) === 3)).toEqual(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);
    expect(CURRENCY_CODES.filter((c) => minorUnitDigits(c) === 4)).toEqual(["CLF", "UYW"]);
    const spy = vi.spyOn(Intl.NumberFormat.prototype, "resolvedOptions");
    expect(minorUnitDigits("HUF")).toBe(2);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("throws for an unknown currency instead of guessing", () => {
    expect(() => minorUnitDigits("XYZ")).toThrow(RangeError);
    expect(() => minorUnitDigits("eur")).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats euros for German, Dutch and English readers", () => {
    expect(plain(formatMoney(123456, "EUR", "de-DE"))).toBe("1.234,56 €");
    expect(plain(formatMoney(123456, "EUR", "nl-NL"))).toBe("€ 1.234,56");
    expect(plain(formatMoney(123456, "EUR", "en-GB"))).toBe("€1,234.56");
  });

  it("formats dollars, yen and three-digit currencies by their own minor units", () => {
    expect(formatMoney(1250, "USD", "en-US")).toBe("$12.50");
    expect(formatMoney(1234, "JPY", "en-US")).toBe("¥1,234");
    expect(plain(formatMoney(1234, "BHD", "en-US"))).toBe("BHD 1.234");
  });

  it("uses the ISO minor units where the runtime's data differs", () => {
    expect(plain(formatMoney(123456, "HUF", "en-US"))).toBe("HUF 1,234.56");
    expect(plain(formatMoney(123456, "IQD", "en-US"))).toBe("IQD 123.456");
    expect(plain(formatMoney(1234567, "CLF", "en-US"))).toBe("CLF 123.4567");
  });

  it("signs positive amounts too when asked, for totals that add up as written", () => {
    expect(formatMoney(1250, "USD", "en-US", { signDisplay: "exceptZero" })).toBe("+$12.50");
    expect(formatMoney(-1250, "USD", "en-US", { signDisplay: "exceptZero" })).toBe("-$12.50");
    expect(formatMoney(0, "USD", "en-US", { signDisplay: "exceptZero" })).toBe("$0.00");
  });

  it("builds one Intl.NumberFormat per locale and currency, not one per amount", () => {
    const Original = Intl.NumberFormat;
    const spy = vi.spyOn(Intl, "NumberFormat").mockImplementation(function (...args: ConstructorParameters<typeof Original>) {
      return new Original(...args);
    });
    for (let i = 0; i < 50; i++) formatMoney(i, "SEK", "sv-SE");
    for (let i = 0; i < 50; i++) formatMoney(i, "SEK", "en-GB");
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it("an unknown code is a programming error, never formatted with guessed decimals", () => {
    expect(() => formatMoney(100, "XYZ", "en-GB")).toThrow(RangeError);
  });

  it("keeps trailing zeros and formats negatives and zero", () => {
    expect(formatMoney(100, "USD", "en-US")).toBe("$1.00");
    expect(formatMoney(-1250, "USD", "en-US")).toBe("-$12.50");
    expect(formatMoney(0, "EUR", "en-GB")).toBe("€0.00");
    expect(formatMoney(5, "EUR", "en-GB")).toBe("€0.05");
  });

  it("refuses non-integer amounts", () => {
    expect(() => formatMoney(12.5, "EUR", "en-GB")).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, "EUR", "en-GB")).toThrow(RangeError);
  });
});

describe("parseMajorToMinor", () => {
  it.each([
    ["12.50", "EUR", 1250],
    ["12,50", "EUR", 1250],
    ["12.5", "EUR", 1250],
    ["12,5", "EUR", 1250],
    ["12", "EUR", 1200],
    ["0.01", "EUR", 1],
    ["0", "EUR", 0],
    ["007.10", "EUR", 710],
    ["  42.00 ", "EUR", 4200],
    ["1234", "JPY", 1234],
    ["1,5", "BHD", 1500],
    ["0.123", "KWD", 123],
    ["1234.567", "KWD", 1234567],
    ["1.2340", "BHD", 1234],
    ["12.5000", "EUR", 1250],
    ["123.45", "HUF", 12345],
    ["1.5", "IQD", 1500],
    ["90071992547409.91", "EUR", 9007199254740991],
  ])("%j %s → %i", (text, currency, expected) => {
    expect(parseMajorToMinor(text, currency)).toBe(expected);
  });

  it.each([
    ["", "EUR"],
    ["   ", "EUR"],
    ["abc", "EUR"],
    ["-12.50", "EUR"],
    ["+12.50", "EUR"],
    ["1e3", "EUR"],
    ["12.", "EUR"],
    [".50", "EUR"],
    ["12.505", "EUR"],
    ["1.234,56", "EUR"],
    ["1,234.56", "EUR"],
    ["1 234", "EUR"],
    ["12.50 €", "EUR"],
    ["€12.50", "EUR"],
    ["0x10", "EUR"],
    ["١٢", "EUR"],
    ["Infinity", "EUR"],
    ["12.5", "JPY"],
    ["1,000", "JPY"],
    ["1.2345", "BHD"],
    ["1.234", "EUR"],
    ["12.500", "EUR"],
    ["90071992547409.92", "EUR"],
  ])("refuses %j for %s", (text, currency) => {
    expect(parseMajorToMinor(text, currency)).toBeNull();
    expect(parseMajorAmount(text, currency)).toEqual({ ok: false, reason: "invalid" });
  });

  it.each([
    ["1.234", "KWD", "1234", "1.2340"],
    ["1,234", "KWD", "1234", "1,2340"],
    ["12.345", "BHD", "12345", "12.3450"],
    ["999.000", "OMR", "999000", "999.0000"],
    ["1.234", "CLF", "1234", "1.2340"],
  ])("%j in %s could be grouping or decimals: refused, with both readings spelled out", (text, currency, asWhole, asDecimal) => {
    expect(parseMajorToMinor(text, currency)).toBeNull();
    expect(parseMajorAmount(text, currency)).toEqual({ ok: false, reason: "ambiguous_grouping", asWhole, asDecimal });
    // and each spelling it suggests is read without doubt
    expect(parseMajorAmount(asWhole, currency)).toMatchObject({ ok: true });
    expect(parseMajorAmount(asDecimal, currency)).toMatchObject({ ok: true });
  });

  it("refuses an unknown currency cleanly instead of throwing", () => {
    expect(parseMajorAmount("12.50", "XYZ")).toEqual({ ok: false, reason: "unknown_currency" });
    expect(parseMajorToMinor("12.50", "eur")).toBeNull();
  });

  it("round-trips with minorToMajorString", () => {
    for (const [amount, currency] of [
      [1, "EUR"],
      [1250, "EUR"],
      [99999999, "USD"],
      [500, "JPY"],
      [1005, "BHD"],
      [1500, "KWD"],
      [1000, "KWD"],
      [7, "KWD"],
      [123456789, "KWD"],
      [12340, "CLF"],
      [-1005, "BHD"],
    ] as const) {
      expect(parseMajorToMinor(majorInputString(Math.abs(amount), currency), currency)).toBe(Math.abs(amount));
    }
    expect(majorInputString(1500, "KWD")).toBe("1.5");
    expect(majorInputString(1000, "KWD")).toBe("1");
    expect(majorInputString(1005, "BHD")).toBe("1.0050");
    expect(majorInputString(250, "EUR")).toBe("2.50");
    expect(majorInputString(250, "KWD")).toBe("0.250");
  });

  it("examples in hints are never ambiguous", () => {
    for (const currency of CURRENCY_CODES) expect(parseMajorAmount(exampleMajorAmount(currency), currency)).toMatchObject({ ok: true });
    expect(exampleMajorAmount("KWD")).toBe("1234.500");
    expect(exampleMajorAmount("JPY")).toBe("1234");
  });
});

describe("minorToMajorString", () => {
  it.each([
    [1250, "EUR", "12.50"],
    [5, "EUR", "0.05"],
    [0, "EUR", "0.00"],
    [-1250, "EUR", "-12.50"],
    [-5, "EUR", "-0.05"],
    [123456789, "USD", "1234567.89"],
    [1200, "JPY", "1200"],
    [-1200, "JPY", "-1200"],
    [1234, "BHD", "1.234"],
    [7, "BHD", "0.007"],
  ])("%i %s → %j", (amount, currency, expected) => {
    expect(minorToMajorString(amount, currency)).toBe(expected);
  });

  it("refuses non-integer amounts", () => {
    expect(() => minorToMajorString(0.5, "EUR")).toThrow(RangeError);
  });
});
