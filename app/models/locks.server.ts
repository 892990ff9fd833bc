import { sql, type SelectQueryBuilder } from "kysely";
import { isPostgres, type DB } from "../../db/connection";

/**
 * Serialises the transactions that decide on the same thing (a sign-in throttle key, say) when no
 * row exists yet to lock `for update`. PostgreSQL takes a transaction-scoped advisory lock on the
 * key; SQLite already holds the database's write lock from `begin immediate` (db/connection.ts).
 */
export async function lockKey(trx: DB, key: string): Promise<void> {
  if (!trx.isTransaction) throw new Error("lockKey: call it inside the write transaction");
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/**
 * A job's claim of the rows it will work on: on PostgreSQL the rows are locked `for update skip
 * locked`, so two processes claiming at once take different rows instead of the same ones; SQLite
 * runs the claiming statement under its one write lock already.
 */
export function skippingRowsOthersClaim<Q extends SelectQueryBuilder<any, any, any>>(db: DB, query: Q): Q {
  return isPostgres(db) ? (query.forUpdate().skipLocked() as Q) : query;
}

/**
 * Holds the stored files of these contents (SHA-256) until the transaction ends: the submission
 * that renames a fresh copy into the store and references it, and the clean-up that removes an
 * unreferenced one, take it, so the clean-up never deletes a file a submission is committing.
 * Taken in one order (sorted), so two submissions sharing files never wait on each other in a circle.
 */
export async function lockStoredFiles(trx: DB, sha256s: readonly string[]): Promise<void> {
  for (const sha256 of [...new Set(sha256s)].sort()) await lockKey(trx, `attachment:${sha256}`);
}

export type AloneRun<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs a job's work unless another process runs the same job right now. PostgreSQL: a session
 * advisory lock, tried (not waited for) on one pooled connection held for the run and released
 * after it (or when the process dies and its connection closes). SQLite: there is one process per
 * database file, so it just runs. The jobs are correct without it (their claims and unique keys);
 * it saves a second process walking the same rows in lockstep behind the first one's locks.
 */
export async function unlessRunningElsewhere<T>(db: DB, key: string, work: () => Promise<T>): Promise<AloneRun<T>> {
  if (!isPostgres(db)) return { ran: true, result: await work() };
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ taken: boolean }>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as taken`.execute(connection);
    if (rows[0]?.taken !== true) return { ran: false } as const;
    try {
      return { ran: true, result: await work() } as const;
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection);
    }
  });
}
