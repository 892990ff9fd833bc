import type { DB } from "../../db/connection";

// API keys (SPEC 13): rows of one organisation; the secret itself is never stored.

export interface ApiKeyRow {
  id: number;
  publicId: string;
  name: string;
  scopes: string;
  allAccounts: boolean;
  accountIds: number[];
  createdAt: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

async function accountsOfKeys(db: DB, keyIds: readonly number[]): Promise<Map<number, number[]>> {
  const byKey = new Map<number, number[]>();
  if (keyIds.length === 0) return byKey;
  const rows = await db
    .selectFrom("api_key_accounts")
    .select(["api_key_id", "account_id"])
    .where("api_key_id", "in", keyIds)
    .orderBy("api_key_id")
    .orderBy("account_id")
    .execute();
  for (const r of rows) byKey.set(r.api_key_id, [...(byKey.get(r.api_key_id) ?? []), r.account_id]);
  return byKey;
}

/** The organisation's keys, newest first (an organisation has a handful, not thousands). */
export async function listApiKeys(db: DB, organisationId: number): Promise<ApiKeyRow[]> {
  const rows = await db
    .selectFrom("api_keys")
    .leftJoin("users", "users.id", "api_keys.created_by")
    .select([
      "api_keys.id",
      "api_keys.public_id as publicId",
      "api_keys.name",
      "api_keys.scopes",
      "api_keys.all_accounts as allAccounts",
      "api_keys.created_at as createdAt",
      "users.display_name as createdByName",
      "api_keys.last_used_at as lastUsedAt",
      "api_keys.revoked_at as revokedAt",
    ])
    .where("api_keys.organisation_id", "=", organisationId)
    .orderBy("api_keys.created_at", "desc")
    .orderBy("api_keys.id", "desc")
    .execute();
  const accounts = await accountsOfKeys(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, allAccounts: r.allAccounts === 1, accountIds: accounts.get(r.id) ?? [] }));
}

export async function insertApiKey(
  trx: DB,
  key: {
    organisationId: number;
    publicId: string;
    secretHash: string;
    name: string;
    scopes: string;
    accountIds: readonly number[] | "all";
    createdBy: number;
  },
  now: Date,
): Promise<number> {
  const { id } = await trx
    .insertInto("api_keys")
    .values({
      organisation_id: key.organisationId,
      public_id: key.publicId,
      secret_hash: key.secretHash,
      name: key.name,
      scopes: key.scopes,
      all_accounts: key.accountIds === "all" ? 1 : 0,
      created_by: key.createdBy,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (key.accountIds !== "all" && key.accountIds.length > 0) {
    await trx
      .insertInto("api_key_accounts")
      .values(key.accountIds.map((accountId) => ({ api_key_id: id, account_id: accountId })))
      .execute();
  }
  return id;
}

/** Revokes a key of the organisation that is not revoked yet; its name and public id, or undefined. */
export async function revokeApiKey(
  trx: DB,
  organisationId: number,
  id: number,
  by: number,
  now: Date,
): Promise<{ name: string; publicId: string } | undefined> {
  const row = await trx
    .updateTable("api_keys")
    .set({ revoked_at: now.toISOString(), revoked_by: by })
    .where("id", "=", id)
    .where("organisation_id", "=", organisationId)
    .where("revoked_at", "is", null)
    .returning(["name", "public_id as publicId"])
    .executeTakeFirst();
  return row;
}

export interface ApiKeyForAuth {
  id: number;
  organisationId: number;
  secretHash: string;
  scopes: string;
  accountIds: number[] | "all";
  createdBy: number;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function findApiKeyByPublicId(db: DB, publicId: string): Promise<ApiKeyForAuth | undefined> {
  const row = await db
    .selectFrom("api_keys")
    .select([
      "id",
      "organisation_id as organisationId",
      "secret_hash as secretHash",
      "scopes",
      "all_accounts",
      "created_by as createdBy",
      "last_used_at as lastUsedAt",
      "revoked_at as revokedAt",
    ])
    .where("public_id", "=", publicId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { all_accounts, ...rest } = row;
  const accountIds = all_accounts === 1 ? ("all" as const) : ((await accountsOfKeys(db, [row.id])).get(row.id) ?? []);
  return { ...rest, accountIds };
}

export async function touchApiKey(db: DB, id: number, now: Date): Promise<void> {
  await db.updateTable("api_keys").set({ last_used_at: now.toISOString() }).where("id", "=", id).where("revoked_at", "is", null).execute();
}
