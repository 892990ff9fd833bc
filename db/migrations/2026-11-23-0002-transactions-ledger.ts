import { sql, type Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// Card transactions (the charges cases refer to and statements list) and the ledger of every other
// money movement on an account: credits to cardholders, chargebacks debited, reversals, fees.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("transactions")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addColumn("occurred_at", timestampType(db), (c) => c.notNull())
    .addColumn("amount_minor", "integer", (c) => c.notNull().check(sql`amount_minor > 0`))
    .addColumn("currency", "text", (c) => c.notNull().check(sql`length(currency) = 3`))
    .addColumn("card_last4", "text", (c) => c.notNull().check(sql`length(card_last4) = 4`))
    .addColumn("network_reference", "text", (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex("transactions_by_account_time").on("transactions").columns(["account_id", "occurred_at"]).execute();

  await db.schema
    .createTable("ledger_entries")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('credit', 'chargeback', 'chargeback_reversal', 'fee')`))
    .addColumn("amount_minor", "integer", (c) => c.notNull().check(sql`amount_minor > 0`))
    .addColumn("currency", "text", (c) => c.notNull().check(sql`length(currency) = 3`))
    .addColumn("occurred_at", timestampType(db), (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("reference", "text")
    .addColumn("transaction_id", "integer", (c) => c.references("transactions.id"))
    .addColumn("case_id", "integer")
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ledger_entries_by_account_time").on("ledger_entries").columns(["account_id", "occurred_at"]).execute();
  await db.schema.createIndex("ledger_entries_by_transaction").on("ledger_entries").column("transaction_id").execute();
}
