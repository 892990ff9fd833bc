import { sql, type Kysely } from "kysely";
import { onPostgres } from "./portable";

// Support notices (issue 14 items 4 and 5): two notification categories, "support_replies" (the
// merchant hears of the desk's public messages; switchable) and "support_promises" (desk only: a
// promise close to breaking or broken), and the tier lead who hears of breaches. The category
// checks are widened exactly as 2026-12-03-1120 did for "reminders".
const OLD_CATEGORIES = "category in ('new_inquiry', 'new_chargeback', 'case_update', 'urgent', 'reminders', 'payment')";
const NEW_CATEGORIES =
  "category in ('new_inquiry', 'new_chargeback', 'case_update', 'urgent', 'reminders', 'payment', 'support_replies', 'support_promises')";
const TABLES = ["notification_preferences", "notifications", "notification_digest_items"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    for (const table of TABLES) {
      // Named <table>_category_check by PostgreSQL at creation and again by 2026-12-03-1120.
      await db.schema.alterTable(table).dropConstraint(`${table}_category_check`).execute();
      await db.schema.alterTable(table).addCheckConstraint(`${table}_category_check`, sql.raw(NEW_CATEGORIES)).execute();
    }
  } else {
    await withForeignKeysOff(db, async () => {
      for (const table of TABLES) await rebuildWithNewCheck(db, table);
    });
  }

  // The agent of a tier who hears of every breach in it, whoever holds the request.
  await db.schema
    .alterTable("support_agents")
    .addColumn("lead", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`"lead" in (0, 1)`),
    )
    .execute();
  // One lead per tier: "the lead" is then one person, not whoever was marked last.
  await sql`create unique index support_agents_one_lead on support_agents (tier) where "lead" = 1`.execute(db);
}

/**
 * SQLite cannot alter a CHECK constraint: the table is rebuilt from its own CREATE statement with
 * only the category check changed (the same steps as 2026-12-03-1120, which explains them).
 */
async function rebuildWithNewCheck(db: Kysely<any>, table: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const found = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'table' and name = ${table}`.execute(trx);
    const create = found.rows[0]?.sql ?? "";
    const prefix = new RegExp(`^CREATE TABLE "${table}" \\(`);
    if (!prefix.test(create) || create.split(OLD_CATEGORIES).length !== 2) {
      throw new Error(`2026-12-04-1181: ${table} is not as expected: ${create}`);
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
    const seq = sequence.rows[0]?.seq;
    if (seq !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = ${table}`.execute(trx);

    const broken = await sql`pragma foreign_key_check`.execute(trx);
    if (broken.rows.length > 0) throw new Error(`2026-12-04-1181: foreign keys broken: ${JSON.stringify(broken.rows)}`);
  });
}

async function withForeignKeysOff(db: Kysely<any>, work: () => Promise<void>): Promise<void> {
  const wereOn = await foreignKeysOn(db);
  await sql`pragma foreign_keys = off`.execute(db);
  if (await foreignKeysOn(db)) {
    throw new Error("2026-12-04-1181: PRAGMA foreign_keys cannot be switched off inside a transaction; run migrations outside one");
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
