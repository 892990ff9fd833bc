import { sql, type Kysely } from "kysely";
import { idColumn, onPostgres, timestampType } from "./portable";

// Staged reminders (SPEC 5): a new notification category "reminders", and one row per reminder
// sent, so each stage reaches each recipient once per case and respond-by even when the deadline
// job runs twice or in two processes at once.
const OLD_CATEGORIES = "category in ('new_inquiry', 'new_chargeback', 'case_update', 'urgent', 'payment')";
const NEW_CATEGORIES = "category in ('new_inquiry', 'new_chargeback', 'case_update', 'urgent', 'reminders', 'payment')";
const TABLES = ["notification_preferences", "notifications", "notification_digest_items"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    for (const table of TABLES) {
      // The column checks were created unnamed; PostgreSQL named them <table>_<column>_check.
      await db.schema.alterTable(table).dropConstraint(`${table}_category_check`).execute();
      await db.schema.alterTable(table).addCheckConstraint(`${table}_category_check`, sql.raw(NEW_CATEGORIES)).execute();
    }
  } else {
    await withForeignKeysOff(db, async () => {
      for (const table of TABLES) await rebuildWithNewCheck(db, table);
    });
  }

  await db.schema
    .createTable("case_reminders")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    // The respond-by the reminder counted down to: a request for more information sets a new one,
    // and the stages run again for it.
    .addColumn("respond_by", timestampType(db), (c) => c.notNull())
    .addColumn("stage_days", "integer", (c) => c.notNull().check(sql`stage_days >= 1`))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    // 1: sent to the head office because nobody had answered at the last stage.
    .addColumn("escalation", "integer", (c) => c.notNull().check(sql`escalation in (0, 1)`))
    .addColumn("sent_at", timestampType(db), (c) => c.notNull())
    .execute();
  // The key that makes a stage reach a recipient once: inserted with "on conflict do nothing".
  await db.schema
    .createIndex("case_reminders_once")
    .on("case_reminders")
    .columns(["case_id", "respond_by", "stage_days", "user_id"])
    .unique()
    .execute();
}

/**
 * SQLite cannot alter a CHECK constraint: the table is rebuilt from its own CREATE statement with
 * only the category check changed, as in 2026-12-03-1106-dutch-locale (which explains why foreign
 * keys must be off and why this runs outside a transaction).
 */
async function rebuildWithNewCheck(db: Kysely<any>, table: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const found = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'table' and name = ${table}`.execute(trx);
    const create = found.rows[0]?.sql ?? "";
    const prefix = new RegExp(`^CREATE TABLE "${table}" \\(`);
    if (!prefix.test(create) || create.split(OLD_CATEGORIES).length !== 2) {
      throw new Error(`2026-12-03-1120: ${table} is not as expected: ${create}`);
    }
    const rebuilt = `${table}_rebuilt`;
    const createRebuilt = create.replace(prefix, `CREATE TABLE "${rebuilt}" (`).replace(OLD_CATEGORIES, NEW_CATEGORIES);
    const dependents = await sql<{ sql: string }>`select sql from sqlite_schema
      where tbl_name = ${table} and type in ('index', 'trigger') and sql is not null`.execute(trx);
    const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(trx);

    await sql.raw(createRebuilt).execute(trx);
    await sql.raw(`insert into "${rebuilt}" select * from "${table}"`).execute(trx);
    await sql.raw(`drop table "${table}"`).execute(trx);
    await sql.raw(`alter table "${rebuilt}" rename to "${table}"`).execute(trx);
    for (const { sql: statement } of dependents.rows) await sql.raw(statement).execute(trx);
    // Ids are never reused, also not those of rows that no longer exist.
    const seq = sequence.rows[0]?.seq;
    if (seq !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = ${table}`.execute(trx);

    const broken = await sql`pragma foreign_key_check`.execute(trx);
    if (broken.rows.length > 0) throw new Error(`2026-12-03-1120: foreign keys broken: ${JSON.stringify(broken.rows)}`);
  });
}

async function withForeignKeysOff(db: Kysely<any>, work: () => Promise<void>): Promise<void> {
  const wereOn = await foreignKeysOn(db);
  await sql`pragma foreign_keys = off`.execute(db);
  if (await foreignKeysOn(db)) {
    throw new Error("2026-12-03-1120: PRAGMA foreign_keys cannot be switched off inside a transaction; run migrations outside one");
  }
  try {
    await work();
  } finally {
    if (wereOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function foreignKeysOn(db: Kysely<any>): Promise<boolean> {
  const result = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  return result.rows[0]?.foreign_keys === 1;
}
