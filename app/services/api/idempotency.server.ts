import type { DB } from "../../../db/connection";
import { claimIdempotencyKey, findIdempotentAnswer, saveIdempotentAnswer } from "~/models/idempotency.server";
import { inTransaction } from "../disputes/common.server";
import { isRefused, refused, RefusedError, type Refused } from "../result";

// Idempotency-Key on every API POST (SPEC 13): the same key and body within 24 hours get the first
// answer again; the same key with another body is a 422. The key's row is claimed first, inside
// the transaction that does the work, so 50 parallel requests with one key make one response.
// Only an answer that changed something is kept: a refusal changed nothing and is asked again.

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export type ApiAnswer = { status: number; body: unknown };
export type IdempotentAnswer = { ok: true; status: number; body: string; replayed: boolean } | Refused;

export async function runIdempotent(
  db: DB,
  apiKeyId: number,
  key: string,
  requestHash: string,
  now: Date,
  work: (trx: DB) => Promise<ApiAnswer | Refused>,
): Promise<IdempotentAnswer> {
  const result = await inTransaction(db, async (trx): Promise<IdempotentAnswer> => {
    const mine = await claimIdempotencyKey(trx, apiKeyId, key, requestHash, now, new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
    if (!mine) {
      const first = await findIdempotentAnswer(trx, apiKeyId, key);
      if (!first || first.requestHash !== requestHash) return refused(422, [{ field: "form", key: "api.error.idempotencyReused" }]);
      return { ok: true, status: first.status, body: first.body, replayed: true };
    }
    const answer = await work(trx);
    // Thrown, so the claim is rolled back with everything else the work wrote.
    if (isRefused(answer)) throw new RefusedError(answer);
    const body = JSON.stringify(answer.body);
    await saveIdempotentAnswer(trx, apiKeyId, key, answer.status, body);
    return { ok: true, status: answer.status, body, replayed: false };
  });
  return result;
}
