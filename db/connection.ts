import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from "kysely";
import pg from "pg";
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

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew: compiling the SQL cost more than running most
 * of the portal's queries. The same text gets the same prepared statement (the least recently
 * used dropped past the limit). Only all() and run() share it, as they finish before returning; an
 * iteration gets a statement of its own, so two streams of the same query cannot collide.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  const cached = (sql: string): SQLite.Statement => {
    let statement = cache.get(sql);
    if (statement) cache.delete(sql);
    else {
      statement = sqlite.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  };
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const statement = cached(sql);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(parameters),
        run: (parameters) => statement.run(parameters),
        iterate: (parameters) => sqlite.prepare(sql).iterate(parameters),
      };
    },
  };
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  constructor(database: SQLite.Database) {
    const cached = withStatementCache(database);
    super({ database: cached });
    this.#database = cached;
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

/** Where the portal's data lives: a PostgreSQL URL when DATABASE_URL is set, else the SQLite file. */
export function databaseLocation(env: { DATABASE_URL?: string | undefined; DATABASE_PATH: string }): string {
  return env.DATABASE_URL ?? env.DATABASE_PATH;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** The portal's database at a location: a `postgres://` URL or the path of a SQLite file. */
export function openDatabase(location: string): DB {
  return isPostgresUrl(location) ? openPostgres(location) : databaseOver(openSqlite(location));
}

// Values read the same on both engines, decided here once: a point in time is the ISO-8601 UTC text
// SQLite keeps (`toISOString()`), counts and sums are numbers (amounts in minor units stay far below
// 2^53), a date is its text.
const OID = { INT8: 20, DATE: 1082, TIMESTAMPTZ: 1184, NUMERIC: 1700 } as const;
type TextParser = (value: string) => unknown;
const builtinParser = (oid: number): TextParser => pg.types.getTypeParser(oid, "text") as TextParser;
const parseTimestamp = builtinParser(OID.TIMESTAMPTZ);
const portalParsers: Record<number, TextParser> = {
  [OID.TIMESTAMPTZ]: (value) => (parseTimestamp(value) as Date).toISOString(),
  [OID.INT8]: Number,
  [OID.NUMERIC]: Number,
  [OID.DATE]: (value) => value,
};
const portalTypes = {
  getTypeParser: (oid: number) => portalParsers[oid] ?? builtinParser(oid),
};

/**
 * A pool of PostgreSQL connections. Transactions run at READ COMMITTED: a rule's inputs are read
 * under the row lock its competing writes take too (`forUpdate()`, see app/models/ledger.server.ts),
 * the role of SQLite's `begin immediate` on that engine.
 */
export function openPostgres(url: string, options: { max?: number } = {}): DB {
  return databaseOverPool(postgresPool(url, options));
}

export function postgresPool(url: string, options: { max?: number } = {}): pg.Pool {
  return new pg.Pool({ connectionString: url, max: options.max ?? 10, types: portalTypes });
}

/** Kysely over a pool made by `postgresPool` (tests use it to watch the statements a process runs). */
export function databaseOverPool(pool: pg.Pool): DB {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** True on PostgreSQL (row locks with FOR UPDATE); false on SQLite (one write lock per database). */
export function isPostgres(db: DB): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
