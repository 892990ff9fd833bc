import type { z } from "zod";
import type { ApiCaller } from "~/services/api/keys.server";
import { runIdempotent, type ApiAnswer } from "~/services/api/idempotency.server";
import type { Refused } from "~/services/result";
import type { DB } from "../../db/connection";
import { apiProblem, idempotencyKeyOf, readJsonBody, requestHash, withApiKey } from "./api.server";
import { getDb } from "./db.server";

/**
 * An API POST: `respond` scope, Idempotency-Key, the JSON body checked with the schema, then the
 * work inside the transaction that holds the key's claim. A replay says so in Idempotent-Replayed.
 */
export function idempotentPost<S extends z.ZodType>(
  request: Request,
  schema: S,
  work: (trx: DB, caller: ApiCaller, body: z.output<S>, now: Date) => Promise<ApiAnswer | Refused>,
): Promise<Response> {
  return withApiKey(request, "respond", async (caller, now) => {
    const key = idempotencyKeyOf(request);
    if (!key.ok) return key.response;
    const body = await readJsonBody(request, schema);
    if (!body.ok) return body.response;
    const answer = await runIdempotent(getDb(), caller.keyId, key.key, requestHash(request, body.raw), now, (trx) =>
      work(trx, caller, body.data, now),
    );
    if (!answer.ok) return apiProblem(request, answer);
    return new Response(answer.body, {
      status: answer.status,
      headers: {
        "Content-Type": "application/json",
        "Cache-Control": "no-store",
        ...(answer.replayed ? { "Idempotent-Replayed": "true" } : {}),
      },
    });
  });
}
