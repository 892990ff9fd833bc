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
  | { action: "setting_changed"; entityType: "setting"; details: { old: number | null; new: number | null } }
  | { action: "job_run_requested"; entityType: "job"; details?: undefined }
  | { action: "email_retried"; entityType: "email_outbox"; details: { lastError: string | null } }
);

export type AuditAction = AuditRecord["action"];
