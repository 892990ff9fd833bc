import type { DB } from "../../../db/connection";
import { apiKeyActor, hasScope, lastUsedIsStale, parseApiKey, scopesOf, type ApiScope } from "~/domain/api-keys";
import type { Actor } from "~/domain/permissions";
import { findApiKeyByPublicId, touchApiKey } from "~/models/api-key.server";
import { secretMatches } from "~/utils/session.server";
import { forbidden, refused, type ServiceResult } from "../result";

// Who calls the API: the key in `Authorization: Bearer <key>`, read afresh on every request, so
// a revoked key is refused from the next request on. A session cookie is never looked at.

export interface ApiCaller {
  actor: Actor;
  keyId: number;
  publicId: string;
  scopes: ApiScope[];
}

const unauthorized = () => refused(401, [{ field: "form", key: "api.error.unauthorized" }]);

export async function authenticateApiKey(db: DB, authorization: string | null, now: Date): Promise<ServiceResult<{ caller: ApiCaller }>> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const parsed = match ? parseApiKey(match[1]!) : null;
  if (!parsed) return unauthorized();
  const key = await findApiKeyByPublicId(db, parsed.publicId);
  if (!key || key.revokedAt !== null || !secretMatches(key.secretHash, parsed.secret)) return unauthorized();
  if (lastUsedIsStale(key.lastUsedAt ? new Date(key.lastUsedAt) : null, now)) await touchApiKey(db, key.id, now);
  return {
    ok: true,
    caller: {
      actor: apiKeyActor({ createdBy: key.createdBy, organisationId: key.organisationId, accountIds: key.accountIds }),
      keyId: key.id,
      publicId: parsed.publicId,
      scopes: scopesOf(key.scopes),
    },
  };
}

export function requireScope(caller: ApiCaller, scope: ApiScope) {
  return hasScope(caller.scopes, scope) ? null : forbidden("api.error.scopeMissing");
}
