import type { NotificationCategory, Channels } from "./notifications";
import type { DisputeHandling, Role } from "./permissions";

// What each kind of audit row records in `audit_log.details`, one shape per action, so a writer
// cannot leave out (or misname) what its kind promises.

type Change<T> = { from: T; to: T };

export type AuditRecord = { actorUserId: number | null; entityId: string | number } & (
  | { action: "password_reset_requested" | "password_reset" | "password_changed"; entityType: "user"; details?: undefined }
  | { action: "user_deactivated" | "user_reactivated"; entityType: "user"; details?: undefined }
  | {
      action: "user_created";
      entityType: "user";
      details: { username: string; email: string; role: Role; organisationId: number | null; accounts: number[] };
    }
  /** By an org_admin on /settings/users (SPEC 14): the user chooses a password through the emailed link. */
  | {
      action: "user_invited";
      entityType: "user";
      details: { username: string; email: string; role: Role; organisationId: number; accounts: number[] };
    }
  /** Role or accounts changed by an org_admin; only what changed. */
  | {
      action: "user_access_changed";
      entityType: "user";
      details: { role?: Change<Role>; accounts?: Change<number[]> };
    }
  | { action: "invitation_resent" | "invitation_accepted"; entityType: "user"; details?: undefined }
  /** Only the fields that changed. */
  | { action: "profile_updated"; entityType: "user"; details: Record<string, Change<unknown>> }
  | { action: "notification_preferences_changed"; entityType: "user"; details: Record<NotificationCategory, Channels> }
  | { action: "organisation_details_changed"; entityType: "organisation"; details: Record<string, Change<unknown>> }
  | { action: "dispute_handling_changed"; entityType: "organisation"; details: { dispute_handling: Change<DisputeHandling> } }
  | { action: "paperless_enrolled" | "paperless_left"; entityType: "account"; details: { from: boolean; to: boolean; appliesFrom: string } }
  /** null: no paper-statement fee in that currency (before or after). */
  | { action: "setting_changed"; entityType: "setting"; details: { old: number | string | null; new: number | string | null } }
  | { action: "job_run_requested"; entityType: "job"; details?: undefined }
  | { action: "email_retried"; entityType: "email_outbox"; details: { lastError: string | null } }
  /** An org_admin's API key (SPEC 13): what it may do, never its secret. */
  | {
      action: "api_key_created";
      entityType: "api_key";
      details: { name: string; publicId: string; scopes: string; accounts: number[] | "all" };
    }
  | { action: "api_key_revoked"; entityType: "api_key"; details: { name: string; publicId: string } }
  /** The platform admin's network intake key (SPEC 4): its name and id, never its secret. */
  | { action: "intake_key_created"; entityType: "network_intake_key"; details: { name: string; publicId: string } }
  | { action: "intake_key_revoked"; entityType: "network_intake_key"; details: { name: string; publicId: string } }
  /** An org_admin's webhook endpoint (SPEC 13): where it points and what it hears, never its secret. */
  | { action: "webhook_created"; entityType: "webhook_endpoint"; details: { url: string; events: string } }
  | { action: "webhook_enabled" | "webhook_deleted" | "webhook_test_sent"; entityType: "webhook_endpoint"; details: { url: string } }
  /** By an org_admin, or by the delivery job (no actor) after three days of failures. */
  | { action: "webhook_disabled"; entityType: "webhook_endpoint"; details: { url: string; reason: string } }
  | { action: "webhook_resent"; entityType: "webhook_endpoint"; details: { url: string; eventId: string } }
  /** A response draft (SPEC 3.7) saved or thrown away; sending it is the case's own event. */
  | { action: "draft_saved"; entityType: "case"; details: { caseNumber: string; files: number } }
  | { action: "draft_discarded"; entityType: "case"; details: { caseNumber: string } }
  /** An admin's notice for the notice board and /status (SPEC 9); "end now" keeps the row. */
  | {
      action: "announcement_posted";
      entityType: "announcement";
      details: { kind: string; severity: string; title: string; startsAt: string; endsAt: string | null };
    }
  | { action: "announcement_ended"; entityType: "announcement"; details: { title: string; endsAt: string } }
);

export type AuditAction = AuditRecord["action"];

// ---------------------------------------------------------------------------
// Sign-ins and exports (issue 11; since migration 2026-12-03-1102, which gave every row its
// organisation so an org_admin reads its own trail at /settings/audit).

/** The lists a user can export as CSV. */
export type ExportedList = "disputes" | "review" | "audit";

/** A filter as the export applied it (already parsed: what was actually exported). */
export type ExportFilterValue = string | number | boolean | readonly string[];

export type AccessAuditRecord = { actorUserId: number | null; entityId: string | number } & (
  | { action: "signed_in"; entityType: "user"; details?: undefined }
  /**
   * A wrong password (or any password for a deactivated user) for a known user; the actor is
   * unknown. Attempts the throttle refuses unchecked and unknown names are not recorded: the
   * throttle counts them, and the trail would otherwise grow with every guess of an attack.
   */
  | { action: "sign_in_failed"; entityType: "user"; details: { reason: "password" | "deactivated" } }
  /** The failure that locked the user's sign-in (recorded after its `sign_in_failed`). */
  | { action: "sign_in_locked"; entityType: "user"; details: { failures: number; until: string } }
  | { action: "list_exported"; entityType: "export"; details: { list: ExportedList; filters: Record<string, ExportFilterValue> } }
);

/** Every kind of entry the trail holds. */
export type AuditTrailRecord = AuditRecord | AccessAuditRecord;
export type AuditTrailAction = AuditTrailRecord["action"];

// Each kind exactly once: a new kind without its place here (and its label) is a type error.
const KINDS = {
  signed_in: true,
  sign_in_failed: true,
  sign_in_locked: true,
  password_reset_requested: true,
  password_reset: true,
  password_changed: true,
  profile_updated: true,
  notification_preferences_changed: true,
  user_created: true,
  user_deactivated: true,
  user_reactivated: true,
  user_invited: true,
  user_access_changed: true,
  invitation_resent: true,
  invitation_accepted: true,
  organisation_details_changed: true,
  dispute_handling_changed: true,
  paperless_enrolled: true,
  paperless_left: true,
  list_exported: true,
  setting_changed: true,
  job_run_requested: true,
  email_retried: true,
  api_key_created: true,
  api_key_revoked: true,
  intake_key_created: true,
  intake_key_revoked: true,
  webhook_created: true,
  webhook_enabled: true,
  webhook_disabled: true,
  webhook_deleted: true,
  webhook_test_sent: true,
  webhook_resent: true,
  draft_saved: true,
  draft_discarded: true,
  announcement_posted: true,
  announcement_ended: true,
} as const satisfies Record<AuditTrailAction, true>;

/** The kinds in the order the audit page offers them. */
export const AUDIT_KINDS = Object.keys(KINDS) as AuditTrailAction[];

export function isAuditKind(value: unknown): value is AuditTrailAction {
  return typeof value === "string" && Object.hasOwn(KINDS, value);
}
