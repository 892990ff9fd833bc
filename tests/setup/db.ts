import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sql } from "kysely";
import { isPostgres, isPostgresUrl, openDatabase, type DB } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";

/**
 * The engine the tests run on: SQLite files by default; PostgreSQL when PORTAL_TEST_POSTGRES_URL
 * names a server the tests may create databases on (.ci/run starts one and runs the suite twice).
 */
export const testPostgresUrl = process.env.PORTAL_TEST_POSTGRES_URL || undefined;
export const testsOnPostgres = testPostgresUrl !== undefined;
/**
 * Migrated once per run by the global setup (tests/setup/postgres-template.ts); each test copies it.
 * Branches with different migrations that share one server each name their own.
 */
export const POSTGRES_TEMPLATE = process.env.PORTAL_TEST_POSTGRES_TEMPLATE || "portal_test_template";

/** The URL of another database on the same server. */
export function postgresDatabaseUrl(serverUrl: string, database: string): string {
  // Not `new URL()`: a socket URL (postgres://user@/db?host=/dir) has no host, which it refuses.
  return serverUrl.replace(/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${database}`);
}

export async function onPostgresServer<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresDatabaseUrl(serverUrl, "postgres") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  db: DB;
  /** A SQLite file's path or a postgres:// URL: what DATABASE_PATH or DATABASE_URL would say. */
  location: string;
  /** The environment a child process needs to open the same database. */
  env: Record<string, string>;
  destroy: () => Promise<void>;
}

// Each test file gets its own real, migrated database: nothing leaks between files and files run
// in parallel workers without locking each other.
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testPostgresUrl) return createPostgresTestDatabase(testPostgresUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
  const file = path.join(dir, "portal.sqlite");
  const db = openDatabase(file);
  await migrateToLatest(db);
  return {
    db,
    location: file,
    env: { DATABASE_PATH: file },
    destroy: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `portal_test_${crypto.randomBytes(6).toString("hex")}`;
  await onPostgresServer(serverUrl, (client) => client.query(`create database ${name} template ${POSTGRES_TEMPLATE}`));
  const location = postgresDatabaseUrl(serverUrl, name);
  const db = openDatabase(location);
  return {
    db,
    location,
    env: { DATABASE_URL: location },
    destroy: async () => {
      await db.destroy();
      await onPostgresServer(serverUrl, async (client) => {
        // The pool's clients may still be saying goodbye; a forced drop would terminate them mid-way,
        // and a client told so while ending has no listener left: an uncaught error in the test run.
        for (let i = 0; i < 100; i++) {
          const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

/** The environment variable that points a process at a database location. */
export function databaseEnv(location: string): Record<string, string> {
  return isPostgresUrl(location) ? { DATABASE_URL: location } : { DATABASE_PATH: location };
}

/** Every table of the portal's schema, on either engine. */
export async function tableNames(db: DB): Promise<string[]> {
  const { rows } = isPostgres(db)
    ? await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(db)
    : await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by 1`.execute(db);
  return rows.map((r) => r.name);
}
