import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from "kysely";

// The few places where DDL must differ between SQLite and PostgreSQL, so each migration stays one
// file that runs on both engines.

export function onPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A surrogate key: SQLite's autoincrement rowid, PostgreSQL's identity column. */
export function idColumn(db: Kysely<any>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return onPostgres(db) ? (c) => c.primaryKey().generatedByDefaultAsIdentity() : (c) => c.primaryKey().autoIncrement();
}

/**
 * A point in time. SQLite keeps the ISO-8601 UTC text the portal writes; PostgreSQL a real
 * timestamptz, which the connection reads back as the same ISO text (db/connection.ts).
 */
export function timestampType(db: Kysely<any>): "text" | "timestamptz" {
  return onPostgres(db) ? "timestamptz" : "text";
}

/**
 * The database itself refuses `update` or `delete` on an append-only or immutable table. SQLite
 * raises from a trigger; PostgreSQL from a trigger function that reports the message it is given.
 */
export async function refuseChanges(db: Kysely<any>, table: string, change: "update" | "delete", message: string): Promise<void> {
  const name = `${table}_no_${change}`;
  if (onPostgres(db)) {
    await sql`create or replace function portal_refuse_change() returns trigger language plpgsql as $$
      begin raise exception '%', tg_argv[0]; end $$`.execute(db);
    await sql`${sql.raw(`create trigger ${name} before ${change} on ${table} for each row`)}
      execute function portal_refuse_change(${sql.lit(message)})`.execute(db);
  } else {
    await sql`${sql.raw(`create trigger ${name} before ${change} on ${table}`)}
      begin select raise(abort, ${sql.lit(message)}); end`.execute(db);
  }
}
