import type { DB } from "../../../db/connection";
import { intakeKeyActor, parseIntakeKey } from "~/domain/network-intake";
import type { Actor } from "~/domain/permissions";
import { lastUsedIsStale } from "~/domain/api-keys";
import { findIntakeAnswer, findIntakeKeyByPublicId, saveIntakeAnswer, touchIntakeKey } from "~/models/network-intake-key.server";
import { secretMatches } from "~/utils/session.server";
import { importCases, type IntakeRow } from "../disputes/intake.server";
import { forbidden, refused, type Refused, type ServiceResult } from "../result";
import { IDEMPOTENCY_TTL_MS, type IdempotentAnswer } from "./idempotency.server";
import { authenticateApiKey } from "./keys.server";

// POST /api/v1/network/cases (SPEC 4, 13): the network's systems deliver a batch of cases with an
// intake key. Each row goes through the CSV import's own service (`importCases`: the hand-opened
// case's schema and rules, one transaction per row, a known network case id a duplicate).

export interface IntakeCaller {
  actor: Actor;
  keyId: number;
  publicId: string;
}

const unauthorized = () => refused(401, [{ field: "form", key: "api.error.unauthorized" }]);

/** The intake key of `Authorization: Bearer dpn_…`, read afresh on every request (a revoked key is a 401 at once). */
export async function authenticateIntakeKey(
  db: DB,
  authorization: string | null,
  now: Date,
): Promise<ServiceResult<{ caller: IntakeCaller }>> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const parsed = match ? parseIntakeKey(match[1]!) : null;
  if (!parsed) {
    // A merchant's valid key is the wrong kind of key here: a 403 that says so, not "invalid".
    const merchant = await authenticateApiKey(db, authorization, now);
    return merchant.ok ? forbidden("api.error.intakeKeyRequired") : unauthorized();
  }
  const key = await findIntakeKeyByPublicId(db, parsed.publicId);
  if (!key || key.revokedAt !== null || !secretMatches(key.secretHash, parsed.secret)) return unauthorized();
  if (lastUsedIsStale(key.lastUsedAt ? new Date(key.lastUsedAt) : null, now)) await touchIntakeKey(db, key.id, now);
  return { ok: true, caller: { actor: intakeKeyActor(key), keyId: key.id, publicId: parsed.publicId } };
}

/**
 * The batch imported, its per-row report kept as the first answer under the Idempotency-Key.
 * Unlike the other POSTs, the rows are not written inside the key's transaction: each row has
 * its own (a refused row never undoes the others, and 1 000 rows are not one long transaction);
 * a batch posted twice at once imports each row once all the same (the network case id), and
 * both requests answer with the report kept first.
 */
export async function importNetworkBatch(
  db: DB,
  caller: IntakeCaller,
  idempotencyKey: string,
  requestHash: string,
  rows: readonly IntakeRow[],
  now: Date,
): Promise<IdempotentAnswer> {
  const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
  const replay = async (): Promise<IdempotentAnswer | null> => {
    const first = await findIntakeAnswer(db, caller.keyId, idempotencyKey, expiredBefore);
    if (!first) return null;
    if (first.requestHash !== requestHash) return reused();
    return { ok: true, status: first.status, body: first.body, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  const imported = await importCases(db, caller.actor, rows, now);
  if (!imported.ok) return imported;
  const body = JSON.stringify(imported.report);
  if (await saveIntakeAnswer(db, caller.keyId, idempotencyKey, { requestHash, status: 200, body }, now))
    return { ok: true, status: 200, body, replayed: false };
  return (await replay()) ?? { ok: true, status: 200, body, replayed: false };
}

const reused = (): Refused => refused(422, [{ field: "form", key: "api.error.idempotencyReused" }]);
