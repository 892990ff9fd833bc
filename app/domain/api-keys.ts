import type { Actor } from "./permissions";

// API keys of an organisation (SPEC 13). Pure: the secret's shape, the scopes, and whom a key acts as.

export const API_SCOPES = ["read", "respond"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_KEY_PREFIX = "dp_";
export const API_KEY_NAME_MAX = 80;

/** "dp_<public id>_<secret>": the public id finds the row, the secret is compared with its hash. */
export function formatApiKey(publicId: string, secret: string): string {
  return `${API_KEY_PREFIX}${publicId}_${secret}`;
}

const KEY_SHAPE = /^dp_([a-z2-7]{12,32})_([a-z2-7]{20,64})$/;

export function parseApiKey(token: string): { publicId: string; secret: string } | null {
  const match = KEY_SHAPE.exec(token);
  return match ? { publicId: match[1]!, secret: match[2]! } : null;
}

/** Scopes as stored ("read,respond"); `respond` includes reading. */
export function scopesOf(stored: string): ApiScope[] {
  const given = new Set(stored.split(","));
  return API_SCOPES.filter((s) => given.has(s));
}

export function storedScopes(scopes: readonly ApiScope[]): string {
  return scopes.includes("respond") ? "read,respond" : "read";
}

export function hasScope(scopes: readonly ApiScope[], needed: ApiScope): boolean {
  return scopes.includes(needed);
}

/**
 * Whom a key acts as: its organisation's head office, limited to the key's accounts. So under
 * local dispute handling no key answers a case, exactly like a head-office user on the page
 * (SPEC 2); responses are recorded under the org_admin who created the key.
 */
export function apiKeyActor(key: { createdBy: number; organisationId: number; accountIds: readonly number[] | "all" }): Actor {
  return {
    userId: key.createdBy,
    role: "head_office",
    organisationId: key.organisationId,
    assignedAccountIds: [],
    ...(key.accountIds === "all" ? {} : { accountLimit: key.accountIds }),
  };
}

/** "Last used" is written at most once a minute: a busy key would otherwise write on every read. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function lastUsedIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}

/**
 * A key may manage its organisation's webhook endpoints when it may write (`respond`) and works
 * for every account: the endpoints hear of every account's cases, which an account-limited key may not see.
 */
export function keyManagesWebhooks(key: { scopes: readonly ApiScope[]; accountLimit?: readonly number[] | undefined }): boolean {
  return hasScope(key.scopes, "respond") && key.accountLimit === undefined;
}
