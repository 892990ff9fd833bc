import type { DB } from "../../db/connection";
import type { Locale, TokenPurpose, User } from "../../db/schema";
import type { Actor } from "~/domain/permissions";

export async function findUserByIdentifier(db: DB, normalisedIdentifier: string): Promise<User | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb.or([eb("username", "=", normalisedIdentifier), eb("email", "=", normalisedIdentifier)]))
    .executeTakeFirst();
}

export async function findUserByEmail(db: DB, normalisedEmail: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normalisedEmail).executeTakeFirst();
}

export async function getUserById(db: DB, id: number): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

/** What the permission rules need to know about a user. */
export async function loadActor(db: DB, user: Pick<User, "id" | "role" | "organisation_id">): Promise<Actor> {
  const assigned =
    user.role === "location" ? await db.selectFrom("user_accounts").select("account_id").where("user_id", "=", user.id).execute() : [];
  return {
    userId: user.id,
    role: user.role,
    organisationId: user.organisation_id,
    assignedAccountIds: assigned.map((a) => a.account_id),
  };
}

export async function setPasswordHash(db: DB, userId: number, passwordHash: string): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", userId).execute();
}

export async function setLocale(db: DB, userId: number, locale: Locale | null): Promise<void> {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

/** Spends the user's open set-password links of one purpose, but the one just issued if named. */
export async function spendOpenLinks(db: DB, userId: number, purpose: TokenPurpose, now: Date, exceptId?: string): Promise<void> {
  let query = db
    .updateTable("password_reset_tokens")
    .set({ used_at: now.toISOString() })
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null);
  if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
  await query.execute();
}

/** The user has a password of their own now: no longer "invited", and no invitation link works any more. */
export async function settleInvitation(db: DB, userId: number, now: Date): Promise<void> {
  await db.updateTable("users").set({ invited_at: null }).where("id", "=", userId).where("invited_at", "is not", null).execute();
  await spendOpenLinks(db, userId, "invitation", now);
}
