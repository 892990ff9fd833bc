import type { DB } from "../../db/connection";
import type { LedgerKind } from "../../db/schema";

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
}
