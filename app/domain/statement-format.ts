// Display formatting shared by the statement pages and the PDF, so both show the same text.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { formatMoney } from "~/domain/money";
import { lineSign, PAPER_STATEMENT_FEE, parseMonthKey } from "~/domain/statements";
import type { Locale, MessageKey, Translate } from "~/i18n";
import { dateFnsLocale, localeTag } from "~/i18n/formats";

export { localeTag };

/**
 * A statement amount with its sign always written: "+€12.50" money to the merchant, "−€12.50"
 * money from them, "€0.00". With these the totals add up as written (issue 9 item 7).
 */
export function formatSignedAmount(amountMinor: number, currency: string, locale: Locale): string {
  // `+ 0` turns a negated zero (a zero total of an outgoing kind) into 0: never "−€0.00".
  return formatMoney(amountMinor + 0, currency, localeTag(locale), { signDisplay: "exceptZero" }).replace("-", "\u2212");
}

/** "October 2026" / "Oktober 2026" for a month key. */
export function formatMonth(key: string, locale: Locale): string {
  const cacheKey = `${locale} ${key}`;
  let text = monthNames.get(cacheKey);
  if (text === undefined) {
    const { year, month } = parseMonthKey(key);
    text = format(new Date(year, month - 1, 15), "LLLL yyyy", { locale: dateFnsLocale(locale) });
    if (monthNames.size >= 2000) monthNames.clear();
    monthNames.set(cacheKey, text);
  }
  return text;
}

// A page of statements names the same few months hundreds of times; date-fns is slow at it.
const monthNames = new Map<string, string>();

/** The calendar date of an instant in the account's time zone. */
export function formatDay(iso: string, timeZone: string, locale: Locale): string {
  const cacheKey = `${locale} ${timeZone} ${iso}`;
  let text = dayNames.get(cacheKey);
  if (text === undefined) {
    text = format(new TZDate(new Date(iso).getTime(), timeZone), "P", { locale: dateFnsLocale(locale) });
    if (dayNames.size >= 5000) dayNames.clear();
    dayNames.set(cacheKey, text);
  }
  return text;
}

// Statements of one period share its first and last instants, and a page shows a few periods.
const dayNames = new Map<string, string>();

/** The last day of a half-open period [opensAt, closesAt). */
export function lastDayOf(closesAtIso: string): string {
  return new Date(new Date(closesAtIso).getTime() - 1).toISOString();
}

export type StatementTotals = { charges: number; credits: number; chargebacks: number; reversals: number; fees: number; net: number };
export type CurrencyTotals = StatementTotals & { currency: string };

/** The totals in statement order, signed from the merchant's side as on the lines and in the CSV. */
export const TOTAL_ROWS = [
  { key: "charges", label: "statement.total.charges", sign: lineSign("charge") },
  { key: "credits", label: "statement.total.credits", sign: lineSign("credit") },
  { key: "chargebacks", label: "statement.total.chargebacks", sign: lineSign("chargeback") },
  { key: "reversals", label: "statement.total.reversals", sign: lineSign("chargeback_reversal") },
  { key: "fees", label: "statement.total.fees", sign: lineSign("fee") },
  { key: "net", label: "statement.total.net", sign: 1 },
] as const satisfies readonly { key: keyof StatementTotals; label: MessageKey; sign: 1 | -1 }[];

export function totalRows(totals: StatementTotals, currency: string, locale: Locale, t: Translate) {
  return TOTAL_ROWS.map((row) => ({
    key: row.key,
    label: t(row.label),
    amount: formatSignedAmount(row.sign * totals[row.key], currency, locale),
  }));
}

/** "Net amount = Charges + Credits to cardholders + … + Fees": a sum of the signed amounts shown above it. */
export function netFormula(t: Translate): string {
  const parts = TOTAL_ROWS.filter((row) => row.key !== "net").map((row) => t(row.label));
  return `${t("statement.total.net")} = ${parts.join(" + ")}. ${t("statement.netExplained")}`;
}

/** The paper fee's stored description is English; its code lets every language name it. */
export function lineDescription(line: { code: string | null; description: string }, t: Translate): string {
  return line.code === PAPER_STATEMENT_FEE ? t("statement.paperFee") : line.description;
}
