import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import type { Actor } from "~/domain/permissions";
import type { CurrencyTotals, PaperlessChange, Statement, StatementEntry, StatementLineKind } from "~/domain/statements";
import { decodeCursor, encodeCursor, positiveId } from "./cursor.server";
import { accountVisibleTo } from "./scope.server";

// ---------------------------------------------------------------------------
// Reading what a statement is made of (the job's view, not scoped to a user)

export interface StatementAccount {
  id: number;
  timeZone: string;
  currency: string;
  createdAt: Date;
}

export async function listAccountsForStatements(db: DB, accountIds?: readonly number[]): Promise<StatementAccount[]> {
  let query = db.selectFrom("accounts").select(["id", "time_zone", "currency", "created_at"]).orderBy("id");
  if (accountIds) query = query.where("id", "in", accountIds.length > 0 ? [...accountIds] : [-1]);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, timeZone: r.time_zone, currency: r.currency, createdAt: new Date(r.created_at) }));
}

/** The earliest money movement on the account, if any. */
export async function firstActivityAt(db: DB, accountId: number): Promise<Date | null> {
  const [charge, ledger] = await Promise.all([
    db
      .selectFrom("transactions")
      .select((eb) => eb.fn.min("occurred_at").as("first"))
      .where("account_id", "=", accountId)
      .executeTakeFirst(),
    db
      .selectFrom("ledger_entries")
      .select((eb) => eb.fn.min("occurred_at").as("first"))
      .where("account_id", "=", accountId)
      .executeTakeFirst(),
  ]);
  const first = [charge?.first, ledger?.first].filter((v): v is string => typeof v === "string").sort()[0];
  return first === undefined ? null : new Date(first);
}

export async function generatedMonths(db: DB, accountId: number): Promise<Set<string>> {
  const rows = await db.selectFrom("statements").select("month").where("account_id", "=", accountId).execute();
  return new Set(rows.map((r) => r.month));
}

/** Charges from `transactions` and every other movement from `ledger_entries`, within [opensAt, closesAt). */
export async function entriesBetween(db: DB, accountId: number, opensAt: Date, closesAt: Date): Promise<StatementEntry[]> {
  // ISO-8601 UTC strings of one fixed width compare in time order.
  const from = opensAt.toISOString();
  const to = closesAt.toISOString();
  const [charges, ledger] = await Promise.all([
    db
      .selectFrom("transactions")
      .select(["occurred_at", "amount_minor", "currency", "description", "network_reference", "card_last4"])
      .where("account_id", "=", accountId)
      .where("occurred_at", ">=", from)
      .where("occurred_at", "<", to)
      .execute(),
    db
      .selectFrom("ledger_entries")
      .select(["kind", "occurred_at", "amount_minor", "currency", "description", "reference"])
      .where("account_id", "=", accountId)
      .where("occurred_at", ">=", from)
      .where("occurred_at", "<", to)
      .execute(),
  ]);
  return [
    ...charges.map((c) => ({
      kind: "charge" as const,
      amountMinor: c.amount_minor,
      currency: c.currency,
      occurredAt: new Date(c.occurred_at),
      description: `${c.description} · •••• ${c.card_last4}`,
      reference: c.network_reference,
    })),
    ...ledger.map((l) => ({
      kind: l.kind,
      amountMinor: l.amount_minor,
      currency: l.currency,
      occurredAt: new Date(l.occurred_at),
      description: l.description,
      reference: l.reference,
    })),
  ];
}

// ---------------------------------------------------------------------------
// Paperless enrolment

export interface EnrolmentRecord {
  enrolled: boolean;
  at: Date;
  byUserId: number | null;
  byName: string | null;
}

export async function enrolmentHistory(db: DB, accountId: number): Promise<EnrolmentRecord[]> {
  const rows = await db
    .selectFrom("paperless_enrolments")
    .leftJoin("users", "users.id", "paperless_enrolments.by_user_id")
    .select(["paperless_enrolments.enrolled", "paperless_enrolments.at", "paperless_enrolments.by_user_id", "users.display_name"])
    .where("paperless_enrolments.account_id", "=", accountId)
    .orderBy("paperless_enrolments.at")
    .orderBy("paperless_enrolments.id")
    .execute();
  return rows.map((r) => ({ enrolled: r.enrolled === 1, at: new Date(r.at), byUserId: r.by_user_id, byName: r.display_name }));
}

/**
 * The enrolment histories of the accounts an actor sees (or of one of them), in one query: the
 * statements page of a head office shows hundreds of accounts.
 */
export async function visibleEnrolmentHistories(db: DB, actor: Actor, accountId?: number): Promise<Map<number, EnrolmentRecord[]>> {
  let query = db
    .selectFrom("paperless_enrolments")
    .leftJoin("users", "users.id", "paperless_enrolments.by_user_id")
    .select([
      "paperless_enrolments.account_id",
      "paperless_enrolments.enrolled",
      "paperless_enrolments.at",
      "paperless_enrolments.by_user_id",
      "users.display_name",
    ])
    .where(accountVisibleTo(actor, "paperless_enrolments.account_id"));
  if (accountId !== undefined) query = query.where("paperless_enrolments.account_id", "=", accountId);
  const rows = await query
    .orderBy("paperless_enrolments.account_id")
    .orderBy("paperless_enrolments.at")
    .orderBy("paperless_enrolments.id")
    .execute();
  const byAccount = new Map<number, EnrolmentRecord[]>();
  for (const r of rows) {
    const history = byAccount.get(r.account_id) ?? [];
    history.push({ enrolled: r.enrolled === 1, at: new Date(r.at), byUserId: r.by_user_id, byName: r.display_name });
    byAccount.set(r.account_id, history);
  }
  return byAccount;
}

export function asPaperlessChanges(history: readonly EnrolmentRecord[]): PaperlessChange[] {
  return history.map((h) => ({ enrolled: h.enrolled, at: h.at }));
}

export async function recordEnrolment(db: DB, accountId: number, enrolled: boolean, byUserId: number | null, at: Date): Promise<void> {
  await db
    .updateTable("accounts")
    .set({ paperless: enrolled ? 1 : 0 })
    .where("id", "=", accountId)
    .execute();
  await db
    .insertInto("paperless_enrolments")
    .values({ account_id: accountId, enrolled: enrolled ? 1 : 0, at: at.toISOString(), by_user_id: byUserId })
    .execute();
}

// ---------------------------------------------------------------------------
// Storing a statement

/**
 * Inserts the statement and its lines unless the account already has one for the month.
 * Returns the new id, or null when the month was already there (a rerun or a concurrent run).
 * Call inside a transaction so a statement never exists without its lines.
 */
export async function insertStatement(
  db: DB,
  input: { accountId: number; month: string; statement: Statement; generatedAt: Date },
): Promise<number | null> {
  const { statement } = input;
  // The statements row keeps the account currency's totals (as before); every currency's are in statement_totals.
  const own = statement.totals.find((t) => t.currency === statement.currency);
  if (!own) throw new RangeError("A statement always has totals in the account's currency");
  const inserted = await db
    .insertInto("statements")
    .values({
      account_id: input.accountId,
      month: input.month,
      opens_at: statement.period.opensAt.toISOString(),
      closes_at: statement.period.closesAt.toISOString(),
      currency: statement.currency,
      charges_minor: own.charges,
      credits_minor: own.credits,
      chargebacks_minor: own.chargebacks,
      reversals_minor: own.reversals,
      fees_minor: own.fees,
      net_minor: own.net,
      delivered_on_paper: statement.deliveredOnPaper ? 1 : 0,
      generated_at: input.generatedAt.toISOString(),
    })
    .onConflict((oc) => oc.columns(["account_id", "month"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return null;
  await db
    .insertInto("statement_totals")
    .values(
      statement.totals.map((t) => ({
        statement_id: inserted.id,
        currency: t.currency,
        charges_minor: t.charges,
        credits_minor: t.credits,
        chargebacks_minor: t.chargebacks,
        reversals_minor: t.reversals,
        fees_minor: t.fees,
        net_minor: t.net,
      })),
    )
    .execute();
  const rows = statement.lines.map((line, position) => ({
    statement_id: inserted.id,
    position,
    kind: line.kind,
    code: line.code,
    description: line.description,
    reference: line.reference,
    occurred_at: line.occurredAt.toISOString(),
    amount_minor: line.amountMinor,
    currency: line.currency,
  }));
  // 9 columns a row: 500 rows stay far below SQLite's limit on bound variables.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("statement_lines")
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return inserted.id;
}

// ---------------------------------------------------------------------------
// Reading statements for a user (always scoped)

export interface StatementSummary {
  id: number;
  accountId: number;
  month: string;
  opensAt: string;
  closesAt: string;
  /** The account's currency. */
  currency: string;
  /** Per currency, the account's first (SPEC 6). */
  totals: CurrencyTotals[];
  deliveredOnPaper: boolean;
  generatedAt: string;
}

export interface StatementLineRow {
  position: number;
  kind: StatementLineKind;
  code: string | null;
  description: string;
  reference: string | null;
  occurredAt: string;
  amountMinor: number;
  currency: string;
}

const summaryColumns = [
  "statements.id",
  "statements.account_id",
  "statements.month",
  "statements.opens_at",
  "statements.closes_at",
  "statements.currency",
  "statements.charges_minor",
  "statements.credits_minor",
  "statements.chargebacks_minor",
  "statements.reversals_minor",
  "statements.fees_minor",
  "statements.net_minor",
  "statements.delivered_on_paper",
  "statements.generated_at",
] as const;

type SummaryRow = {
  id: number;
  account_id: number;
  month: string;
  opens_at: string;
  closes_at: string;
  currency: string;
  charges_minor: number;
  credits_minor: number;
  chargebacks_minor: number;
  reversals_minor: number;
  fees_minor: number;
  net_minor: number;
  delivered_on_paper: number;
  generated_at: string;
};

function toSummary(r: SummaryRow, totals: readonly CurrencyTotals[]): StatementSummary {
  const own = totals.filter((t) => t.currency === r.currency);
  const others = totals.filter((t) => t.currency !== r.currency).sort((a, b) => (a.currency < b.currency ? -1 : 1));
  return {
    id: r.id,
    accountId: r.account_id,
    month: r.month,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    currency: r.currency,
    totals: [...own, ...others],
    deliveredOnPaper: r.delivered_on_paper === 1,
    generatedAt: r.generated_at,
  };
}

/** Every currency's totals of these statements, by statement id. */
async function totalsOf(db: DB, statementIds: readonly number[]): Promise<Map<number, CurrencyTotals[]>> {
  const byStatement = new Map<number, CurrencyTotals[]>();
  if (statementIds.length === 0) return byStatement;
  const rows = await db
    .selectFrom("statement_totals")
    .selectAll()
    .where("statement_id", "in", [...statementIds])
    .execute();
  for (const r of rows) {
    const list = byStatement.get(r.statement_id) ?? [];
    list.push({
      currency: r.currency,
      charges: r.charges_minor,
      credits: r.credits_minor,
      chargebacks: r.chargebacks_minor,
      reversals: r.reversals_minor,
      fees: r.fees_minor,
      net: r.net_minor,
    });
    byStatement.set(r.statement_id, list);
  }
  return byStatement;
}

export const STATEMENTS_PAGE_SIZE = 50;

/** Where the next page starts: the last statement shown (newest month first, then account). */
export interface StatementCursor {
  month: string;
  accountId: number;
}

export function encodeStatementCursor(c: StatementCursor): string {
  return encodeCursor([c.month, c.accountId]);
}

/** A cursor from a URL, or null when it is not one of ours (the list then starts at the top). */
export function decodeStatementCursor(text: string | null): StatementCursor | null {
  const [month, idText] = decodeCursor(text, 2) ?? [];
  const accountId = positiveId(idText);
  if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || accountId === null) return null;
  return { month, accountId };
}

/** Statements of the accounts the actor may see, newest month first; optionally one account only. */
export async function listVisibleStatements(
  db: DB,
  actor: Actor,
  options: { accountId?: number; after?: StatementCursor | null; limit?: number } = {},
): Promise<{ rows: StatementSummary[]; next: StatementCursor | null }> {
  const limit = options.limit ?? STATEMENTS_PAGE_SIZE;
  let query = db.selectFrom("statements").select(summaryColumns).where(accountVisibleTo(actor, "statements.account_id"));
  if (options.accountId !== undefined) query = query.where("statements.account_id", "=", options.accountId);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("statements.month", "<", after.month),
        eb.and([eb("statements.month", "=", after.month), eb("statements.account_id", ">", after.accountId)]),
      ]),
    );
  }
  const found = await query
    .orderBy("statements.month", "desc")
    .orderBy("statements.account_id")
    .limit(limit + 1)
    .execute();
  const totals = await totalsOf(
    db,
    found.slice(0, limit).map((r) => r.id),
  );
  const rows = found.map((r) => toSummary(r, totals.get(r.id) ?? []));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { month: last.month, accountId: last.accountId } : null };
}

/** One statement without its lines, or null when it does not exist or the actor may not see it. */
export async function findVisibleStatementSummary(db: DB, actor: Actor, statementId: number): Promise<StatementSummary | null> {
  return statementSummary(db, statementId, accountVisibleTo(actor, "statements.account_id"));
}

/** Unscoped: for a page that reached the statement through something already scoped (a support request). */
export function loadStatementSummaryById(db: DB, statementId: number): Promise<StatementSummary | null> {
  return statementSummary(db, statementId, sql<SqlBool>`1 = 1`);
}

async function statementSummary(db: DB, statementId: number, scope: RawBuilder<SqlBool>): Promise<StatementSummary | null> {
  const row = await db
    .selectFrom("statements")
    .select(summaryColumns)
    .where("statements.id", "=", statementId)
    .where(scope)
    .executeTakeFirst();
  if (!row) return null;
  const totals = await totalsOf(db, [row.id]);
  return toSummary(row, totals.get(row.id) ?? []);
}

/**
 * A statement's lines in statement order, `limit` of them after `afterPosition` (null: from the
 * start): a walk of the (statement, position) key. Lines never change once stored, so the pages
 * of one statement add up to the whole of it.
 */
export async function statementLinesAfter(
  db: DB,
  statementId: number,
  afterPosition: number | null,
  limit?: number,
): Promise<StatementLineRow[]> {
  let query = db
    .selectFrom("statement_lines")
    .select(["position", "kind", "code", "description", "reference", "occurred_at", "amount_minor", "currency"])
    .where("statement_id", "=", statementId)
    .orderBy("position");
  if (afterPosition !== null) query = query.where("position", ">", afterPosition);
  if (limit !== undefined) query = query.limit(limit);
  const lines = await query.execute();
  return lines.map((l) => ({
    position: l.position,
    kind: l.kind,
    code: l.code,
    description: l.description,
    reference: l.reference,
    occurredAt: l.occurred_at,
    amountMinor: l.amount_minor,
    currency: l.currency,
  }));
}

/** One statement with its lines, or null when it does not exist or the actor may not see it. */
export async function findVisibleStatement(
  db: DB,
  actor: Actor,
  statementId: number,
): Promise<{ statement: StatementSummary; lines: StatementLineRow[] } | null> {
  const statement = await findVisibleStatementSummary(db, actor, statementId);
  if (!statement) return null;
  return { statement, lines: await statementLinesAfter(db, statement.id, null) };
}
