import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { PostgresAdapter } from "kysely";

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
