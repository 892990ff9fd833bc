import type { z } from "zod";
import { apiAnswer, apiAnswerWithFiles } from "~/services/api/cases.server";
import type { ApiCaller } from "~/services/api/keys.server";
import { runIdempotent, type ApiAnswer, type IdempotentAnswer } from "~/services/api/idempotency.server";
import { readApiResponseUpload } from "~/services/api/response-upload.server";
import { refused, type Refused } from "~/services/result";
import { apiNetworkCasesBodySchema } from "~/forms/api";
import { authenticateIntakeKey, importNetworkBatch } from "~/services/api/network-intake.server";
import type { DB } from "../../db/connection";
import { apiProblem, idempotencyKeyOf, readJsonBody, requestHash, withApiKey } from "./api.server";
import { getDb } from "./db.server";
import { MAX_FORM_BODY_BYTES, MAX_IMPORT_BODY_BYTES } from "./http.server";
import { systemClock } from "./clock.server";
import { consumeRateLimit } from "./rate-limit.server";

/**
 * An API POST: `respond` scope, Idempotency-Key, the JSON body checked with the schema, then the
 * work inside the transaction that holds the key's claim. A replay says so in Idempotent-Replayed.
 */
export function idempotentPost<S extends z.ZodType>(
  request: Request,
  schema: S,
  work: (trx: DB, caller: ApiCaller, body: z.output<S>, now: Date) => Promise<ApiAnswer | Refused>,
  options: { maxBytes?: number } = {},
): Promise<Response> {
  return withApiKey(request, "respond", async (caller, now) => {
    const key = idempotencyKeyOf(request);
    if (!key.ok) return key.response;
    const body = await readJsonBody(request, schema, options.maxBytes ?? MAX_FORM_BODY_BYTES);
    if (!body.ok) return body.response;
    const answer = await runIdempotent(getDb(), caller.keyId, key.key, requestHash(request, body.raw), now, (trx) =>
      work(trx, caller, body.data, now),
    );
    return idempotentResponse(request, answer);
  });
}

export const isMultipart = (request: Request) => /^multipart\/form-data\b/i.test(request.headers.get("Content-Type") ?? "");

/**
 * POST /api/v1/cases/{caseNumber}/responses as multipart/form-data: the upload is read once the
 * key may answer the case, then answered under the Idempotency-Key, whose "same body" is the
 * hash of the parsed parts (see ApiUploadSubmission). An upload over the cap closes the connection.
 */
export function idempotentResponseUpload(request: Request, caseNumber: string): Promise<Response> {
  return withApiKey(request, "respond", async (caller, now) => {
    const key = idempotencyKeyOf(request);
    if (!key.ok) return key.response;
    const answer = await apiAnswerWithFiles(
      getDb(),
      caller.actor,
      caseNumber,
      (limits) => readApiResponseUpload(request, limits),
      (submission) =>
        runIdempotent(getDb(), caller.keyId, key.key, requestHash(request, `multipart/form-data\n${submission.partsHash}`), now, (trx) =>
          apiAnswer(trx, caller.actor, caseNumber, { ...submission, accept: false }, now),
        ),
    );
    if (!answer.ok && answer.status === 413) return apiProblem(request, answer, { Connection: "close" });
    return idempotentResponse(request, answer);
  });
}

function idempotentResponse(request: Request, answer: IdempotentAnswer): Response {
  if (!answer.ok) return apiProblem(request, answer);
  return new Response(answer.body, {
    status: answer.status,
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      ...(answer.replayed ? { "Idempotent-Replayed": "true" } : {}),
    },
  });
}

/**
 * POST /api/v1/network/cases: an intake key (a merchant's key is a 403), the per-key rate limit,
 * the Idempotency-Key, the JSON batch under the import's 2 MiB cap, then the import's service.
 */
export async function networkIntakePost(request: Request): Promise<Response> {
  const now = systemClock();
  const db = getDb();
  const auth = await authenticateIntakeKey(db, request.headers.get("Authorization"), now);
  if (!auth.ok) return apiProblem(request, auth, auth.status === 401 ? { "WWW-Authenticate": 'Bearer realm="api"' } : {});
  const limit = await consumeRateLimit("api", `intake:${auth.caller.publicId}`);
  if (!limit.ok) {
    const refusal = refused(429, [{ field: "form", key: "api.error.tooManyRequests" }]);
    return apiProblem(request, refusal, { "Retry-After": String(limit.retryAfterSeconds) });
  }
  const key = idempotencyKeyOf(request);
  if (!key.ok) return key.response;
  const body = await readJsonBody(request, apiNetworkCasesBodySchema, MAX_IMPORT_BODY_BYTES);
  if (!body.ok) return body.response;
  const answer = await importNetworkBatch(db, auth.caller, key.key, requestHash(request, body.raw), body.data.cases, now);
  return idempotentResponse(request, answer);
}
