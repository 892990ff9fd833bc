import { sql, type Kysely } from "kysely";
import { idColumn, onPostgres, refuseChanges } from "./portable";

// Statements per currency (SPEC 6, issue 9 item 5): every line keeps its own currency, and a
// statement has one row of totals per currency in `statement_totals`. Statements made before
// this were one currency only (entries in another currency were left out), so their lines take
// the statement's currency and their totals move over as they are. The totals columns on
// `statements` stay: they are the account currency's totals, also in `statement_totals`.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("statement_lines")
    .addColumn("currency", "text", (c) => c.check(sql`currency is null or length(currency) = 3`))
    .execute();
  // Statement lines are immutable; lift the guard for the one backfill, then put it back.
  await sql`${sql.raw(onPostgres(db) ? "drop trigger statement_lines_no_update on statement_lines" : "drop trigger statement_lines_no_update")}`.execute(
    db,
  );
  await sql`update statement_lines set currency = (select s.currency from statements s where s.id = statement_lines.statement_id)`.execute(
    db,
  );
  await refuseChanges(db, "statement_lines", "update", "statement_lines are immutable");
  if (onPostgres(db)) {
    await sql`alter table statement_lines alter column currency set not null`.execute(db);
  } else {
    // SQLite cannot add NOT NULL to an existing column: new lines must name their currency.
    await sql`create trigger statement_lines_currency_required before insert on statement_lines when new.currency is null
      begin select raise(abort, 'statement_lines.currency is required'); end`.execute(db);
  }

  await db.schema
    .createTable("statement_totals")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id"))
    .addColumn("currency", "text", (c) => c.notNull().check(sql`length(currency) = 3`))
    .addColumn("charges_minor", "integer", (c) => c.notNull())
    .addColumn("credits_minor", "integer", (c) => c.notNull())
    .addColumn("chargebacks_minor", "integer", (c) => c.notNull())
    .addColumn("reversals_minor", "integer", (c) => c.notNull())
    .addColumn("fees_minor", "integer", (c) => c.notNull())
    .addColumn("net_minor", "integer", (c) => c.notNull())
    .addUniqueConstraint("statement_totals_currency", ["statement_id", "currency"])
    .execute();
  await sql`insert into statement_totals
      (statement_id, currency, charges_minor, credits_minor, chargebacks_minor, reversals_minor, fees_minor, net_minor)
    select id, currency, charges_minor, credits_minor, chargebacks_minor, reversals_minor, fees_minor, net_minor from statements`.execute(
    db,
  );
  await refuseChanges(db, "statement_totals", "update", "statement_totals are immutable");
  await refuseChanges(db, "statement_totals", "delete", "statement_totals are immutable");
}
