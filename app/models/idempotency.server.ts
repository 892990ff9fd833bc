import type { DB } from "../../db/connection";

// The first answer to an API POST with an Idempotency-Key (SPEC 13), per API key.

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: string;
}

/**
 * Claims the key for this request inside the caller's write transaction, first thing: true when
 * the row is this transaction's. A parallel request with the same key waits on the row's unique
 * key (PostgreSQL) or on the write lock (SQLite) until this transaction ends, then finds the answer.
 * A row older than `expiredBefore` no longer counts: the key may be used afresh.
 */
export async function claimIdempotencyKey(
  trx: DB,
  apiKeyId: number,
  key: string,
  requestHash: string,
  now: Date,
  expiredBefore: Date,
): Promise<boolean> {
  // Every claim clears the API key's expired answers, this one's included: no job needed to keep the table small.
  await trx
    .deleteFrom("api_idempotency")
    .where("api_key_id", "=", apiKeyId)
    .where("created_at", "<", expiredBefore.toISOString())
    .execute();
  const claimed = await trx
    .insertInto("api_idempotency")
    .values({ api_key_id: apiKeyId, idempotency_key: key, request_hash: requestHash, status: 0, body: "", created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["api_key_id", "idempotency_key"]).doNothing())
    .returning("api_key_id")
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function findIdempotentAnswer(db: DB, apiKeyId: number, key: string): Promise<StoredAnswer | undefined> {
  return db
    .selectFrom("api_idempotency")
    .select(["request_hash as requestHash", "status", "body"])
    .where("api_key_id", "=", apiKeyId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export async function saveIdempotentAnswer(trx: DB, apiKeyId: number, key: string, status: number, body: string): Promise<void> {
  await trx
    .updateTable("api_idempotency")
    .set({ status, body })
    .where("api_key_id", "=", apiKeyId)
    .where("idempotency_key", "=", key)
    .execute();
}
