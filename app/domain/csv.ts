// CSV output (RFC 4180) for downloads such as statements. Pure string building; the route
// sets the headers (text/csv; charset=utf-8, Content-Disposition: attachment).
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { minorToMajorString } from "./money";
import { lineSign, type Statement } from "./statements";

/** Prepend to the CSV text if Excel must read it as UTF-8 (umlauts in German descriptions). */
export const UTF8_BOM = "\uFEFF";

export type CsvOptions = {
  /**
   * Zero-based indexes of columns that hold amounts. A cell in such a column that is a plain
   * decimal number ("-12.50", "300") is written as is; anything else in it, like the header
   * text, is treated as text and guarded. Cells of all other columns are always text.
   */
  numericColumns?: readonly number[];
};

// What a spreadsheet may read as the start of a formula or a DDE call (OWASP "CSV Injection"):
// = + - @, and tab/CR/LF, which some programs skip before looking for one of those.
const FORMULA_TRIGGER = /^[=+\-@\t\r\n]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Neutralises a text cell a spreadsheet would run as a formula by prefixing an apostrophe. */
export function guardFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

function quoteField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/**
 * RFC 4180 text: fields separated by commas, records ended by CRLF (including the last);
 * fields with a comma, double quote, CR or LF are quoted with inner quotes doubled. Text
 * cells starting with a formula trigger get a leading apostrophe (see `CsvOptions`).
 * A record that is one empty field is written as `""` so it is not read as a blank line.
 */
export function toCsv(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  return rows.map((row) => csvRecord(row, options)).join("");
}

/** One record of `toCsv`, CRLF included: what a streamed export writes row by row. */
export function csvRecord(row: readonly string[], options: CsvOptions = {}): string {
  if (row.length === 1 && row[0] === "") return '""\r\n';
  const numeric = options.numericColumns ?? [];
  const fields = row.map((cell, i) => quoteField(numeric.includes(i) && PLAIN_NUMBER.test(cell) ? cell : guardFormula(cell)));
  return `${fields.join(",")}\r\n`;
}

/**
 * An instant as ISO 8601 local time in `timeZone` with that zone's offset at the time
 * ("2026-11-20T23:59:59+01:00"): a spreadsheet user reads the local clock, a program the instant.
 */
export function zonedTimestamp(iso: string, timeZone: string): string {
  return format(new TZDate(new Date(iso).getTime(), timeZone), "yyyy-MM-dd'T'HH:mm:ssxxx");
}

// ---------------------------------------------------------------------------
// Statement CSV

export const STATEMENT_CSV_HEADER = ["date", "kind", "description", "reference", "amount", "currency"] as const;
export type StatementCsvColumn = (typeof STATEMENT_CSV_HEADER)[number];
const AMOUNT_COLUMN = STATEMENT_CSV_HEADER.indexOf("amount");

export type StatementTotalKey = "charges" | "credits" | "chargebacks" | "reversals" | "fees" | "net";

const TOTAL_ROWS: readonly { key: StatementTotalKey; kind: string; sign: 1 | -1 }[] = [
  { key: "charges", kind: "total_charges", sign: lineSign("charge") },
  { key: "credits", kind: "total_credits", sign: lineSign("credit") },
  { key: "chargebacks", kind: "total_chargebacks", sign: lineSign("chargeback") },
  { key: "reversals", kind: "total_chargeback_reversals", sign: lineSign("chargeback_reversal") },
  { key: "fees", kind: "total_fees", sign: lineSign("fee") },
  { key: "net", kind: "net", sign: 1 },
];

const DEFAULT_TOTAL_LABELS: Record<StatementTotalKey, string> = {
  charges: "Total charges",
  credits: "Total credits",
  chargebacks: "Total chargebacks",
  reversals: "Total chargeback reversals",
  fees: "Total fees",
  net: "Net amount",
};

export type StatementCsvMeta = {
  /** The account's IANA zone: the date column is the local calendar date there. */
  timeZone: string;
  /** Translated descriptions for the totals rows (the kind column stays machine-readable). */
  totalLabels?: Partial<Record<StatementTotalKey, string>>;
  /** The header row in the reader's language; the column order never changes. */
  headerLabels?: Partial<Record<StatementCsvColumn, string>>;
};

/**
 * Statement as CSV: the header row, one row per line in statement order, then six totals rows
 * per currency (the account's first; SPEC 6), each row naming its currency.
 * - date: yyyy-MM-dd in the account's time zone; empty on totals rows.
 * - kind: the line kind (so rows of one kind sum to its total); `total_*` / `net` on totals rows.
 * - reference: the ledger reference; `paper_statement_fee` on that fee's line.
 * - amount: major units with a '.' (JPY has none), signed from the merchant's side: charges
 *   and chargeback reversals positive, credits, chargebacks and fees negative. So the amounts
 *   of one currency's line rows sum to its net, and so do its five `total_*` rows.
 */
export function statementCsv(statement: Statement, meta: StatementCsvMeta): string {
  return statementCsvHeader(meta) + statementCsvLines(statement.lines, meta) + statementCsvTotals(statement.totals, meta);
}

// The same document in pieces, for a download written a page of lines at a time: the header
// row, any run of lines (in statement order), then the totals rows.

export function statementCsvHeader(meta: Pick<StatementCsvMeta, "headerLabels"> = {}): string {
  return toCsv([STATEMENT_CSV_HEADER.map((column) => meta.headerLabels?.[column] ?? column)]);
}

export function statementCsvLines(lines: Statement["lines"], meta: Pick<StatementCsvMeta, "timeZone">): string {
  const localDate = localDates(meta.timeZone);
  const rows = lines.map((line) => [
    localDate(line.occurredAt),
    line.kind,
    line.description,
    // The paper-statement fee has no ledger reference; its code tells it apart instead.
    line.reference ?? line.code ?? "",
    minorToMajorString(lineSign(line.kind) * line.amountMinor, line.currency),
    line.currency,
  ]);
  return toCsv(rows, { numericColumns: [AMOUNT_COLUMN] });
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/**
 * yyyy-MM-dd in `timeZone`, for many instants: every zone's offset today is a whole number of quarter
 * hours, so instants in the same UTC quarter hour share a local date, worked out once. A long
 * statement otherwise made a zoned date object and parsed a format per line.
 */
function localDates(timeZone: string): (instant: Date) => string {
  const known = new Map<number, string>();
  return (instant) => {
    const quarter = Math.floor(instant.getTime() / QUARTER_HOUR_MS);
    let text = known.get(quarter);
    if (text === undefined) {
      text = format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd");
      if (known.size >= 10_000) known.clear();
      known.set(quarter, text);
    }
    return text;
  };
}

export function statementCsvTotals(totals: Statement["totals"], meta: Pick<StatementCsvMeta, "totalLabels">): string {
  const labels = { ...DEFAULT_TOTAL_LABELS, ...meta.totalLabels };
  const rows: string[][] = [];
  for (const t of totals) {
    for (const { key, kind, sign } of TOTAL_ROWS) {
      rows.push(["", kind, labels[key], "", minorToMajorString(sign * t[key], t.currency), t.currency]);
    }
  }
  return toCsv(rows, { numericColumns: [AMOUNT_COLUMN] });
}
