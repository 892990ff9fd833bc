import type { DB } from "../../db/connection";
import { formatApiKey, storedScopes, type ApiScope } from "~/domain/api-keys";
import { managedOrganisation, type Actor } from "~/domain/permissions";
import { listApiKeys, insertApiKey, revokeApiKey, type ApiKeyRow } from "~/models/api-key.server";
import { recordAudit } from "~/models/audit.server";
import { organisationAccountIds, organisationAccounts, organisationName } from "~/models/org-users.server";
import { generateSecureRandomString, hashSecret } from "~/utils/session.server";
import { forbidden, refused, type ServiceResult } from "./result";

// /settings/api (SPEC 13): an org_admin creates, lists and revokes the organisation's API keys.
// The secret leaves this module once, in the answer to the create; every change is audited.

export async function loadApiKeys(
  db: DB,
  actor: Actor,
): Promise<
  ServiceResult<{ keys: ApiKeyRow[]; accounts: { id: number; name: string; merchantNumber: string }[]; organisationName: string }>
> {
  const organisationId = managedOrganisation(actor);
  if (organisationId === null) return forbidden("error.forbidden");
  const [keys, accounts, name] = await Promise.all([
    listApiKeys(db, organisationId),
    organisationAccounts(db, organisationId),
    organisationName(db, organisationId),
  ]);
  return { ok: true, keys, accounts, organisationName: name?.name ?? "" };
}

export interface NewApiKey {
  name: string;
  scope: ApiScope;
  accounts: readonly number[] | "all";
}

/** The key's full secret is in the answer, and nowhere else ever again. */
export async function createApiKey(
  db: DB,
  actor: Actor,
  input: NewApiKey,
  now: Date,
): Promise<ServiceResult<{ secret: string; publicId: string }>> {
  const organisationId = managedOrganisation(actor);
  if (organisationId === null) return forbidden("error.forbidden");
  let accounts: number[] | "all" = "all";
  if (input.accounts !== "all") {
    accounts = [...new Set(input.accounts)].sort((a, b) => a - b);
    if (accounts.length === 0) return refused(400, [{ field: "accounts", key: "api.error.accountsRequired" }]);
    const own = new Set(await organisationAccountIds(db, organisationId));
    if (accounts.some((id) => !own.has(id))) return refused(400, [{ field: "accounts", key: "api.error.foreignAccount" }]);
  }
  const publicId = generateSecureRandomString().slice(0, 16);
  const secret = generateSecureRandomString();
  const scopes = storedScopes(input.scope === "respond" ? ["read", "respond"] : ["read"]);
  const chosen = accounts;
  await db.transaction().execute(async (trx) => {
    const id = await insertApiKey(
      trx,
      { organisationId, publicId, secretHash: hashSecret(secret), name: input.name, scopes, accountIds: chosen, createdBy: actor.userId },
      now,
    );
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "api_key_created",
        entityType: "api_key",
        entityId: id,
        organisationId,
        details: { name: input.name, publicId, scopes, accounts: chosen },
      },
      now,
    );
  });
  return { ok: true, secret: formatApiKey(publicId, secret), publicId };
}

/** Revoked at once: the next request with the key is refused (the key is read on every request). */
export async function revokeKey(db: DB, actor: Actor, keyId: number, now: Date): Promise<ServiceResult<{ name: string }>> {
  const organisationId = managedOrganisation(actor);
  if (organisationId === null) return forbidden("error.forbidden");
  const result = await db.transaction().execute(async (trx) => {
    const revoked = await revokeApiKey(trx, organisationId, keyId, actor.userId, now);
    if (revoked === undefined) return null;
    const { name, publicId } = revoked;
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "api_key_revoked",
        entityType: "api_key",
        entityId: keyId,
        organisationId,
        details: { name, publicId },
      },
      now,
    );
    return name;
  });
  if (result === null) return refused(404, [{ field: "form", key: "api.error.notFound" }]);
  return { ok: true, name: result };
}
