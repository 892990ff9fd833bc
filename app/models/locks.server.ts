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
