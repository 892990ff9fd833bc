import { sql, type Kysely } from "kysely";
import { onPostgres } from "./portable";

// The network's merchant support desk signs in as role 'support' (SPEC 1, issue 14). The users
// role check gains it; SQLite rebuilds the table the way 2026-12-03-1106 does for the locale.
const OLD_CHECK = "check (role in ('location', 'head_office', 'org_admin', 'analyst', 'admin'))";
const NEW_CHECK = "check (role in ('location', 'head_office', 'org_admin', 'analyst', 'admin', 'support'))";

export async function up(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    await db.schema.alterTable("users").dropConstraint("users_role_check").execute();
    await db.schema
      .alterTable("users")
      .addCheckConstraint("users_role_check", sql`role in ('location', 'head_office', 'org_admin', 'analyst', 'admin', 'support')`)
      .execute();
    return;
  }
  const foreignKeysWereOn = await foreignKeysOn(db);
  await sql`pragma foreign_keys = off`.execute(db);
  if (await foreignKeysOn(db)) {
    throw new Error("2026-12-03-1150: PRAGMA foreign_keys cannot be switched off inside a transaction; run migrations outside one");
  }
  try {
    await db.transaction().execute(async (trx) => {
      const table = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'table' and name = 'users'`.execute(trx);
      const createUsers = table.rows[0]?.sql ?? "";
      const prefix = /^CREATE TABLE "users" \(/;
      if (!prefix.test(createUsers) || createUsers.split(OLD_CHECK).length !== 2) {
        throw new Error(`2026-12-03-1150: users is not as expected: ${createUsers}`);
      }
      const createRebuilt = createUsers.replace(prefix, 'CREATE TABLE "users_rebuilt" (').replace(OLD_CHECK, NEW_CHECK);
      const dependents = await sql<{ sql: string }>`select sql from sqlite_schema
        where tbl_name = 'users' and type in ('index', 'trigger') and sql is not null`.execute(trx);
      const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'users'`.execute(trx);

      await sql.raw(createRebuilt).execute(trx);
      await sql`insert into users_rebuilt select * from users`.execute(trx);
      await sql`drop table users`.execute(trx);
      await sql`alter table users_rebuilt rename to users`.execute(trx);
      for (const { sql: statement } of dependents.rows) await sql.raw(statement).execute(trx);
      const seq = sequence.rows[0]?.seq;
      if (seq !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'users'`.execute(trx);

      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`2026-12-03-1150: foreign keys broken: ${JSON.stringify(broken.rows)}`);
    });
  } finally {
    if (foreignKeysWereOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function foreignKeysOn(db: Kysely<any>): Promise<boolean> {
  const result = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  return result.rows[0]?.foreign_keys === 1;
}
