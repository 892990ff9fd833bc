import { describe, it, expect } from "vitest";
import { formatMoney, isCurrencyCode, minorToMajorString, minorUnitDigits, parseMajorToMinor } from "./money";

// Intl separates number and symbol with (narrow) no-break spaces in some locales.
const plain = (text: string) => text.replace(/\s/g, " ");

describe("isCurrencyCode", () => {
  it.each(["EUR", "USD", "JPY", "BHD", "CHF"])("accepts %s", (code) => {
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each(["eur", "EU", "EURO", "", " EUR", "XYZ", "123"])("refuses %j", (code) => {
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
    ["JPY", 0],
    ["KRW", 0],
    ["BHD", 3],
    ["KWD", 3],
  ])("%s has %i minor digits", (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
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
    ["1.234", "BHD", 1234],
    ["1,5", "BHD", 1500],
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
    ["90071992547409.92", "EUR"],
  ])("refuses %j for %s", (text, currency) => {
    expect(parseMajorToMinor(text, currency)).toBeNull();
  });

  it("round-trips with minorToMajorString", () => {
    for (const [amount, currency] of [
      [1, "EUR"],
      [1250, "EUR"],
      [99999999, "USD"],
      [500, "JPY"],
      [1005, "BHD"],
    ] as const) {
      expect(parseMajorToMinor(minorToMajorString(amount, currency), currency)).toBe(amount);
    }
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
