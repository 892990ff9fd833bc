import { sql, type Kysely } from "kysely";
import { idColumn, onPostgres, refuseChanges, timestampType } from "./portable";

// Monthly statements (one per account and month, never changed once generated), their lines, and
// the append-only history of paperless enrolment that decides whether a month carries the paper fee.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("statements")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addColumn("month", "text", (c) =>
      c.notNull().check(onPostgres(db) ? sql`month ~ '^[0-9]{4}-[0-1][0-9]$'` : sql`month glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]'`),
    )
    .addColumn("opens_at", timestampType(db), (c) => c.notNull())
    .addColumn("closes_at", timestampType(db), (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull().check(sql`length(currency) = 3`))
    .addColumn("charges_minor", "integer", (c) => c.notNull())
    .addColumn("credits_minor", "integer", (c) => c.notNull())
    .addColumn("chargebacks_minor", "integer", (c) => c.notNull())
    .addColumn("reversals_minor", "integer", (c) => c.notNull())
    .addColumn("fees_minor", "integer", (c) => c.notNull())
    .addColumn("net_minor", "integer", (c) => c.notNull())
    .addColumn("delivered_on_paper", "integer", (c) => c.notNull().check(sql`delivered_on_paper in (0, 1)`))
    .addColumn("generated_at", timestampType(db), (c) => c.notNull())
    // The natural key: generating a month again (or twice at once) cannot add a second statement.
    .addUniqueConstraint("statements_account_month", ["account_id", "month"])
    .execute();

  await db.schema
    .createTable("statement_lines")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('charge', 'credit', 'chargeback', 'chargeback_reversal', 'fee')`))
    .addColumn("code", "text")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("reference", "text")
    .addColumn("occurred_at", timestampType(db), (c) => c.notNull())
    .addColumn("amount_minor", "integer", (c) => c.notNull().check(sql`amount_minor >= 0`))
    .addUniqueConstraint("statement_lines_position", ["statement_id", "position"])
    .execute();

  // A statement is a document already sent or published: the database refuses edits and deletions.
  for (const table of ["statements", "statement_lines"]) {
    await refuseChanges(db, table, "update", `${table} are immutable`);
    await refuseChanges(db, table, "delete", `${table} are immutable`);
  }

  await db.schema
    .createTable("paperless_enrolments")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addColumn("enrolled", "integer", (c) => c.notNull().check(sql`enrolled in (0, 1)`))
    .addColumn("at", timestampType(db), (c) => c.notNull())
    // Null only for enrolments recorded at onboarding, before any portal user existed.
    .addColumn("by_user_id", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("paperless_enrolments_by_account").on("paperless_enrolments").columns(["account_id", "at", "id"]).execute();
  await refuseChanges(db, "paperless_enrolments", "update", "paperless_enrolments is append-only");
  await refuseChanges(db, "paperless_enrolments", "delete", "paperless_enrolments is append-only");
}
