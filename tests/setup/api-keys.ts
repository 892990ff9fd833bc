import type { DB } from "../../db/connection";
import { idOf, type SeededIds } from "../../db/demo/organisations";
import type { Actor } from "../../app/domain/permissions";
import { createApiKey } from "../../app/services/api-keys.server";

// For the API's tests: a demo organisation's org_admin, and a key they make.

export function orgAdminActor(ids: SeededIds, username: string, organisation: string): Actor {
  return {
    userId: idOf(ids.users, username),
    role: "org_admin",
    organisationId: idOf(ids.organisations, organisation),
    assignedAccountIds: [],
  };
}

/** A key's full secret; `accounts` are demo account keys ("alpen-muc") or every account. */
export async function apiKeyOf(
  ctx: { db: DB; ids: SeededIds },
  actor: Actor,
  scope: "read" | "respond",
  accounts: string[] | "all",
  now: Date,
): Promise<string> {
  const chosen = accounts === "all" ? "all" : accounts.map((a) => idOf(ctx.ids.accounts, a));
  const created = await createApiKey(ctx.db, actor, { name: `key ${scope}`, scope, accounts: chosen }, now);
  if (!created.ok) throw new Error("key not created");
  return created.secret;
}
