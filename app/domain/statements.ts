// Monthly statement rules (SPEC §6). Pure: no I/O, no clock; periods, entries and
// enrolment history come in as arguments, so generating a statement twice from the
// same inputs yields the same statement (the job that stores it can be idempotent).
import { TZDate } from "@date-fns/tz";

/** A calendar month; `month` is 1–12 (not the 0–11 of `Date`). */
export type YearMonth = { year: number; month: number };

/** Half-open interval [opensAt, closesAt) of UTC instants. */
export type StatementPeriod = { opensAt: Date; closesAt: Date };

export const STATEMENT_LINE_KINDS = ["charge", "credit", "chargeback", "chargeback_reversal", "fee"] as const;
export type StatementLineKind = (typeof STATEMENT_LINE_KINDS)[number];

/** Code carried by the one line `buildStatement` adds itself (ledger entries have none). */
export const PAPER_STATEMENT_FEE = "paper_statement_fee" as const;
export const DEFAULT_PAPER_STATEMENT_FEE_DESCRIPTION = "Paper statement fee";

/** A money movement on the account, as the ledger records it. */
export type StatementEntry = {
  kind: StatementLineKind;
  /** Always positive; the kind decides the direction. */
  amountMinor: number;
  currency: string;
  occurredAt: Date;
  description: string;
  reference?: string | null;
};

export type StatementLine = {
  kind: StatementLineKind;
  amountMinor: number;
  currency: string;
  occurredAt: Date;
  description: string;
  reference: string | null;
  /** `paper_statement_fee` on the fee line added for non-paperless accounts, else null. */
  code: typeof PAPER_STATEMENT_FEE | null;
};

/** Totals of one currency's lines; each amount positive, its kind decides the direction. */
export type StatementTotals = {
  charges: number;
  credits: number;
  chargebacks: number;
  reversals: number;
  fees: number;
  /** charges − credits − chargebacks + reversals − fees: positive means money to the merchant. */
  net: number;
};

export type CurrencyTotals = StatementTotals & { currency: string };

export type ExcludedEntry = {
  entry: StatementEntry;
  reason: "outside_period";
};

export type Statement = {
  /** The account's settlement currency; it always has totals, even with no lines. */
  currency: string;
  period: StatementPeriod;
  lines: StatementLine[];
  /** One entry per currency (SPEC 6: totals per currency): the account's first, then by code. */
  totals: CurrencyTotals[];
  deliveredOnPaper: boolean;
  /** Entries left out, with why, so the caller can log or reconcile them. */
  excluded: ExcludedEntry[];
};

export type BuildStatementInput = {
  account: {
    currency: string;
    /** Enrolment that applies to this statement: use `paperlessAppliesTo`, not today's state. */
    paperless: boolean;
  };
  period: StatementPeriod;
  entries: readonly StatementEntry[];
  /**
   * Setting for the account's currency, in its minor units; 0 is allowed. Null: no fee is set for
   * that currency, so none is charged (a fee is never guessed from another currency's number).
   */
  paperStatementFeeMinor: number | null;
  paperStatementFeeDescription?: string;
};

export type PaperlessChange = { enrolled: boolean; at: Date };

// ---------------------------------------------------------------------------
// Months and periods

function assertYearMonth({ year, month }: YearMonth): void {
  // Four-digit years only: keeps month keys sortable and avoids Date's 0–99 → 19xx quirk.
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Invalid year: ${year}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid month (expected 1–12): ${month}`);
  }
}

function assertTimeZone(timeZone: string): void {
  // Intl throws RangeError on an unknown IANA name; TZDate alone would give NaN later. A zone
  // found valid once is not checked again: a formatter costs more than the date work it guards.
  if (validZones.has(timeZone)) return;
  new Intl.DateTimeFormat("en-US", { timeZone });
  if (validZones.size < 1000) validZones.add(timeZone);
}

const validZones = new Set<string>();

/**
 * The statement period for a month in the account's time zone: from the first instant of
 * the month (local midnight on the 1st; if a DST jump skips that midnight, the first
 * instant that exists) up to, but not including, the first instant of the next month.
 */
export function statementPeriod(year: number, month: number, timeZone: string): StatementPeriod {
  assertYearMonth({ year, month });
  assertTimeZone(timeZone);
  // The statements page asks for the same month of the same zone once per account.
  const key = `${timeZone} ${year}-${month}`;
  let period = periods.get(key);
  if (!period) {
    const next = nextMonth({ year, month });
    // TZDate months are 0-based; convert to plain Date so callers never carry a zone around.
    period = {
      opensAt: new TZDate(year, month - 1, 1, timeZone).getTime(),
      closesAt: new TZDate(next.year, next.month - 1, 1, timeZone).getTime(),
    };
    if (periods.size >= 5000) periods.clear();
    periods.set(key, period);
  }
  // New Date objects every time: a caller may change what it was given.
  return { opensAt: new Date(period.opensAt), closesAt: new Date(period.closesAt) };
}

const periods = new Map<string, { opensAt: number; closesAt: number }>();

export function previousMonth({ year, month }: YearMonth): YearMonth {
  assertYearMonth({ year, month });
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

export function nextMonth({ year, month }: YearMonth): YearMonth {
  assertYearMonth({ year, month });
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

/** "2026-10": sorts as text in calendar order; used as the statement's natural key. */
export function monthKey({ year, month }: YearMonth): string {
  assertYearMonth({ year, month });
  return `${year}-${String(month).padStart(2, "0")}`;
}

export function parseMonthKey(key: string): YearMonth {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match) throw new RangeError(`Invalid month key: ${key}`);
  const ym = { year: Number(match[1]), month: Number(match[2]) };
  assertYearMonth(ym);
  return ym;
}

/** The calendar month an instant falls in, seen from the account's time zone. */
export function monthContaining(instant: Date, timeZone: string): YearMonth {
  assertTimeZone(timeZone);
  const local = new TZDate(instant.getTime(), timeZone);
  return { year: local.getFullYear(), month: local.getMonth() + 1 };
}

export function isWithinPeriod(instant: Date, period: StatementPeriod): boolean {
  const t = instant.getTime();
  return t >= period.opensAt.getTime() && t < period.closesAt.getTime();
}

// ---------------------------------------------------------------------------
// Paperless

/**
 * Whether paperless applies to the statement of `period`. Enrolment "applies from the next
 * statement", read as: the state that counts is the one in force when the period opens.
 * A change made at or after `opensAt` belongs to this month and counts from next month's
 * statement; a change exactly at `opensAt` is inside the period (half-open), so it too waits.
 * No change before the period means never enrolled (paper is the default). Changes with the
 * same instant are taken in array order (the later one wins).
 */
export function paperlessAppliesTo(enrolmentHistory: readonly PaperlessChange[], period: Pick<StatementPeriod, "opensAt">): boolean {
  const opens = period.opensAt.getTime();
  let state = false;
  let stateAt = -Infinity;
  for (const change of enrolmentHistory) {
    const t = change.at.getTime();
    if (Number.isNaN(t)) throw new RangeError("Invalid enrolment change date");
    if (t < opens && t >= stateAt) {
      state = change.enrolled;
      stateAt = t;
    }
  }
  return state;
}

// ---------------------------------------------------------------------------
// Building a statement

const KIND_ORDER: Record<StatementLineKind, number> = {
  charge: 0,
  credit: 1,
  chargeback: 2,
  chargeback_reversal: 3,
  fee: 4,
};

function assertAmount(amountMinor: number, what: string, allowZero: boolean): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0 || (!allowZero && amountMinor === 0)) {
    throw new RangeError(`${what}: amount must be a ${allowZero ? "non-negative" : "positive"} integer of minor units, got ${amountMinor}`);
  }
}

function normaliseCurrency(currency: string): string {
  const code = currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new RangeError(`Invalid currency code: ${currency}`);
  return code;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Total order so the same entries in any order give the same lines (idempotent generation).
function compareLines(a: StatementLine, b: StatementLine): number {
  return (
    a.occurredAt.getTime() - b.occurredAt.getTime() ||
    // The paper fee goes after ledger entries that share its instant.
    (a.code === null ? 0 : 1) - (b.code === null ? 0 : 1) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareText(a.reference ?? "", b.reference ?? "") ||
    compareText(a.description, b.description) ||
    a.amountMinor - b.amountMinor
  );
}

function checkedSum(values: number[]): number {
  const sum = values.reduce((acc, v) => acc + v, 0);
  if (!Number.isSafeInteger(sum)) throw new RangeError("Statement total exceeds the safe integer range");
  return sum;
}

/**
 * One account's statement for one period, amounts in minor units, totals per currency.
 * - Only entries with `opensAt <= occurredAt < closesAt` are included; the rest go to `excluded`.
 * - Every line keeps its own currency; an entry in another currency than the account's gets
 *   totals of its own (nothing is converted, nothing is dropped).
 * - Not paperless: delivered on paper, with one `fee` line with code `paper_statement_fee` in
 *   the account's currency, dated the last instant of the period, when a fee is set for that
 *   currency. Paperless: neither.
 */
export function buildStatement(input: BuildStatementInput): Statement {
  const { period } = input;
  const currency = normaliseCurrency(input.account.currency);
  if (!(period.opensAt.getTime() < period.closesAt.getTime())) {
    throw new RangeError("Statement period must open before it closes");
  }
  if (input.paperStatementFeeMinor !== null) assertAmount(input.paperStatementFeeMinor, "Paper statement fee", true);

  const lines: StatementLine[] = [];
  const excluded: ExcludedEntry[] = [];
  for (const entry of input.entries) {
    if (!Object.hasOwn(KIND_ORDER, entry.kind)) throw new RangeError(`Unknown statement line kind: ${entry.kind}`);
    assertAmount(entry.amountMinor, `Statement entry "${entry.description}"`, false);
    if (Number.isNaN(entry.occurredAt.getTime())) {
      throw new RangeError(`Statement entry "${entry.description}": invalid date`);
    }
    if (!isWithinPeriod(entry.occurredAt, period)) {
      excluded.push({ entry, reason: "outside_period" });
      continue;
    }
    lines.push({
      kind: entry.kind,
      amountMinor: entry.amountMinor,
      currency: normaliseCurrency(entry.currency),
      occurredAt: entry.occurredAt,
      description: entry.description,
      reference: entry.reference ?? null,
      code: null,
    });
  }

  const deliveredOnPaper = !input.account.paperless;
  if (deliveredOnPaper && input.paperStatementFeeMinor !== null) {
    lines.push({
      kind: "fee",
      amountMinor: input.paperStatementFeeMinor,
      currency,
      occurredAt: new Date(period.closesAt.getTime() - 1),
      description: input.paperStatementFeeDescription ?? DEFAULT_PAPER_STATEMENT_FEE_DESCRIPTION,
      reference: null,
      code: PAPER_STATEMENT_FEE,
    });
  }
  lines.sort(compareLines);

  return {
    currency,
    period: { opensAt: new Date(period.opensAt.getTime()), closesAt: new Date(period.closesAt.getTime()) },
    lines,
    totals: totalsByCurrency(lines, currency),
    deliveredOnPaper,
    excluded,
  };
}

/**
 * Totals per currency of the lines: the account's currency first (always, even without lines),
 * then every other currency that has lines, by code.
 */
export function totalsByCurrency(
  lines: readonly Pick<StatementLine, "kind" | "amountMinor" | "currency">[],
  accountCurrency: string,
): CurrencyTotals[] {
  const currencies = [...new Set(lines.map((l) => l.currency))].filter((c) => c !== accountCurrency).sort(compareText);
  return [accountCurrency, ...currencies].map((currency) => {
    const own = lines.filter((l) => l.currency === currency);
    const sumOf = (kind: StatementLineKind) => checkedSum(own.filter((l) => l.kind === kind).map((l) => l.amountMinor));
    const charges = sumOf("charge");
    const credits = sumOf("credit");
    const chargebacks = sumOf("chargeback");
    const reversals = sumOf("chargeback_reversal");
    const fees = sumOf("fee");
    const net = checkedSum([charges, -credits, -chargebacks, reversals, -fees]);
    return { currency, charges, credits, chargebacks, reversals, fees, net };
  });
}

/** Direction of a line from the merchant's point of view: +1 money in, −1 money out. */
export function lineSign(kind: StatementLineKind): 1 | -1 {
  return kind === "charge" || kind === "chargeback_reversal" ? 1 : -1;
}
