// Money is integer minor units plus an ISO 4217 code (SPEC 12). Floats never hold amounts:
// parsing and CSV output work on decimal strings, and only display goes through Intl.

export type Money = { amountMinor: number; currency: string };

// Intl.NumberFormat formats any well-formed three-letter code ("XYZ"), so membership in
// Intl's own currency list is the check; older runtimes without supportedValuesOf fall back
// to the shape alone.
const knownCurrencies: ReadonlySet<string> | null =
  typeof Intl.supportedValuesOf === "function" ? new Set(Intl.supportedValuesOf("currency")) : null;

export function isCurrencyCode(value: unknown): value is string {
  if (typeof value !== "string" || !/^[A-Z]{3}$/.test(value)) return false;
  return knownCurrencies === null || knownCurrencies.has(value);
}

const digitsCache = new Map<string, number>();

/** Number of minor-unit digits for a currency, as Intl sees it (EUR 2, JPY 0, BHD 3). */
export function minorUnitDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  if (!isCurrencyCode(currency)) {
    throw new RangeError(`Unknown currency code: ${JSON.stringify(currency)}`);
  }
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  // resolvedOptions types this as optional; for style "currency" it is always set.
  const result = digits ?? 2;
  digitsCache.set(currency, result);
  return result;
}

function assertMinor(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`Amount must be an integer number of minor units, got ${amountMinor}`);
  }
}

/** Localised display, e.g. formatMoney(123456, "EUR", "de-DE") → "1.234,56 €". Negative amounts are allowed (statements). */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  assertMinor(amountMinor);
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
}

/**
 * Parses what a user typed as a major-unit amount into minor units.
 * Accepts ASCII digits with at most one decimal separator ('.' or ',') followed by at most
 * minorUnitDigits(currency) digits; surrounding whitespace is ignored. Refuses (null) signs,
 * exponents, thousands separators ("1.234,56" is ambiguous across locales), ".5", "12." and
 * amounts beyond Number.MAX_SAFE_INTEGER minor units. Zero parses to 0: the caller decides
 * whether zero is acceptable.
 */
export function parseMajorToMinor(text: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, whole, fraction = ""] = match;
  if (match[2] !== undefined && (digits === 0 || fraction.length > digits)) return null;
  const minorText = (whole + fraction.padEnd(digits, "0")).replace(/^0+(?=\d)/, "");
  const value = Number(minorText);
  return Number.isSafeInteger(value) ? value : null;
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
