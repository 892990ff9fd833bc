import { isPostgres, type DB } from "../../db/connection";
import type { LedgerKind } from "../../db/schema";
import { addCreditToStatistics } from "./case-statistics.server";

export interface LedgerEntry {
  accountId: number;
  kind: LedgerKind;
  amountMinor: number;
  currency: string;
  occurredAt: Date;
  description: string;
  reference?: string | null;
  transactionId?: number | null;
  caseId?: number | null;
}

/**
 * Records a money movement for the account's statements. Call it in the same transaction as the
 * change that moves the money (a credit issued, a chargeback debited or reversed, a fee).
 */
export async function recordLedgerEntry(db: DB, entry: LedgerEntry, now: Date): Promise<void> {
  await db
    .insertInto("ledger_entries")
    .values({
      account_id: entry.accountId,
      kind: entry.kind,
      amount_minor: entry.amountMinor,
      currency: entry.currency,
      occurred_at: entry.occurredAt.toISOString(),
      description: entry.description,
      reference: entry.reference ?? null,
      transaction_id: entry.transactionId ?? null,
      case_id: entry.caseId ?? null,
      created_at: now.toISOString(),
    })
    .execute();
  if (entry.kind === "credit" && entry.caseId != null) await addCreditToStatistics(db, entry.caseId, entry.amountMinor);
}

/**
 * Takes the lock that every booking on a card transaction holds (a credit, the opening of its
 * chargeback), so what the credit rule reads (credits so far, chargeback present) stays true
 * until the caller's transaction commits (SPEC 3.1). Call it first inside the write transaction,
 * before reading those inputs. PostgreSQL locks the transaction's row; SQLite already holds the
 * database's write lock from `begin immediate` (db/connection.ts), so there is nothing to add.
 */
export async function lockTransactionRow(trx: DB, transactionId: number): Promise<void> {
  if (!trx.isTransaction) throw new Error("lockTransactionRow: call it inside the write transaction");
  if (!isPostgres(trx)) return;
  await trx.selectFrom("transactions").select("id").where("id", "=", transactionId).forUpdate().execute();
}
