import { isMerchantRole, type Actor, type Role } from "./permissions";

// The rules of /settings/users (SPEC 1, 14): an org_admin manages the users of its own
// organisation. Pure: services read the facts (inside the write's transaction) and ask here.

/** What a username may look like (the sign-in form lower-cases what is typed). */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/;

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Invitation emails to one user within an hour (first one and resends): the rest are refused. */
export const MAX_INVITATIONS_PER_HOUR = 3;
export const INVITATION_WINDOW_MS = 60 * 60 * 1000;

export type MerchantRole = "location" | "head_office" | "org_admin";

/** What a refusal means to the org_admin; each becomes a message and an HTTP status in the service. */
export type UserRefusal =
  /** The actor is not an org_admin (or has no organisation): no such page for them. */
  | "not_admin"
  /** The user is not one of the actor's organisation: answered as if it did not exist. */
  | "not_found"
  /** Not a role an organisation's user can have. */
  | "role"
  /** A location user without an account would see nothing. */
  | "accounts_required"
  /** An account that is not the organisation's. */
  | "foreign_account"
  /** The change would leave the organisation without an active org_admin. */
  | "last_admin"
  /** An org_admin does not lock themselves out; another org_admin can. */
  | "self_deactivate"
  /** Only a user who has not chosen a password yet gets the invitation again. */
  | "not_invited"
  /** A deactivated user gets no invitation. */
  | "inactive";

export interface OrgUserFacts {
  id: number;
  role: Role;
  organisationId: number | null;
  active: boolean;
  /** Invited and no password chosen yet. */
  invited: boolean;
}

export interface Assignment {
  role: string;
  accountIds: readonly number[];
}

export function canManageUsers(actor: Actor): actor is Actor & { organisationId: number } {
  return actor.role === "org_admin" && actor.organisationId !== null;
}

/** The accounts a role keeps: a location's, without repeats and in order; none for head office. */
export function accountsFor(role: string, accountIds: readonly number[]): number[] {
  return role === "location" ? [...new Set(accountIds)].sort((a, b) => a - b) : [];
}

/** Is this a role and an account list an organisation's user can have? */
export function assignmentRefusal(assignment: Assignment, organisationAccountIds: readonly number[]): UserRefusal | null {
  if (!isMerchantRole(assignment.role as Role)) return "role";
  if (assignment.role !== "location") return null;
  if (assignment.accountIds.length === 0) return "accounts_required";
  const own = new Set(organisationAccountIds);
  return assignment.accountIds.every((id) => own.has(id)) ? null : "foreign_account";
}

function scopeRefusal(actor: Actor, target: Pick<OrgUserFacts, "organisationId"> | null): UserRefusal | null {
  if (!canManageUsers(actor)) return "not_admin";
  if (!target || target.organisationId !== actor.organisationId) return "not_found";
  return null;
}

/** Would the user stop being an active org_admin while they are the last one? */
export function removesLastAdmin(
  target: Pick<OrgUserFacts, "role" | "active">,
  after: { role: string; active: boolean },
  activeOrgAdmins: number,
): boolean {
  const isAdmin = target.active && target.role === "org_admin";
  const staysAdmin = after.active && after.role === "org_admin";
  return isAdmin && !staysAdmin && activeOrgAdmins <= 1;
}

export function inviteRefusal(actor: Actor, assignment: Assignment, organisationAccountIds: readonly number[]): UserRefusal | null {
  if (!canManageUsers(actor)) return "not_admin";
  return assignmentRefusal(assignment, organisationAccountIds);
}

/**
 * A new role and account list for a user. `activeOrgAdmins` counts the organisation's active
 * org_admins, the target included if they are one, read in the transaction that writes.
 */
export function changeRefusal(
  actor: Actor,
  target: OrgUserFacts | null,
  next: Assignment,
  facts: { organisationAccountIds: readonly number[]; activeOrgAdmins: number },
): UserRefusal | null {
  const scope = scopeRefusal(actor, target);
  if (scope || !target) return scope ?? "not_found";
  const assignment = assignmentRefusal(next, facts.organisationAccountIds);
  if (assignment) return assignment;
  if (removesLastAdmin(target, { role: next.role, active: target.active }, facts.activeOrgAdmins)) return "last_admin";
  return null;
}

export function activationRefusal(
  actor: Actor,
  target: OrgUserFacts | null,
  active: boolean,
  facts: { activeOrgAdmins: number },
): UserRefusal | null {
  const scope = scopeRefusal(actor, target);
  if (scope || !target) return scope ?? "not_found";
  if (active) return null;
  if (target.id === actor.userId) return "self_deactivate";
  if (removesLastAdmin(target, { role: target.role, active: false }, facts.activeOrgAdmins)) return "last_admin";
  return null;
}

export function resendRefusal(actor: Actor, target: OrgUserFacts | null): UserRefusal | null {
  const scope = scopeRefusal(actor, target);
  if (scope || !target) return scope ?? "not_found";
  if (!target.active) return "inactive";
  return target.invited ? null : "not_invited";
}

/** What a change alters, for the audit trail; empty when nothing does. */
export function assignmentChanges(
  before: { role: Role; accountIds: readonly number[] },
  after: { role: MerchantRole; accountIds: readonly number[] },
): { role?: { from: Role; to: MerchantRole }; accounts?: { from: number[]; to: number[] } } {
  const changes: { role?: { from: Role; to: MerchantRole }; accounts?: { from: number[]; to: number[] } } = {};
  if (before.role !== after.role) changes.role = { from: before.role, to: after.role };
  const from = [...new Set(before.accountIds)].sort((a, b) => a - b);
  const to = [...new Set(after.accountIds)].sort((a, b) => a - b);
  if (from.join(",") !== to.join(",")) changes.accounts = { from, to };
  return changes;
}

/**
 * Usernames to offer an invited user, best first: the email's local part made into a valid
 * username, then numbered variants. They sign in with it or with their email address.
 */
export function usernameCandidates(email: string, count = 10): string[] {
  const local = (email.split("@")[0] ?? "").toLowerCase();
  let base = local
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 36);
  if (base.length < 3) base = `user-${base}`.replace(/-$/, "");
  const candidates = [base, ...Array.from({ length: count - 1 }, (_, i) => `${base}-${i + 2}`)];
  return candidates.filter((c) => USERNAME_PATTERN.test(c));
}
