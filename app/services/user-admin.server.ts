import type { DB } from "../../db/connection";
import { canOperatePlatform, type Actor } from "~/domain/permissions";
import type { CreateUserInput } from "~/forms/admin-users";
import type { FieldErrors } from "~/forms/validation";
import { listUsersForAdmin } from "~/models/admin.server";
import { recordAudit } from "~/models/audit.server";
import { generateSecureRandomString, invalidateUserSessions } from "~/utils/session.server";
import { hashPassword, requestPasswordReset } from "./auth.server";

// The platform operator's user management (/admin/users): list and create. A new user gets no
// password; they choose one through the reset link emailed to them.

function assertOperator(actor: Actor): void {
  if (!canOperatePlatform(actor)) throw new Error("admin: not a platform operator");
}

export async function loadUserAdmin(db: DB, actor: Actor) {
  assertOperator(actor);
  const [users, organisations, accounts] = await Promise.all([
    listUsersForAdmin(db),
    db.selectFrom("organisations").select(["id", "name"]).orderBy("name").execute(),
    db
      .selectFrom("accounts")
      .select(["id", "organisation_id as organisationId", "name", "merchant_number as merchantNumber"])
      .orderBy("name")
      .execute(),
  ]);
  return { users, organisations, accounts };
}

export type CreateUserResult = { ok: true; userId: number } | { ok: false; status: 400 | 409; errors: FieldErrors };

function uniqueViolation(error: unknown): "username" | "email" | null {
  if (!(error instanceof Error)) return null;
  if (/UNIQUE constraint failed: users\.username/.test(error.message)) return "username";
  if (/UNIQUE constraint failed: users\.email/.test(error.message)) return "email";
  return null;
}

const TAKEN = { username: "admin.users.error.usernameTaken", email: "admin.users.error.emailTaken" } as const;

export async function createUser(
  db: DB,
  actor: Actor,
  input: CreateUserInput,
  options: { now: Date; appUrl: string },
): Promise<CreateUserResult> {
  assertOperator(actor);
  const { now } = options;
  // Unusable until the user sets their own: nobody knows this one.
  const passwordHash = await hashPassword(generateSecureRandomString());
  let created: CreateUserResult;
  try {
    created = await db.transaction().execute(async (trx): Promise<CreateUserResult> => {
      const clash = await trx
        .selectFrom("users")
        .select(["username", "email"])
        .where((eb) => eb.or([eb("username", "=", input.username), eb("email", "=", input.email)]))
        .execute();
      const errors: FieldErrors = {};
      if (clash.some((u) => u.username === input.username)) errors.username = TAKEN.username;
      if (clash.some((u) => u.email === input.email)) errors.email = TAKEN.email;
      if (Object.keys(errors).length > 0) return { ok: false, status: 409, errors };
      if (input.organisationId !== null) {
        const organisation = await trx.selectFrom("organisations").select("id").where("id", "=", input.organisationId).executeTakeFirst();
        if (!organisation) return { ok: false, status: 400, errors: { organisationId: "admin.users.error.organisation" } };
      }
      if (input.accounts.length > 0) {
        const owned = await trx
          .selectFrom("accounts")
          .select("id")
          .where("id", "in", input.accounts)
          .where("organisation_id", "=", input.organisationId ?? -1)
          .execute();
        if (owned.length !== new Set(input.accounts).size)
          return { ok: false, status: 400, errors: { accounts: "admin.users.error.accounts" } };
      }
      const row = await trx
        .insertInto("users")
        .values({
          username: input.username,
          email: input.email,
          display_name: input.displayName,
          role: input.role,
          organisation_id: input.organisationId,
          password_hash: passwordHash,
          locale: null,
          created_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const accountId of new Set(input.accounts))
        await trx.insertInto("user_accounts").values({ user_id: row.id, account_id: accountId }).execute();
      await recordAudit(
        trx,
        {
          actorUserId: actor.userId,
          action: "user_created",
          entityType: "user",
          entityId: row.id,
          details: {
            username: input.username,
            email: input.email,
            role: input.role,
            organisationId: input.organisationId,
            accounts: [...new Set(input.accounts)],
          },
        },
        now,
      );
      return { ok: true, userId: row.id };
    });
  } catch (error) {
    // Two admins creating the same user at once: the unique index decides.
    const field = uniqueViolation(error);
    if (field) return { ok: false, status: 409, errors: { [field]: TAKEN[field] } };
    throw error;
  }
  // The existing reset flow sends the username and a link to set the password.
  if (created.ok) await requestPasswordReset(db, input.email, options);
  return created;
}

export type ActiveResult = { ok: true; changed: boolean } | { ok: false; error: "not_found" | "self" };

/**
 * Deactivates (no sign-in, every session ended, open reset links spent) or reactivates a user, with
 * an audit row. An operator cannot deactivate themselves, so the platform always keeps one.
 */
export async function setUserActive(db: DB, actor: Actor, userId: number, active: boolean, now: Date): Promise<ActiveResult> {
  assertOperator(actor);
  if (userId === actor.userId && !active) return { ok: false, error: "self" };
  return db.transaction().execute(async (trx): Promise<ActiveResult> => {
    const user = await trx.selectFrom("users").select(["id", "deactivated_at"]).where("id", "=", userId).executeTakeFirst();
    if (!user) return { ok: false, error: "not_found" };
    if ((user.deactivated_at === null) === active) return { ok: true, changed: false };
    await trx
      .updateTable("users")
      .set({ deactivated_at: active ? null : now.toISOString() })
      .where("id", "=", userId)
      .execute();
    if (!active) {
      await invalidateUserSessions(trx, userId);
      await trx
        .updateTable("password_reset_tokens")
        .set({ used_at: now.toISOString() })
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .execute();
    }
    await recordAudit(
      trx,
      { actorUserId: actor.userId, action: active ? "user_reactivated" : "user_deactivated", entityType: "user", entityId: userId },
      now,
    );
    return { ok: true, changed: true };
  });
}
