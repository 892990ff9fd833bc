import type { DB } from "../../db/connection";
import { removesLastAdmin } from "~/domain/org-users";
import { canOperatePlatform, type Actor } from "~/domain/permissions";
import type { CreateUserInput } from "~/forms/admin-users";
import {
  accountsBelongTo,
  findUserActivity,
  insertUserWithAccounts,
  listAccountsForAdmin,
  listOrganisationsForAdmin,
  listUsersForAdmin,
  organisationExists,
  outboxCounts,
  setUserDeactivated,
  takenUserNames,
} from "~/models/admin.server";
import { isUniqueViolation } from "~/models/constraint-errors.server";
import { recordAudit } from "~/models/audit.server";
import { countActiveOrgAdmins, findOrganisationUser } from "~/models/org-users.server";
import { generateSecureRandomString, invalidateUserSessions } from "~/utils/session.server";
import { hashPassword, requestPasswordReset } from "./auth.server";
import { forbidden, refused, type Problem, type ServiceResult } from "./result";

// The platform operator's user management (/admin/users): list and create. A new user gets no
// password; they choose one through the reset link emailed to them. Anyone but an operator gets a
// 403 refusal here, whatever the route checked.

const notOperator = () => forbidden("error.forbidden");

/** /admin: every user and how the outbox is doing. */
export async function loadAdminHome(db: DB, actor: Actor) {
  if (!canOperatePlatform(actor)) return notOperator();
  const [users, outbox] = await Promise.all([listUsersForAdmin(db), outboxCounts(db)]);
  return { ok: true, users, outbox } as const;
}

export async function loadUserAdmin(db: DB, actor: Actor) {
  if (!canOperatePlatform(actor)) return notOperator();
  const [users, organisations, accounts] = await Promise.all([
    listUsersForAdmin(db),
    listOrganisationsForAdmin(db),
    listAccountsForAdmin(db),
  ]);
  return { ok: true, users, organisations, accounts } as const;
}

export type CreateUserResult = ServiceResult<{ userId: number }>;

function uniqueViolation(error: unknown): "username" | "email" | null {
  if (isUniqueViolation(error, "users", "username")) return "username";
  if (isUniqueViolation(error, "users", "email")) return "email";
  return null;
}

const TAKEN = { username: "admin.users.error.usernameTaken", email: "admin.users.error.emailTaken" } as const;

export async function createUser(
  db: DB,
  actor: Actor,
  input: CreateUserInput,
  options: { now: Date; appUrl: string },
): Promise<CreateUserResult> {
  if (!canOperatePlatform(actor)) return notOperator();
  const { now } = options;
  // Unusable until the user sets their own: nobody knows this one.
  const passwordHash = await hashPassword(generateSecureRandomString());
  let created: CreateUserResult;
  try {
    created = await db.transaction().execute(async (trx): Promise<CreateUserResult> => {
      const taken = await takenUserNames(trx, input.username, input.email);
      const problems: Problem[] = [];
      if (taken.username) problems.push({ field: "username", key: TAKEN.username });
      if (taken.email) problems.push({ field: "email", key: TAKEN.email });
      if (problems.length > 0) return refused(409, problems);
      if (input.organisationId !== null && !(await organisationExists(trx, input.organisationId))) {
        return refused(400, [{ field: "organisationId", key: "admin.users.error.organisation" }]);
      }
      if (!(await accountsBelongTo(trx, input.accounts, input.organisationId))) {
        return refused(400, [{ field: "accounts", key: "admin.users.error.accounts" }]);
      }
      const userId = await insertUserWithAccounts(
        trx,
        {
          username: input.username,
          email: input.email,
          display_name: input.displayName,
          role: input.role,
          organisation_id: input.organisationId,
          password_hash: passwordHash,
          locale: null,
          created_at: now.toISOString(),
        },
        input.accounts,
      );
      await recordAudit(
        trx,
        {
          actorUserId: actor.userId,
          action: "user_created",
          entityType: "user",
          entityId: userId,
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
      return { ok: true, userId };
    });
  } catch (error) {
    // Two admins creating the same user at once: the unique index decides.
    const field = uniqueViolation(error);
    if (field) return refused(409, [{ field, key: TAKEN[field] }]);
    throw error;
  }
  // The existing reset flow sends the username and a link to set the password.
  if (created.ok) await requestPasswordReset(db, input.email, options);
  return created;
}

export type ActiveResult = ServiceResult<{ changed: boolean }>;

/**
 * Deactivates (no sign-in, every session ended, open reset links spent) or reactivates a user, with
 * an audit row. An operator cannot deactivate themselves, so the platform always keeps one, nor an
 * organisation's last active org_admin (SPEC 14: the same rule as at /settings/users).
 */
export async function setUserActive(db: DB, actor: Actor, userId: number, active: boolean, now: Date): Promise<ActiveResult> {
  if (!canOperatePlatform(actor)) return notOperator();
  if (userId === actor.userId && !active) return refused(409, [{ field: "form", key: "admin.users.error.self" }]);
  return db.transaction().execute(async (trx): Promise<ActiveResult> => {
    if (!active && (await leavesOrganisationWithoutAdmin(trx, userId))) {
      return refused(409, [{ field: "form", key: "users.error.lastAdmin" }]);
    }
    const changed = await applyUserActive(trx, actor.userId, userId, active, now);
    if (changed === null) return refused(404, [{ field: "form", key: "error.notFound" }]);
    return { ok: true, changed };
  });
}

/** Read in the deactivation's transaction, in the lock order of /settings/users (admins, then the user). */
async function leavesOrganisationWithoutAdmin(trx: DB, userId: number): Promise<boolean> {
  const user = await findUserActivity(trx, userId);
  if (!user || user.organisationId === null || user.role !== "org_admin") return false;
  const activeOrgAdmins = await countActiveOrgAdmins(trx, user.organisationId);
  const target = await findOrganisationUser(trx, user.organisationId, userId, { lock: true });
  if (!target) return false;
  return removesLastAdmin(target, { role: target.role, active: false }, activeOrgAdmins);
}

/**
 * The one way a user is deactivated or reactivated (by the platform operator or an org_admin),
 * inside the caller's transaction once its rules have passed: deactivated means no sign-in, every
 * session ended at once, open set-password links spent; audited. Null when there is no such user;
 * false when they already were so.
 */
export async function applyUserActive(trx: DB, actorUserId: number, userId: number, active: boolean, now: Date): Promise<boolean | null> {
  const user = await findUserActivity(trx, userId);
  if (!user) return null;
  if ((user.deactivatedAt === null) === active) return false;
  await setUserDeactivated(trx, userId, !active, now);
  if (!active) await invalidateUserSessions(trx, userId);
  await recordAudit(
    trx,
    { actorUserId, action: active ? "user_reactivated" : "user_deactivated", entityType: "user", entityId: userId },
    now,
  );
  return true;
}
