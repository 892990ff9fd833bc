import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// better-sqlite3 returns timestamps as ISO-8601 UTC strings and booleans as 0/1:
// the types say what the driver really returns.
export type Timestamp = string;
export type Flag = 0 | 1;

import type { DisputeHandling, Role } from "../app/domain/permissions";

export type { DisputeHandling, Role };
export type ContactMethod = "email" | "phone" | "post" | "secure_message";
export type Locale = "en" | "de" | "nl";

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  legal_name: string;
  address: string;
  vat_id: string | null;
  dispute_handling: DisputeHandling;
  created_at: Timestamp;
}

export interface AccountTable {
  id: Generated<number>;
  organisation_id: number;
  merchant_number: string;
  name: string;
  address: string;
  time_zone: string;
  currency: string;
  paperless: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  email: string;
  display_name: string;
  role: Role;
  organisation_id: number | null;
  password_hash: string;
  preferred_contact: ColumnType<ContactMethod, ContactMethod | undefined, ContactMethod>;
  phone: string | null;
  locale: Locale | null;
  created_at: Timestamp;
  /** Set by a platform operator: no sign-in, no sessions, no reset emails. */
  deactivated_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** Set while an invited user has not chosen a password yet (migration 2026-12-03-1101). */
  invited_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface UserAccountTable {
  user_id: number;
  account_id: number;
}

export interface SessionTable {
  id: string;
  user_id: number;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface PasswordResetTokenTable {
  id: string;
  user_id: number;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  /** A reset link (1 hour) or an invitation's set-password link (7 days); neither works as the other. */
  purpose: ColumnType<TokenPurpose, TokenPurpose | undefined, TokenPurpose>;
}

export type TokenPurpose = "reset" | "invitation";

export interface LoginThrottleTable {
  identifier: string;
  failures: number;
  last_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

export type OutboxStatus = "pending" | "sending" | "sent" | "failed";

export interface EmailOutboxTable {
  id: Generated<number>;
  idempotency_key: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  details: string;
  /** The organisation whose trail the row is part of; null for the platform's own rows. */
  organisation_id: number | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

export interface TransactionTable {
  id: Generated<number>;
  account_id: number;
  occurred_at: Timestamp;
  amount_minor: number;
  currency: string;
  card_last4: string;
  network_reference: string;
  description: string;
  created_at: Timestamp;
}

export type LedgerKind = "credit" | "chargeback" | "chargeback_reversal" | "fee";

export interface LedgerEntryTable {
  id: Generated<number>;
  account_id: number;
  kind: LedgerKind;
  amount_minor: number;
  currency: string;
  occurred_at: Timestamp;
  description: string;
  reference: string | null;
  transaction_id: number | null;
  case_id: number | null;
  created_at: Timestamp;
}

export interface StatementTable {
  id: Generated<number>;
  account_id: number;
  /** "YYYY-MM" in the account's time zone. */
  month: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  currency: string;
  charges_minor: number;
  credits_minor: number;
  chargebacks_minor: number;
  reversals_minor: number;
  fees_minor: number;
  net_minor: number;
  delivered_on_paper: Flag;
  generated_at: Timestamp;
}

export type StatementLineKindColumn = "charge" | "credit" | "chargeback" | "chargeback_reversal" | "fee";

export interface StatementLineTable {
  id: Generated<number>;
  statement_id: number;
  position: number;
  kind: StatementLineKindColumn;
  code: string | null;
  description: string;
  reference: string | null;
  occurred_at: Timestamp;
  amount_minor: number;
  /** Since 2026-12-03: the line's own currency (a trigger refuses lines without one). */
  currency: string;
}

/** One row per currency of a statement (SPEC 6: totals per currency). Immutable. */
export interface StatementTotalTable {
  id: Generated<number>;
  statement_id: number;
  currency: string;
  charges_minor: number;
  credits_minor: number;
  chargebacks_minor: number;
  reversals_minor: number;
  fees_minor: number;
  net_minor: number;
}

export interface PaperlessEnrolmentTable {
  id: Generated<number>;
  account_id: number;
  enrolled: Flag;
  at: Timestamp;
  by_user_id: number | null;
}

export type NotificationCategoryColumn = "new_inquiry" | "new_chargeback" | "case_update" | "urgent" | "payment";

export interface NotificationPreferenceTable {
  user_id: number;
  category: NotificationCategoryColumn;
  in_app: Flag;
  email: Flag;
  email_delivery: ColumnType<EmailDelivery, EmailDelivery | undefined, EmailDelivery>;
  updated_at: Timestamp;
}

export type EmailDelivery = "instant" | "daily";

export interface NotificationDigestItemTable {
  id: Generated<number>;
  user_id: number;
  category: NotificationCategoryColumn;
  dedupe_key: string;
  message: string;
  params: ColumnType<string, string | undefined, string>;
  link: string | null;
  created_at: Timestamp;
  digested_at: Timestamp | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  category: NotificationCategoryColumn;
  dedupe_key: string;
  case_id: number | null;
  case_event_id: number | null;
  /** A message kind from app/domain/notifications.ts, rendered in the reader's language. */
  message: string;
  /** JSON of the facts the message shows. */
  params: ColumnType<string, string | undefined, string>;
  link: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

// Disputes (migration 2026-11-23-0003-cases).
export type CaseTypeColumn = "inquiry" | "chargeback";
export type CaseStatusColumn = "awaiting_response" | "under_review" | "closed";
export type CaseOutcomeColumn = "credit_issued" | "resolved" | "charged_back" | "no_reply" | "won" | "lost" | "accepted" | "expired";
export type AttachmentMediaType = "application/pdf" | "image/png" | "image/jpeg" | "image/tiff";

export interface CaseTable {
  id: Generated<number>;
  case_number: string;
  type: CaseTypeColumn;
  account_id: number;
  /** The account's organisation (migration 2026-12-03-1001): a head office's lists walk its index. */
  organisation_id: number;
  transaction_id: number;
  status: CaseStatusColumn;
  outcome: CaseOutcomeColumn | null;
  disputed_amount_minor: number;
  currency: string;
  reason_code: string;
  reason_text: string;
  received_at: Timestamp;
  respond_by: Timestamp;
  urgent_flag: ColumnType<Flag, Flag | undefined, Flag>;
  urgent_window_notified_at: Timestamp | null;
  related_case_id: number | null;
  last_response_at: Timestamp | null;
  opened_by_user_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Cases and their disputed amount per account, type, status and outcome ('' while open), kept by triggers. */
export interface CaseCountTable {
  account_id: number;
  organisation_id: number;
  type: CaseTypeColumn;
  status: CaseStatusColumn;
  outcome: CaseOutcomeColumn | "";
  cases: number;
  amount_minor: number;
}

/** Every reason code a case has had (the review queue's filter choices), kept by a trigger. */
export interface CaseReasonCodeTable {
  reason_code: string;
}

export interface CaseNumberCounterTable {
  prefix: string;
  year: number;
  last_value: number;
}

export interface CaseRequiredDocumentTable {
  case_id: number;
  document_code: string;
}

export interface CaseResponseTable {
  id: Generated<number>;
  case_id: number;
  submitted_by_user_id: number;
  submitted_at: Timestamp;
  comment: ColumnType<string, string | undefined, never>;
  credit_minor: number | null;
  accepted: ColumnType<Flag, Flag | undefined, never>;
  version_at_submission: number;
}

export interface CaseAttachmentTable {
  id: Generated<number>;
  case_id: number;
  response_id: number | null;
  sha256: string;
  original_name: string;
  media_type: AttachmentMediaType;
  size_bytes: number;
  required_document: string | null;
  uploaded_by_user_id: number | null;
  uploaded_at: Timestamp;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  at: Timestamp;
  actor_user_id: number | null;
  event_type: string;
  from_status: CaseStatusColumn | null;
  to_status: CaseStatusColumn | null;
  outcome: CaseOutcomeColumn | null;
  /** JSON object; a note shown to the merchant is under "note", a request's text under "message". */
  details: ColumnType<string, string | undefined, never>;
}

export interface JobRunTable {
  id: Generated<number>;
  job: string;
  started_at: Timestamp;
  finished_at: Timestamp;
  outcome: "ok" | "error";
  summary: string | null;
  error: string | null;
}

export interface Database {
  organisations: OrganisationTable;
  accounts: AccountTable;
  users: UserTable;
  user_accounts: UserAccountTable;
  sessions: SessionTable;
  password_reset_tokens: PasswordResetTokenTable;
  login_throttle: LoginThrottleTable;
  email_outbox: EmailOutboxTable;
  audit_log: AuditLogTable;
  settings: SettingTable;
  transactions: TransactionTable;
  cases: CaseTable;
  case_counts: CaseCountTable;
  case_reason_codes: CaseReasonCodeTable;
  case_number_counters: CaseNumberCounterTable;
  case_required_documents: CaseRequiredDocumentTable;
  case_responses: CaseResponseTable;
  case_attachments: CaseAttachmentTable;
  case_events: CaseEventTable;
  ledger_entries: LedgerEntryTable;
  statements: StatementTable;
  statement_lines: StatementLineTable;
  statement_totals: StatementTotalTable;
  paperless_enrolments: PaperlessEnrolmentTable;
  notification_preferences: NotificationPreferenceTable;
  notifications: NotificationTable;
  notification_digest_items: NotificationDigestItemTable;
  job_runs: JobRunTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type Account = Selectable<AccountTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type OutboxMessage = Selectable<EmailOutboxTable>;
