import type { DB } from "../../db/connection";
import {
  accountsFor,
  activationRefusal,
  assignmentChanges,
  canManageUsers,
  changeRefusal,
  INVITATION_TTL_MS,
  INVITATION_WINDOW_MS,
  inviteRefusal,
  MAX_INVITATIONS_PER_HOUR,
  resendRefusal,
  usernameCandidates,
  type MerchantRole,
  type UserRefusal,
} from "~/domain/org-users";
import type { Actor } from "~/domain/permissions";
import { translate, type Locale } from "~/i18n";
import { insertUserWithAccounts, takenUserNames } from "~/models/admin.server";
import { recordAudit } from "~/models/audit.server";
import { isUniqueViolation } from "~/models/constraint-errors.server";
import {
  countActiveOrgAdmins,
  countOrganisationUsers,
  existingUsernames,
  findOrganisationUser,
  listOrganisationUsers,
  markInvited,
  organisationAccountIds,
  organisationAccounts,
  organisationName,
  saveUserAccess,
  type OrgUserRow,
} from "~/models/org-users.server";
import { enqueueEmail } from "~/models/outbox.server";
import { getUserById, spendOpenLinks } from "~/models/user.server";
import { generateSecureRandomString } from "~/utils/session.server";
import { hashPassword, issuePasswordLink } from "./auth.server";
import { forbidden, refused, type Refused, type ServiceResult } from "./result";
import { applyUserActive } from "./user-admin.server";

// /settings/users (SPEC 1, 14): an org_admin invites, changes, deactivates and reactivates the
// users of its own organisation. The rules are app/domain/org-users.ts; whatever they read to
// decide a write is read inside that write's transaction.

export const USERS_PAGE_SIZE = 50;

const REFUSALS: Record<UserRefusal, Refused> = {
  not_admin: forbidden("error.forbidden"),
  not_found: refused(404, [{ field: "form", key: "error.notFound" }]),
  role: refused(400, [{ field: "role", key: "users.error.role" }]),
  accounts_required: refused(400, [{ field: "accounts", key: "users.error.accountsRequired" }]),
  foreign_account: refused(400, [{ field: "accounts", key: "users.error.foreignAccount" }]),
  last_admin: refused(409, [{ field: "role", key: "users.error.lastAdmin" }]),
  self_deactivate: refused(409, [{ field: "form", key: "users.error.selfDeactivate" }]),
  not_invited: refused(409, [{ field: "form", key: "users.error.notInvited" }]),
  inactive: refused(409, [{ field: "form", key: "users.error.inactive" }]),
};

const tooManyInvitations = () => refused(429, [{ field: "form", key: "users.error.tooManyInvitations" }]);
const emailTaken = () => refused(409, [{ field: "email", key: "users.error.emailTaken" }]);

export interface UsersPage {
  users: OrgUserRow[];
  /** The cursor of the next page, or null on the last one. */
  nextAfter: number | null;
  total: number;
  accounts: { id: number; name: string; merchantNumber: string }[];
  organisationName: string;
}

export async function loadOrganisationUsers(
  db: DB,
  actor: Actor,
  options: { search: string; afterId: number | null },
): Promise<ServiceResult<UsersPage>> {
  if (!canManageUsers(actor)) return REFUSALS.not_admin;
  const organisationId = actor.organisationId;
  const [rows, total, accounts, organisation] = await Promise.all([
    listOrganisationUsers(db, organisationId, { ...options, limit: USERS_PAGE_SIZE + 1 }),
    countOrganisationUsers(db, organisationId),
    organisationAccounts(db, organisationId),
    organisationName(db, organisationId),
  ]);
  const users = rows.slice(0, USERS_PAGE_SIZE);
  const nextAfter = rows.length > USERS_PAGE_SIZE ? users[users.length - 1]!.id : null;
  return { ok: true, users, nextAfter, total, accounts, organisationName: organisation?.name ?? "" };
}

export async function loadOrganisationUser(db: DB, actor: Actor, userId: number) {
  if (!canManageUsers(actor)) return REFUSALS.not_admin;
  const [user, accounts, activeOrgAdmins] = await Promise.all([
    findOrganisationUser(db, actor.organisationId, userId),
    organisationAccounts(db, actor.organisationId),
    countActiveOrgAdmins(db, actor.organisationId),
  ]);
  if (!user) return REFUSALS.not_found;
  return { ok: true, user, accounts, activeOrgAdmins, isSelf: user.id === actor.userId } as const;
}

export interface InviteInput {
  displayName: string;
  email: string;
  role: MerchantRole;
  accounts: number[];
}

interface MailOptions {
  now: Date;
  appUrl: string;
  /** The language of the invitation email: the inviting org_admin's. */
  locale: Locale;
}

/** A new set-password link and its email, in the caller's transaction: the link's id, or null when the hour's limit is reached. */
async function sendInvitation(
  trx: DB,
  actor: Actor,
  user: { id: number; username: string; email: string; displayName: string },
  options: MailOptions,
): Promise<string | null> {
  const { now, locale } = options;
  const issued = await issuePasswordLink(trx, user.id, "invitation", {
    now,
    appUrl: options.appUrl,
    ttlMs: INVITATION_TTL_MS,
    max: MAX_INVITATIONS_PER_HOUR,
    windowMs: INVITATION_WINDOW_MS,
  });
  if (!issued) return null;
  const [inviter, organisation] = await Promise.all([getUserById(trx, actor.userId), organisationName(trx, actor.organisationId ?? -1)]);
  await enqueueEmail(
    trx,
    {
      idempotencyKey: `invitation:${issued.id}`,
      kind: "invitation",
      to: user.email,
      subject: translate(locale, "email.invitation.subject", { organisation: organisation?.name ?? "" }),
      text: translate(locale, "email.invitation.body", {
        name: user.displayName,
        inviter: inviter?.display_name ?? "",
        organisation: organisation?.name ?? "",
        username: user.username,
        email: user.email,
        link: issued.link,
      }),
    },
    now,
  );
  return issued.id;
}

export type InviteResult = ServiceResult<{ userId: number; username: string }>;

/** Creates the user (no usable password yet) and emails them a set-password link valid for 7 days. */
export async function inviteUser(db: DB, actor: Actor, input: InviteInput, options: MailOptions): Promise<InviteResult> {
  if (!canManageUsers(actor)) return REFUSALS.not_admin;
  const organisationId = actor.organisationId;
  const { now } = options;
  // Unusable until the user sets their own: nobody knows this one.
  const passwordHash = await hashPassword(generateSecureRandomString());
  try {
    return await db.transaction().execute(async (trx): Promise<InviteResult> => {
      const refusal = inviteRefusal(
        actor,
        { role: input.role, accountIds: input.accounts },
        await organisationAccountIds(trx, organisationId),
      );
      if (refusal) return REFUSALS[refusal];
      if ((await takenUserNames(trx, "", input.email)).email) return emailTaken();
      const candidates = usernameCandidates(input.email);
      const existing = await existingUsernames(trx, candidates);
      const username = candidates.find((c) => !existing.has(c)) ?? `${candidates[0] ?? "user"}-${generateSecureRandomString().slice(0, 6)}`;
      const accounts = accountsFor(input.role, input.accounts);
      const userId = await insertUserWithAccounts(
        trx,
        {
          username,
          email: input.email,
          display_name: input.displayName,
          role: input.role,
          organisation_id: organisationId,
          password_hash: passwordHash,
          locale: null,
          created_at: now.toISOString(),
          invited_at: now.toISOString(),
        },
        accounts,
      );
      await recordAudit(
        trx,
        {
          actorUserId: actor.userId,
          action: "user_invited",
          entityType: "user",
          entityId: userId,
          details: { username, email: input.email, role: input.role, organisationId, accounts },
        },
        now,
      );
      await sendInvitation(trx, actor, { id: userId, username, email: input.email, displayName: input.displayName }, options);
      return { ok: true, userId, username };
    });
  } catch (error) {
    // Two invitations of one address at once: the unique index decides.
    if (isUniqueViolation(error, "users", "email")) return emailTaken();
    if (isUniqueViolation(error, "users", "username")) return refused(409, [{ field: "form", key: "users.error.tryAgain" }]);
    throw error;
  }
}

export type ChangeResult = ServiceResult<{ changed: boolean }>;

/** A user's role and, for a location user, the accounts they work for. */
export async function changeUserAccess(
  db: DB,
  actor: Actor,
  userId: number,
  input: { role: MerchantRole; accounts: number[] },
  now: Date,
): Promise<ChangeResult> {
  if (!canManageUsers(actor)) return REFUSALS.not_admin;
  const organisationId = actor.organisationId;
  return db.transaction().execute(async (trx): Promise<ChangeResult> => {
    // The admins first, then the target: every writer locks in the same order (no deadlock on PG).
    const activeOrgAdmins = await countActiveOrgAdmins(trx, organisationId);
    const target = await findOrganisationUser(trx, organisationId, userId, { lock: true });
    const refusal = changeRefusal(
      actor,
      target ?? null,
      { role: input.role, accountIds: input.accounts },
      {
        organisationAccountIds: await organisationAccountIds(trx, organisationId),
        activeOrgAdmins,
      },
    );
    if (refusal || !target) return REFUSALS[refusal ?? "not_found"];
    const accounts = accountsFor(input.role, input.accounts);
    const changes = assignmentChanges(target, { role: input.role, accountIds: accounts });
    if (!changes.role && !changes.accounts) return { ok: true, changed: false };
    // Sessions stay: each request loads the user's role and accounts afresh.
    await saveUserAccess(trx, userId, input.role, accounts);
    await recordAudit(
      trx,
      { actorUserId: actor.userId, action: "user_access_changed", entityType: "user", entityId: userId, details: changes },
      now,
    );
    return { ok: true, changed: true };
  });
}

/** Deactivation ends the user's sessions at once (the operator's deactivation, reused). */
export async function setOrganisationUserActive(db: DB, actor: Actor, userId: number, active: boolean, now: Date): Promise<ChangeResult> {
  if (!canManageUsers(actor)) return REFUSALS.not_admin;
  const organisationId = actor.organisationId;
  return db.transaction().execute(async (trx): Promise<ChangeResult> => {
    const activeOrgAdmins = await countActiveOrgAdmins(trx, organisationId);
    const target = await findOrganisationUser(trx, organisationId, userId, { lock: true });
    const refusal = activationRefusal(actor, target ?? null, active, { activeOrgAdmins });
    if (refusal || !target) return REFUSALS[refusal ?? "not_found"];
    const changed = await applyUserActive(trx, actor.userId, userId, active, now);
    return { ok: true, changed: changed === true };
  });
}

/** A new link for a user who has not chosen a password yet; earlier links stop working. */
export async function resendInvitation(db: DB, actor: Actor, userId: number, options: MailOptions): Promise<ServiceResult> {
  if (!canManageUsers(actor)) return REFUSALS.not_admin;
  const organisationId = actor.organisationId;
  const { now } = options;
  return db.transaction().execute(async (trx): Promise<ServiceResult> => {
    const target = await findOrganisationUser(trx, organisationId, userId, { lock: true });
    const refusal = resendRefusal(actor, target ?? null);
    if (refusal || !target) return REFUSALS[refusal ?? "not_found"];
    const issuedId = await sendInvitation(trx, actor, target, options);
    if (issuedId === null) return tooManyInvitations();
    await spendOpenLinks(trx, userId, "invitation", now, issuedId);
    await markInvited(trx, userId, now);
    await recordAudit(trx, { actorUserId: actor.userId, action: "invitation_resent", entityType: "user", entityId: userId }, now);
    return { ok: true };
  });
}
