// Money is integer minor units plus an ISO 4217 code (SPEC 12). Floats never hold amounts:
// parsing and CSV output work on decimal strings, and only display goes through Intl.

export type Money = { amountMinor: number; currency: string };

// Minor-unit digits of every active ISO 4217 code (list one as published 2026-01-01), fixed here
// rather than read from Intl: the runtime's ICU data disagrees with ISO for HUF, IDR, COP (2 in
// ISO, 0 in ICU) and IQD (3 vs 0), and may change with a Node upgrade, which would change what a
// stored amount means. Codes ISO lists without minor units (XAU, XDR, XXX …) are not money here.
const TWO_DIGITS =
  "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU " +
  "CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES " +
  "KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR " +
  "NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP " +
  "TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG";
const ZERO_DIGITS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const THREE_DIGITS = "BHD IQD JOD KWD LYD OMR TND";
const FOUR_DIGITS = "CLF UYW";

const MINOR_UNITS: ReadonlyMap<string, number> = new Map(
  (
    [
      [ZERO_DIGITS, 0],
      [TWO_DIGITS, 2],
      [THREE_DIGITS, 3],
      [FOUR_DIGITS, 4],
    ] as const
  ).flatMap(([codes, digits]) => codes.split(" ").map((code) => [code, digits] as const)),
);

/** Every currency code the portal knows, in alphabetical order. */
export const CURRENCY_CODES: readonly string[] = [...MINOR_UNITS.keys()].sort();

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === "string" && MINOR_UNITS.has(value);
}

/** Number of minor-unit digits of a currency per ISO 4217 (EUR 2, JPY 0, BHD 3, CLF 4). */
export function minorUnitDigits(currency: string): number {
  const digits = MINOR_UNITS.get(currency);
  // A stored or validated code never gets here unknown: this is a programming error, not user input.
  if (digits === undefined) throw new RangeError(`Unknown currency code: ${JSON.stringify(currency)}`);
  return digits;
}

function assertMinor(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`Amount must be an integer number of minor units, got ${amountMinor}`);
  }
}

export type FormatMoneyOptions = {
  /** "exceptZero" prefixes "+" to positive amounts (statement totals that add up as written). */
  signDisplay?: "auto" | "exceptZero";
};

// Building a NumberFormat costs far more than formatting with it; pages format hundreds of amounts.
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: string, signDisplay: "auto" | "exceptZero"): Intl.NumberFormat {
  const key = `${locale}|${currency}|${signDisplay}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = minorUnitDigits(currency);
    formatter = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      signDisplay,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Localised display, e.g. formatMoney(123456, "EUR", "de-DE") → "1.234,56 €". Negative amounts are allowed (statements). */
export function formatMoney(amountMinor: number, currency: string, locale: string, options: FormatMoneyOptions = {}): string {
  assertMinor(amountMinor);
  const digits = minorUnitDigits(currency);
  return formatterFor(locale, currency, options.signDisplay ?? "auto").format(amountMinor / 10 ** digits);
}

export type MajorAmount =
  | { ok: true; minor: number }
  /** Not an amount we read: signs, exponents, grouping, too many decimals, too large. */
  | { ok: false; reason: "invalid" }
  /**
   * "1.234" in a currency with three (or four) decimals: thousands grouping for 1234, or 1.234?
   * `asWhole` and `asDecimal` are the two readings written so that neither is ambiguous.
   */
  | { ok: false; reason: "ambiguous_grouping"; asWhole: string; asDecimal: string }
  | { ok: false; reason: "unknown_currency" };

const INVALID = { ok: false, reason: "invalid" } as const;

// One separator followed by exactly three digits, after one to three digits that do not start
// with 0, is also how thousands are grouped ("1.234", "12,345", "999.000").
function looksGrouped(whole: string, fraction: string): boolean {
  return fraction.length === 3 && /^[1-9]\d{0,2}$/.test(whole);
}

/**
 * Reads what a user typed as a major-unit amount, in minor units of `currency`.
 * Accepts ASCII digits with at most one decimal separator ('.' or ',') followed by at most
 * minorUnitDigits(currency) digits (further digits only if all zeros, and never exactly three:
 * "12.5000" is 12.50 EUR but "12.500" EUR looks like 12500); surrounding whitespace is ignored.
 * Refuses signs, exponents, thousands separators ("1.234,56" reads differently across locales),
 * ".5", "12." and amounts beyond Number.MAX_SAFE_INTEGER minor units. In a currency with three
 * or more decimals "1.234" is refused as ambiguous, with the two unambiguous spellings. Zero
 * parses to 0: the caller decides whether zero is acceptable.
 */
export function parseMajorAmount(text: string, currency: string): MajorAmount {
  if (!isCurrencyCode(currency)) return { ok: false, reason: "unknown_currency" };
  const digits = minorUnitDigits(currency);
  const match = /^(\d+)(?:([.,])(\d+))?$/.exec(text.trim());
  if (!match) return INVALID;
  const [, whole = "", separator = ".", fraction = ""] = match;
  if (match[3] !== undefined && looksGrouped(whole, fraction)) {
    // With fewer than three decimals only the grouping reading exists, and grouping is refused.
    if (digits < 3) return INVALID;
    return { ok: false, reason: "ambiguous_grouping", asWhole: whole + fraction, asDecimal: `${whole}${separator}${fraction}0` };
  }
  const extra = fraction.slice(digits);
  if (!/^0*$/.test(extra)) return INVALID;
  const minorText = (whole + fraction.slice(0, digits).padEnd(digits, "0")).replace(/^0+(?=\d)/, "");
  const value = Number(minorText);
  return Number.isSafeInteger(value) ? { ok: true, minor: value } : INVALID;
}

/** parseMajorAmount without the reason: the minor units, or null for anything it refuses. */
export function parseMajorToMinor(text: string, currency: string): number | null {
  const parsed = parseMajorAmount(text, currency);
  return parsed.ok ? parsed.minor : null;
}

/** Plain decimal string with a '.' separator and no grouping, for CSV: 1250 EUR → "12.50", 1200 JPY → "1200". */
export function minorToMajorString(amountMinor: number, currency: string): string {
  assertMinor(amountMinor);
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? "-" : "";
  const abs = String(Math.abs(amountMinor));
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * An amount as a user would type it back into a form, never ambiguous for parseMajorAmount:
 * 1500 KWD → "1.5" (not "1.500"), 1005 KWD → "1.0050", 250 EUR → "2.50".
 */
export function majorInputString(amountMinor: number, currency: string): string {
  const plain = minorToMajorString(amountMinor, currency);
  const [whole = "", fraction = ""] = plain.replace(/^-/, "").split(".");
  if (!looksGrouped(whole, fraction)) return plain;
  const trimmed = plain.replace(/0+$/, "");
  return trimmed.endsWith(".") ? trimmed.slice(0, -1) : trimmed.length < plain.length ? trimmed : `${plain}0`;
}

/** An example amount to show in a hint, in the currency's own decimals: "1234.50", "1234", "1234.500". */
export function exampleMajorAmount(currency: string): string {
  const digits = minorUnitDigits(currency);
  return digits === 0 ? "1234" : `1234.${"5".padEnd(digits, "0")}`;
}
