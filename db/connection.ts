import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, PostgresAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from "kysely";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

/**
 * Every transaction takes SQLite's write lock when it begins. A deferred `begin` would let two
 * transactions read the same rows and then race for the lock: the loser fails with SQLITE_BUSY
 * (its snapshot is stale, the busy timeout does not help) or, worse, a rule read before the
 * winner's commit holds no more. With `begin immediate` what a transaction reads to decide a
 * write cannot change until it commits; concurrent writers wait their turn (busy_timeout).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SQLite.Database;
  constructor(database: SQLite.Database) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** A better-sqlite3 connection with the portal's settings (WAL, foreign keys, busy wait). */
export function openSqlite(file: string): SQLite.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return sqlite;
}

/** Kysely over an already opened connection (tests use it to watch the statements a process runs). */
export function databaseOver(sqlite: SQLite.Database): DB {
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
}

export function openDatabase(file: string): DB {
  return databaseOver(openSqlite(file));
}

/** True on PostgreSQL (row locks with FOR UPDATE); false on SQLite (one write lock per database). */
export function isPostgres(db: DB): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
