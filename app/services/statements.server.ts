import type { DB } from "../../db/connection";
import { canEnrolPaperless, type Actor } from "~/domain/permissions";
import {
  buildStatement,
  monthContaining,
  monthKey,
  nextMonth,
  PAPER_STATEMENT_FEE,
  paperlessAppliesTo,
  previousMonth,
  statementPeriod,
  type Statement,
  type YearMonth,
} from "~/domain/statements";
import { statementCsvHeader, statementCsvLines, statementCsvTotals } from "~/domain/csv";
import { lineDescription } from "~/domain/statement-format";
import type { Translate } from "~/i18n";
import { findVisibleAccount, listVisibleAccounts, type AccountSummary } from "~/models/account.server";
import { recordAudit } from "~/models/audit.server";
import { getPaperStatementFee } from "~/models/settings.server";
import { forbidden, refused, type ServiceResult } from "./result";
import { queueStatementWebhook } from "./webhooks.server";
import {
  asPaperlessChanges,
  enrolmentHistory,
  entriesBetween,
  findVisibleStatement,
  findVisibleStatementSummary,
  statementLinesAfter,
  firstActivityAt,
  generatedMonths,
  insertStatement,
  listAccountsForStatements,
  decodeStatementCursor,
  encodeStatementCursor,
  listVisibleStatements,
  recordEnrolment,
  visibleEnrolmentHistories,
  type EnrolmentRecord,
  type StatementAccount,
  type StatementLineRow,
  type StatementSummary,
} from "~/models/statement.server";

/** How far back a new account's first statements reach. */
export const STATEMENT_BACKFILL_MONTHS = 12;

function inTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  // The demo seed already runs in one transaction; Kysely cannot nest them.
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

function compareMonths(a: YearMonth, b: YearMonth): number {
  return a.year - b.year || a.month - b.month;
}

/** Completed months (their period closed at or before `now`) that an account should have statements for. */
export function dueMonths(account: StatementAccount, firstActivity: Date | null, now: Date): YearMonth[] {
  const current = monthContaining(now, account.timeZone);
  let earliest = current;
  for (let i = 0; i < STATEMENT_BACKFILL_MONTHS; i++) earliest = previousMonth(earliest);
  const since = firstActivity && firstActivity.getTime() < account.createdAt.getTime() ? firstActivity : account.createdAt;
  const sinceMonth = monthContaining(since, account.timeZone);
  const months: YearMonth[] = [];
  for (let ym = compareMonths(sinceMonth, earliest) > 0 ? sinceMonth : earliest; compareMonths(ym, current) < 0; ym = nextMonth(ym)) {
    months.push(ym);
  }
  return months;
}

/** Builds one month's statement from the stored charges, ledger and enrolment history (writes nothing). */
export async function composeStatement(db: DB, account: StatementAccount, ym: YearMonth): Promise<Statement> {
  const period = statementPeriod(ym.year, ym.month, account.timeZone);
  const [entries, history, fee] = await Promise.all([
    entriesBetween(db, account.id, period.opensAt, period.closesAt),
    enrolmentHistory(db, account.id),
    getPaperStatementFee(db, account.currency),
  ]);
  return buildStatement({
    account: { currency: account.currency, paperless: paperlessAppliesTo(asPaperlessChanges(history), period) },
    period,
    entries,
    paperStatementFeeMinor: fee,
  });
}

export interface GenerationReport {
  generated: number;
  /** Months another run stored between our check and our insert. */
  alreadyThere: number;
}

/**
 * The statement job: every account gets a statement for each completed month since its first
 * activity (at most the last 12 months) that it does not have yet. One transaction per statement;
 * the unique (account, month) key makes reruns and concurrent runs add nothing.
 */
export async function generateDueStatements(
  db: DB,
  now: Date,
  options: { accountIds?: readonly number[] } = {},
): Promise<GenerationReport> {
  const report: GenerationReport = { generated: 0, alreadyThere: 0 };
  for (const account of await listAccountsForStatements(db, options.accountIds)) {
    const existing = await generatedMonths(db, account.id);
    const months = dueMonths(account, await firstActivityAt(db, account.id), now).filter((ym) => !existing.has(monthKey(ym)));
    for (const ym of months) {
      const statement = await composeStatement(db, account, ym);
      const id = await inTransaction(db, async (trx) => {
        const inserted = await insertStatement(trx, { accountId: account.id, month: monthKey(ym), statement, generatedAt: now });
        if (inserted !== null) await queueStatementWebhook(trx, { id: inserted, accountId: account.id, month: monthKey(ym) }, now);
        return inserted;
      });
      if (id === null) report.alreadyThere++;
      else report.generated++;
    }
  }
  return report;
}

// ---------------------------------------------------------------------------
// Paperless enrolment

export type PaperlessResult = ServiceResult<{ changed: boolean; appliesFrom: string; accountName: string }>;

/**
 * Enrols an account in paperless statements or takes it out again: the org_admin's decision
 * (SPEC 1), refused here for everyone else, whatever the page showed. Recorded with date and
 * user (append-only history) and in the audit trail; it counts from the next month's statement.
 */
export async function setPaperless(db: DB, actor: Actor, accountId: number, enrolled: boolean, now: Date): Promise<PaperlessResult> {
  return inTransaction(db, async (trx) => {
    const account = await findVisibleAccount(trx, actor, accountId);
    if (!account) return refused(404, [{ field: "form", key: "paperless.error.unknownAccount" }]);
    if (!canEnrolPaperless(actor, { accountId: account.id, organisationId: account.organisationId })) {
      return forbidden("paperless.notAllowed");
    }
    const appliesFrom = monthKey(nextMonth(monthContaining(now, account.timeZone)));
    const accountName = account.name;
    if (account.paperless === enrolled) return { ok: true, changed: false, appliesFrom, accountName } as const;
    await recordEnrolment(trx, account.id, enrolled, actor.userId, now);
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: enrolled ? "paperless_enrolled" : "paperless_left",
        entityType: "account",
        entityId: account.id,
        details: { from: account.paperless, to: enrolled, appliesFrom },
      },
      now,
    );
    return { ok: true, changed: true, appliesFrom, accountName } as const;
  });
}

// ---------------------------------------------------------------------------
// The statements page

export interface AccountStatementsView {
  account: Pick<AccountSummary, "id" | "name" | "merchantNumber" | "timeZone" | "currency" | "organisationName">;
  paperless: {
    /** The setting as it stands now. */
    enrolled: boolean;
    /** The last change, if any: when and by whom. */
    lastChange: { enrolled: boolean; at: string; byName: string | null } | null;
    /** The month whose statement is generated next, and whether it is online only. */
    currentMonth: string;
    currentMonthPaperless: boolean;
    /** The first month the setting as it stands now applies to. */
    appliesFrom: string;
    canChange: boolean;
  };
}

function lastChange(history: readonly EnrolmentRecord[]): AccountStatementsView["paperless"]["lastChange"] {
  const last = history.at(-1);
  return last ? { enrolled: last.enrolled, at: last.at.toISOString(), byName: last.byName } : null;
}

export async function loadStatementsPage(
  db: DB,
  actor: Actor,
  /** `after`: the cursor text from the URL as it came; one that is not ours starts at the top. */
  options: { accountId: number | null; after?: string | null; now: Date },
): Promise<{
  accounts: AccountStatementsView[];
  statements: StatementSummary[];
  nextCursor: string | null;
  selectedAccountId: number | null;
  filterOptions: { id: number; name: string; merchantNumber: string }[];
} | null> {
  const visible = await listVisibleAccounts(db, actor);
  if (options.accountId !== null && !visible.some((a) => a.id === options.accountId)) return null;
  const shown = options.accountId === null ? visible : visible.filter((a) => a.id === options.accountId);
  const histories = await visibleEnrolmentHistories(db, actor, options.accountId ?? undefined);
  // Hundreds of locations share a few time zones; the zone arithmetic is the slow part.
  const monthsByZone = new Map<
    string,
    { current: ReturnType<typeof monthContaining>; currentPeriod: ReturnType<typeof statementPeriod> }
  >();
  const currentMonthIn = (timeZone: string) => {
    let found = monthsByZone.get(timeZone);
    if (!found) {
      const current = monthContaining(options.now, timeZone);
      found = { current, currentPeriod: statementPeriod(current.year, current.month, timeZone) };
      monthsByZone.set(timeZone, found);
    }
    return found;
  };
  const accounts = shown.map((a): AccountStatementsView => {
    const history = histories.get(a.id) ?? [];
    const { current, currentPeriod } = currentMonthIn(a.timeZone);
    const currentMonthPaperless = paperlessAppliesTo(asPaperlessChanges(history), currentPeriod);
    return {
      account: {
        id: a.id,
        name: a.name,
        merchantNumber: a.merchantNumber,
        timeZone: a.timeZone,
        currency: a.currency,
        organisationName: a.organisationName,
      },
      paperless: {
        enrolled: a.paperless,
        lastChange: lastChange(history),
        currentMonth: monthKey(current),
        currentMonthPaperless,
        appliesFrom: currentMonthPaperless === a.paperless ? monthKey(current) : monthKey(nextMonth(current)),
        canChange: canEnrolPaperless(actor, { accountId: a.id, organisationId: a.organisationId }),
      },
    };
  });
  const { rows: statements, next } = await listVisibleStatements(db, actor, {
    accountId: options.accountId ?? undefined,
    after: decodeStatementCursor(options.after ?? null),
  });
  const filterOptions = visible.map((a) => ({ id: a.id, name: a.name, merchantNumber: a.merchantNumber }));
  return {
    accounts,
    statements,
    nextCursor: next ? encodeStatementCursor(next) : null,
    selectedAccountId: options.accountId,
    filterOptions,
  };
}

// ---------------------------------------------------------------------------
// One statement (page, PDF and CSV read the same view, so they show the same totals)

export interface StatementDocument {
  statement: StatementSummary;
  lines: StatementLineRow[];
  account: Pick<AccountSummary, "id" | "name" | "merchantNumber" | "address" | "timeZone" | "currency">;
  organisation: { legalName: string; address: string; vatId: string | null };
}

export async function loadStatementDocument(db: DB, actor: Actor, statementId: number): Promise<StatementDocument | null> {
  const found = await findVisibleStatement(db, actor, statementId);
  if (!found) return null;
  const account = await findVisibleAccount(db, actor, found.statement.accountId);
  if (!account) return null;
  const organisation = await db
    .selectFrom("organisations")
    .select(["legal_name", "address", "vat_id"])
    .where("id", "=", account.organisationId)
    .executeTakeFirstOrThrow();
  return {
    ...found,
    account: {
      id: account.id,
      name: account.name,
      merchantNumber: account.merchantNumber,
      address: account.address,
      timeZone: account.timeZone,
      currency: account.currency,
    },
    organisation: { legalName: organisation.legal_name, address: organisation.address, vatId: organisation.vat_id },
  };
}

function toDomainLine(l: StatementLineRow): Statement["lines"][number] {
  return {
    kind: l.kind,
    amountMinor: l.amountMinor,
    currency: l.currency,
    occurredAt: new Date(l.occurredAt),
    description: l.description,
    reference: l.reference,
    code: l.code === PAPER_STATEMENT_FEE ? PAPER_STATEMENT_FEE : null,
  };
}

/** The stored statement in the domain's shape (for the CSV writer). */
export function toDomainStatement(doc: Pick<StatementDocument, "statement" | "lines">): Statement {
  const { statement } = doc;
  return {
    currency: statement.currency,
    period: { opensAt: new Date(statement.opensAt), closesAt: new Date(statement.closesAt) },
    lines: doc.lines.map(toDomainLine),
    totals: statement.totals.map((t) => ({ ...t })),
    deliveredOnPaper: statement.deliveredOnPaper,
    excluded: [],
  };
}

/** A file name without anything a header or a file system could trip over. */
export function statementFileName(doc: Pick<StatementDocument, "statement" | "account">, extension: "pdf" | "csv"): string {
  return `statement-${doc.account.merchantNumber}-${doc.statement.month}.${extension}`.replace(/[^A-Za-z0-9._-]/g, "_");
}

/** Lines read per query while a statement's CSV is written. */
export const CSV_LINES_PER_READ = 1000;

/**
 * A statement's CSV, written as it is read: the header row, the lines a page of the
 * (statement, position) key at a time, then the totals. Memory stays flat whatever the length:
 * only one page of lines is held. `beforeRead` is awaited before each page (the caller waits
 * there for its client to take what was sent); iteration stops early when `signal` aborts.
 */
export async function statementCsvDownload(
  db: DB,
  actor: Actor,
  statementId: number,
  t: Translate,
  options: { linesPerRead?: number; beforeRead?: () => Promise<void>; signal?: AbortSignal } = {},
): Promise<{ fileName: string; chunks: AsyncGenerator<string, void> } | null> {
  const statement = await findVisibleStatementSummary(db, actor, statementId);
  if (!statement) return null;
  const account = await findVisibleAccount(db, actor, statement.accountId);
  if (!account) return null;
  const linesPerRead = options.linesPerRead ?? CSV_LINES_PER_READ;
  const totalLabels = {
    charges: t("statement.total.charges"),
    credits: t("statement.total.credits"),
    chargebacks: t("statement.total.chargebacks"),
    reversals: t("statement.total.reversals"),
    fees: t("statement.total.fees"),
    net: t("statement.total.net"),
  };
  async function* chunks(): AsyncGenerator<string, void> {
    yield statementCsvHeader({
      headerLabels: {
        date: t("statement.csv.date"),
        kind: t("statement.csv.kind"),
        description: t("statement.csv.description"),
        reference: t("statement.csv.reference"),
        amount: t("statement.csv.amount"),
        currency: t("statement.csv.currency"),
      },
    });
    let after: number | null = null;
    for (;;) {
      await options.beforeRead?.();
      if (options.signal?.aborted) return;
      const page = await statementLinesAfter(db, statement!.id, after, linesPerRead);
      const lines = page.map(toDomainLine).map((line) => ({ ...line, description: lineDescription(line, t) }));
      if (lines.length > 0) yield statementCsvLines(lines, { timeZone: account!.timeZone });
      if (page.length < linesPerRead) break;
      after = page[page.length - 1]!.position;
    }
    yield statementCsvTotals(statement!.totals, { totalLabels });
  }
  return { fileName: statementFileName({ statement, account }, "csv"), chunks: chunks() };
}
