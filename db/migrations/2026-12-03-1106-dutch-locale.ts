import { sql, type Kysely } from "kysely";
import { onPostgres } from "./portable";

// The interface speaks Dutch too (SPEC 12): users.locale may now be 'nl'.
const OLD_CHECK = "check (locale in ('en', 'de'))";
const NEW_CHECK = "check (locale in ('en', 'de', 'nl'))";

export async function up(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    // The column check was created unnamed; PostgreSQL named it <table>_<column>_check.
    await db.schema.alterTable("users").dropConstraint("users_locale_check").execute();
    await db.schema
      .alterTable("users")
      .addCheckConstraint("users_locale_check", sql`locale in ('en', 'de', 'nl')`)
      .execute();
    return;
  }
  await rebuildUsersWithNewCheck(db);
}

/**
 * SQLite cannot alter a CHECK constraint: the table is rebuilt as sqlite.org/lang_altertable.html
 * ("Making Other Kinds Of Table Schema Changes") describes. The new table is the old one's own
 * CREATE statement with only the locale check changed, so every column other migrations added
 * to users survives. Foreign keys must be off while the old table is dropped, or the drop would
 * run as a DELETE against sessions, cases, audit_log and the rest; that pragma is a no-op inside
 * a transaction, and Kysely's Migrator runs SQLite migrations outside one (no transactional DDL).
 */
async function rebuildUsersWithNewCheck(db: Kysely<any>): Promise<void> {
  const foreignKeysWereOn = await foreignKeysOn(db);
  await sql`pragma foreign_keys = off`.execute(db);
  if (await foreignKeysOn(db)) {
    throw new Error("2026-12-03-1106: PRAGMA foreign_keys cannot be switched off inside a transaction; run migrations outside one");
  }
  try {
    await db.transaction().execute(async (trx) => {
      const table = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'table' and name = 'users'`.execute(trx);
      const createUsers = table.rows[0]?.sql ?? "";
      const prefix = /^CREATE TABLE "users" \(/;
      if (!prefix.test(createUsers) || createUsers.split(OLD_CHECK).length !== 2) {
        throw new Error(`2026-12-03-1106: users is not as expected: ${createUsers}`);
      }
      const createRebuilt = createUsers.replace(prefix, 'CREATE TABLE "users_rebuilt" (').replace(OLD_CHECK, NEW_CHECK);
      // Indexes and triggers die with the old table; the automatic ones (unique) come back by themselves.
      const dependents = await sql<{ sql: string }>`select sql from sqlite_schema
        where tbl_name = 'users' and type in ('index', 'trigger') and sql is not null`.execute(trx);
      const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'users'`.execute(trx);

      await sql.raw(createRebuilt).execute(trx);
      await sql`insert into users_rebuilt select * from users`.execute(trx);
      await sql`drop table users`.execute(trx);
      await sql`alter table users_rebuilt rename to users`.execute(trx);
      for (const { sql: statement } of dependents.rows) await sql.raw(statement).execute(trx);
      // Ids are never reused, also not those of rows that no longer exist.
      const seq = sequence.rows[0]?.seq;
      if (seq !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'users'`.execute(trx);

      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`2026-12-03-1106: foreign keys broken: ${JSON.stringify(broken.rows)}`);
    });
  } finally {
    if (foreignKeysWereOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function foreignKeysOn(db: Kysely<any>): Promise<boolean> {
  const result = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  return result.rows[0]?.foreign_keys === 1;
}
