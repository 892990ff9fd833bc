// Who may do what (SPEC 1-2). Pure: the data layer turns an AccountScope into a WHERE clause,
// services ask the predicates below before they change anything.

export type Role = "location" | "head_office" | "org_admin" | "analyst" | "admin" | "support";
export type DisputeHandling = "central" | "local";

export const MERCHANT_ROLES = ["location", "head_office", "org_admin"] as const satisfies readonly Role[];
export const ALL_ROLES = ["location", "head_office", "org_admin", "analyst", "admin"] as const satisfies readonly Role[];

export interface Actor {
  userId: number;
  role: Role;
  /** Set for merchant roles only. */
  organisationId: number | null;
  /** Accounts a location user is assigned to; ignored for other roles. */
  assignedAccountIds: readonly number[];
  /**
   * An API key limited to some of its organisation's accounts (SPEC 13): a head-office actor that
   * sees those accounts only. Absent for people and for keys of every account.
   */
  accountLimit?: readonly number[];
}

/** The account a case, statement or setting belongs to. */
export interface AccountRef {
  accountId: number;
  organisationId: number;
}

export type AccountScope =
  | { kind: "all" }
  | { kind: "organisation"; organisationId: number }
  | { kind: "accounts"; accountIds: readonly number[] }
  | { kind: "none" };

export function isMerchantRole(role: Role): boolean {
  return (MERCHANT_ROLES as readonly Role[]).includes(role);
}

export function isHeadOfficeRole(role: Role): boolean {
  return role === "head_office" || role === "org_admin";
}

/** The accounts whose cases and statements an actor may see. */
export function accountScope(actor: Actor): AccountScope {
  switch (actor.role) {
    case "location":
      return { kind: "accounts", accountIds: actor.assignedAccountIds };
    case "head_office":
    case "org_admin":
      if (actor.organisationId === null) return { kind: "none" };
      if (actor.accountLimit) return { kind: "accounts", accountIds: actor.accountLimit };
      return { kind: "organisation", organisationId: actor.organisationId };
    case "analyst":
      return { kind: "all" };
    // Operators run the platform and the support desk never answers disputes: neither reads
    // merchants' cases through this scope (the desk sees a request's linked case beside it).
    case "admin":
    case "support":
      return { kind: "none" };
  }
}

export function canSeeAccount(actor: Actor, account: AccountRef): boolean {
  const scope = accountScope(actor);
  switch (scope.kind) {
    case "all":
      return true;
    case "none":
      return false;
    case "organisation":
      return scope.organisationId === account.organisationId;
    case "accounts":
      return scope.accountIds.includes(account.accountId);
  }
}

export type AnswerRefusal = "not_visible" | "local_handling" | "not_a_merchant";

/**
 * May this actor answer (respond to, accept) a case of this account? Locations always answer their
 * own cases; head office only where the organisation handles disputes centrally.
 */
export function answerRefusal(actor: Actor, account: AccountRef, handling: DisputeHandling): AnswerRefusal | null {
  if (!isMerchantRole(actor.role)) return "not_a_merchant";
  if (!canSeeAccount(actor, account)) return "not_visible";
  if (isHeadOfficeRole(actor.role) && handling === "local") return "local_handling";
  return null;
}

export function canAnswerCase(actor: Actor, account: AccountRef, handling: DisputeHandling): boolean {
  return answerRefusal(actor, account, handling) === null;
}

/** Review queue, decisions, requests for information, urgent flags, opening cases. */
export function canWorkDisputes(actor: Actor): boolean {
  return actor.role === "analyst";
}

/** Users, central/local handling, company details of the actor's own organisation. */
export function canManageOrganisation(actor: Actor, organisationId: number): boolean {
  return actor.role === "org_admin" && actor.organisationId === organisationId;
}

/** The organisation an org_admin manages (API keys, webhooks, users); null for everyone else. */
export function managedOrganisation(actor: Actor): number | null {
  return actor.organisationId !== null && canManageOrganisation(actor, actor.organisationId) ? actor.organisationId : null;
}

/** Paperless enrolment (SPEC 1): an org_admin action, for any account of the organisation; never a location's. */
export function canEnrolPaperless(actor: Actor, account: AccountRef): boolean {
  return canManageOrganisation(actor, account.organisationId);
}

export function canOperatePlatform(actor: Actor): boolean {
  return actor.role === "admin";
}

/** Where each role lands after signing in. */
export function homePath(role: Role): string {
  switch (role) {
    case "location":
      return "/disputes";
    case "head_office":
    case "org_admin":
      return "/overview";
    case "analyst":
      return "/review";
    case "admin":
      return "/admin";
    case "support":
      return "/desk";
  }
}

export type NavItem =
  "disputes" | "overview" | "review" | "statements" | "support" | "desk" | "notifications" | "settings" | "help" | "admin";

// Only pages that exist are listed; later areas add themselves here ("support" with /support).
export function navigationFor(role: Role): NavItem[] {
  switch (role) {
    case "location":
      return ["disputes", "statements", "support", "notifications", "settings", "help"];
    case "head_office":
    case "org_admin":
      return ["overview", "disputes", "statements", "support", "notifications", "settings", "help"];
    case "analyst":
      return ["review", "notifications", "settings", "help"];
    case "admin":
      return ["admin", "notifications", "settings", "help"];
    case "support":
      return ["desk", "notifications", "settings", "help"];
  }
}
