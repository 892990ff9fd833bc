import type { DB } from "../../db/connection";
import { formatIntakeKey } from "~/domain/network-intake";
import { canOperatePlatform, type Actor } from "~/domain/permissions";
import { recordAudit } from "~/models/audit.server";
import { insertIntakeKey, listIntakeKeys, revokeIntakeKey, type IntakeKeyRow } from "~/models/network-intake-key.server";
import { generateSecureRandomString, hashSecret } from "~/utils/session.server";
import { forbidden, refused, type ServiceResult } from "./result";

// /admin/intake-keys (SPEC 4, 13): the platform admin creates, lists and revokes the network's
// intake keys. The secret leaves this module once, in the answer to the create; each change is audited.

export async function loadIntakeKeys(db: DB, actor: Actor): Promise<ServiceResult<{ keys: IntakeKeyRow[] }>> {
  if (!canOperatePlatform(actor)) return forbidden("error.forbidden");
  return { ok: true, keys: await listIntakeKeys(db) };
}

export async function createIntakeKey(
  db: DB,
  actor: Actor,
  input: { name: string },
  now: Date,
): Promise<ServiceResult<{ secret: string; publicId: string }>> {
  if (!canOperatePlatform(actor)) return forbidden("error.forbidden");
  const publicId = generateSecureRandomString().slice(0, 16);
  const secret = generateSecureRandomString();
  await db.transaction().execute(async (trx) => {
    const id = await insertIntakeKey(trx, { publicId, secretHash: hashSecret(secret), name: input.name, createdBy: actor.userId }, now);
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "intake_key_created",
        entityType: "network_intake_key",
        entityId: id,
        details: { name: input.name, publicId },
      },
      now,
    );
  });
  return { ok: true, secret: formatIntakeKey(publicId, secret), publicId };
}

/** Revoked at once: the key is read on every request. */
export async function revokeIntakeKeyOf(db: DB, actor: Actor, keyId: number, now: Date): Promise<ServiceResult<{ name: string }>> {
  if (!canOperatePlatform(actor)) return forbidden("error.forbidden");
  const name = await db.transaction().execute(async (trx) => {
    const revoked = await revokeIntakeKey(trx, keyId, actor.userId, now);
    if (!revoked) return null;
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "intake_key_revoked",
        entityType: "network_intake_key",
        entityId: keyId,
        details: { name: revoked.name, publicId: revoked.publicId },
      },
      now,
    );
    return revoked.name;
  });
  if (name === null) return refused(404, [{ field: "form", key: "intakeKeys.error.notFound" }]);
  return { ok: true, name };
}
