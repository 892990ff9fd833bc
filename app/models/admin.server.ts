import type { Insertable } from "kysely";
import type { DB } from "../../db/connection";
import type { UserTable } from "../../db/schema";

export async function listUsersForAdmin(db: DB) {
  return db
    .selectFrom("users")
    .leftJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.id",
      "users.username",
      "users.display_name as displayName",
      "users.email",
      "users.role",
      "organisations.name as organisationName",
      "users.deactivated_at as deactivatedAt",
    ])
    .orderBy("users.username")
    .execute();
}

export async function outboxCounts(db: DB): Promise<Record<"pending" | "sending" | "sent" | "failed", number>> {
  const rows = await db
    .selectFrom("email_outbox")
    .select(["status", db.fn.countAll<number>().as("count")])
    .groupBy("status")
    .execute();
  const counts = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export function listOrganisationsForAdmin(db: DB) {
  return db.selectFrom("organisations").select(["id", "name"]).orderBy("name").execute();
}

export function listAccountsForAdmin(db: DB) {
  return db
    .selectFrom("accounts")
    .select(["id", "organisation_id as organisationId", "name", "merchant_number as merchantNumber"])
    .orderBy("name")
    .execute();
}

/** Which of the two is already taken by someone. */
export async function takenUserNames(db: DB, username: string, email: string): Promise<{ username: boolean; email: boolean }> {
  const clash = await db
    .selectFrom("users")
    .select(["username", "email"])
    .where((eb) => eb.or([eb("username", "=", username), eb("email", "=", email)]))
    .execute();
  return { username: clash.some((u) => u.username === username), email: clash.some((u) => u.email === email) };
}

export async function organisationExists(db: DB, organisationId: number): Promise<boolean> {
  return (await db.selectFrom("organisations").select("id").where("id", "=", organisationId).executeTakeFirst()) !== undefined;
}

/** True when every one of the accounts belongs to the organisation. */
export async function accountsBelongTo(db: DB, accountIds: readonly number[], organisationId: number | null): Promise<boolean> {
  const unique = [...new Set(accountIds)];
  if (unique.length === 0) return true;
  const owned = await db
    .selectFrom("accounts")
    .select("id")
    .where("id", "in", unique)
    .where("organisation_id", "=", organisationId ?? -1)
    .execute();
  return owned.length === unique.length;
}

export async function insertUserWithAccounts(db: DB, user: Insertable<UserTable>, accountIds: readonly number[]): Promise<number> {
  const row = await db.insertInto("users").values(user).returning("id").executeTakeFirstOrThrow();
  for (const accountId of new Set(accountIds))
    await db.insertInto("user_accounts").values({ user_id: row.id, account_id: accountId }).execute();
  return row.id;
}

export function findUserActivity(db: DB, userId: number) {
  return db
    .selectFrom("users")
    .select(["id", "deactivated_at as deactivatedAt", "role", "organisation_id as organisationId"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

/** Deactivates (open reset links spent too) or reactivates a user. */
export async function setUserDeactivated(db: DB, userId: number, deactivated: boolean, now: Date): Promise<void> {
  await db
    .updateTable("users")
    .set({ deactivated_at: deactivated ? now.toISOString() : null })
    .where("id", "=", userId)
    .execute();
  if (deactivated) {
    await db
      .updateTable("password_reset_tokens")
      .set({ used_at: now.toISOString() })
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .execute();
  }
}
