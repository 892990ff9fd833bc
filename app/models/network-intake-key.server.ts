import type { DB } from "../../db/connection";

// Network intake keys (SPEC 4, 13): the platform admin's, of no organisation; the secret itself is
// never stored. With them, the first answers to batches under an Idempotency-Key.

export interface IntakeKeyRow {
  id: number;
  publicId: string;
  name: string;
  createdAt: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Every intake key, newest first (the network has a handful). */
export async function listIntakeKeys(db: DB): Promise<IntakeKeyRow[]> {
  return db
    .selectFrom("network_intake_keys")
    .leftJoin("users", "users.id", "network_intake_keys.created_by")
    .select([
      "network_intake_keys.id",
      "network_intake_keys.public_id as publicId",
      "network_intake_keys.name",
      "network_intake_keys.created_at as createdAt",
      "users.display_name as createdByName",
      "network_intake_keys.last_used_at as lastUsedAt",
      "network_intake_keys.revoked_at as revokedAt",
    ])
    .orderBy("network_intake_keys.created_at", "desc")
    .orderBy("network_intake_keys.id", "desc")
    .execute();
}

export async function insertIntakeKey(
  trx: DB,
  key: { publicId: string; secretHash: string; name: string; createdBy: number },
  now: Date,
): Promise<number> {
  const { id } = await trx
    .insertInto("network_intake_keys")
    .values({
      public_id: key.publicId,
      secret_hash: key.secretHash,
      name: key.name,
      created_by: key.createdBy,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Revokes a key not revoked yet; undefined when there is none such. */
export async function revokeIntakeKey(trx: DB, keyId: number, userId: number, now: Date) {
  return trx
    .updateTable("network_intake_keys")
    .set({ revoked_at: now.toISOString(), revoked_by: userId })
    .where("id", "=", keyId)
    .where("revoked_at", "is", null)
    .returning(["name", "public_id as publicId"])
    .executeTakeFirst();
}

export async function findIntakeKeyByPublicId(db: DB, publicId: string) {
  return db
    .selectFrom("network_intake_keys")
    .select(["id", "secret_hash as secretHash", "created_by as createdBy", "last_used_at as lastUsedAt", "revoked_at as revokedAt"])
    .where("public_id", "=", publicId)
    .executeTakeFirst();
}

export async function touchIntakeKey(db: DB, keyId: number, now: Date): Promise<void> {
  await db.updateTable("network_intake_keys").set({ last_used_at: now.toISOString() }).where("id", "=", keyId).execute();
}

export interface StoredIntakeAnswer {
  requestHash: string;
  status: number;
  body: string;
}

/** The batch answer kept under the key, unless it expired (then it is removed and the key free again). */
export async function findIntakeAnswer(db: DB, keyId: number, key: string, expiredBefore: Date): Promise<StoredIntakeAnswer | undefined> {
  await db
    .deleteFrom("network_intake_idempotency")
    .where("intake_key_id", "=", keyId)
    .where("created_at", "<", expiredBefore.toISOString())
    .execute();
  return db
    .selectFrom("network_intake_idempotency")
    .select(["request_hash as requestHash", "status", "body"])
    .where("intake_key_id", "=", keyId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

/** Keeps the answer unless one was kept meanwhile (a parallel batch under the key): false then. */
export async function saveIntakeAnswer(db: DB, keyId: number, key: string, answer: StoredIntakeAnswer, now: Date): Promise<boolean> {
  const saved = await db
    .insertInto("network_intake_idempotency")
    .values({
      intake_key_id: keyId,
      idempotency_key: key,
      request_hash: answer.requestHash,
      status: answer.status,
      body: answer.body,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(["intake_key_id", "idempotency_key"]).doNothing())
    .returning("intake_key_id")
    .executeTakeFirst();
  return saved !== undefined;
}
