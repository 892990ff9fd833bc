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
  /** SPEC 3.7: the deadline job submits complete drafts in the last hour before respond-by. */
  submit_drafts_at_deadline: ColumnType<Flag, Flag | undefined, Flag>;
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

export type NotificationCategoryColumn =
  "new_inquiry" | "new_chargeback" | "case_update" | "urgent" | "reminders" | "payment" | "support_replies" | "support_promises";

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
  /** The network's id of a case delivered by intake (migration 2026-12-04-1171); unique, null otherwise. */
  network_case_id: ColumnType<string | null, string | null | undefined, never>;
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

/**
 * Per account, local month of receipt, reason code and currency: what those cases add up to
 * (migration 2026-12-03-1109, app/domain/analytics.ts), kept by the case model with every case write.
 */
export interface CaseStatisticTable {
  account_id: number;
  organisation_id: number;
  month: string;
  reason_code: string;
  currency: string;
  inquiries: number;
  chargebacks: number;
  open_cases: number;
  open_minor: number;
  won: number;
  lost: number;
  expired: number;
  accepted: number;
  no_reply: number;
  credit_issued: number;
  resolved: number;
  charged_back: number;
  credits_minor: number;
  responses: number;
  response_seconds: number;
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
  /** Migration 2026-12-04-1195: the level it was proposed with by the reason code (SPEC 3.10). */
  level: ColumnType<DocumentLevelColumn, DocumentLevelColumn | undefined, never>;
  /** The group of a `one_of` entry; null otherwise. */
  doc_group: ColumnType<string | null, string | null | undefined, never>;
}

export type DocumentLevelColumn = "required" | "one_of" | "optional";

/** The reason-code table (migration 2026-12-04-1195): reference data seeded by the migration. */
export interface ReasonCodeTable {
  code: string;
  network: "visa" | "mastercard" | "amex";
  title: string;
  category: "fraud" | "authorisation" | "processing_error" | "consumer_dispute";
  guidance_en: string;
  guidance_de: string;
  guidance_nl: string;
}

/** The documents a reason code asks for, in order. */
export interface ReasonCodeDocumentTable {
  reason_code: string;
  document_code: string;
  level: DocumentLevelColumn;
  doc_group: string | null;
  position: number;
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

export interface CaseDraftTable {
  id: Generated<number>;
  case_id: number;
  comment: string;
  credit_text: string;
  version: number;
  saved_by_user_id: number;
  saved_at: Timestamp;
  deadline_notice_at: Timestamp | null;
}

export interface CaseDraftFileTable {
  id: Generated<number>;
  draft_id: number;
  sha256: string;
  original_name: string;
  media_type: AttachmentMediaType;
  size_bytes: number;
  required_document: string | null;
  uploaded_by_user_id: number;
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

/** One staged reminder sent to one user (migration 2026-12-03-1120): unique per case, respond-by, stage and user. */
export interface CaseReminderTable {
  id: Generated<number>;
  case_id: number;
  respond_by: Timestamp;
  stage_days: number;
  user_id: number;
  /** 1: the head office's escalation at the last stage. */
  escalation: Flag;
  sent_at: Timestamp;
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

// --- Support desk (migration 2026-12-03-1151) ---------------------------------------------------

export type SupportCategoryColumn = "information" | "access" | "change" | "incident" | "complaint";
export type SupportStatusColumn = "received" | "in_progress" | "waiting_for_merchant" | "solved" | "closed";
export type ReplyChannelColumn = "portal" | "email" | "phone";

export interface SupportAgentTable {
  user_id: number;
  tier: 1 | 2 | 3;
  /** The tier's lead hears of every breach in the tier (migration 2026-12-04-1181); one per tier. */
  lead: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface SupportOrganisationAgentTable {
  organisation_id: number;
  user_id: number;
}

export interface SupportCategoryAgentTable {
  category: SupportCategoryColumn;
  user_id: number;
}

export interface SupportRequestCounterTable {
  year: number;
  last_value: number;
}

export interface SupportRequestTable {
  id: Generated<number>;
  request_number: string;
  organisation_id: number;
  account_id: number | null;
  filed_by_user_id: number;
  category: SupportCategoryColumn;
  status: SupportStatusColumn;
  tier: ColumnType<1 | 2 | 3, 1 | 2 | 3 | undefined, 1 | 2 | 3>;
  management_flag: ColumnType<Flag, Flag | undefined, Flag>;
  subject: string;
  description: string;
  reply_channel: ReplyChannelColumn;
  locale: Locale;
  case_id: number | null;
  transaction_id: ColumnType<number | null, number | null | undefined, number | null>;
  statement_id: ColumnType<number | null, number | null | undefined, number | null>;
  assigned_user_id: number | null;
  received_at: Timestamp;
  acknowledge_by: Timestamp;
  acknowledged_at: Timestamp | null;
  resolve_by: Timestamp | null;
  first_response_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  solved_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  closed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  acknowledge_warned_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  acknowledge_breached_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  resolve_warned_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  resolve_breached_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  rating: ColumnType<number | null, number | null | undefined, number | null>;
  rating_comment: ColumnType<string | null, string | null | undefined, string | null>;
  rated_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupportMessageTable {
  id: Generated<number>;
  request_id: number;
  at: Timestamp;
  author_user_id: number | null;
  author_kind: "merchant" | "agent" | "system";
  /** Internal notes are for the desk only. */
  visibility: "public" | "internal";
  body: string;
}

export interface SupportEventTable {
  id: Generated<number>;
  request_id: number;
  at: Timestamp;
  actor_user_id: number | null;
  event_type: string;
  from_status: SupportStatusColumn | null;
  to_status: SupportStatusColumn | null;
  details: ColumnType<string, string | undefined, never>;
}

/** A file on a support request (SPEC 9), stored like a case attachment. */
export interface SupportAttachmentTable {
  id: Generated<number>;
  request_id: number;
  message_id: number | null;
  sha256: string;
  original_name: string;
  media_type: AttachmentMediaType;
  size_bytes: number;
  uploaded_by_user_id: number;
  uploaded_at: Timestamp;
}

/** A reply the desk keeps for reuse (SPEC 9), with {placeholders}; one name per language. */
export interface SupportReplyTemplateTable {
  id: Generated<number>;
  locale: Locale;
  name: string;
  body: string;
  updated_by_user_id: number;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

/** An organisation's API key (SPEC 13); `scopes` is "read" or "read,respond". */
export interface ApiKeyTable {
  id: Generated<number>;
  organisation_id: number;
  public_id: string;
  secret_hash: string;
  name: string;
  scopes: string;
  /** 1: every account of the organisation; 0: the accounts in api_key_accounts. */
  all_accounts: number;
  created_by: number;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
}

export interface ApiKeyAccountTable {
  api_key_id: number;
  account_id: number;
}

/** The first answer to an API POST with an Idempotency-Key, replayed for 24 hours. */
export interface ApiIdempotencyTable {
  api_key_id: number;
  idempotency_key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: Timestamp;
}

/** A network intake key (SPEC 4): the platform admin's, for POST /api/v1/network/cases; the secret only hashed. */
export interface NetworkIntakeKeyTable {
  id: Generated<number>;
  public_id: string;
  secret_hash: string;
  name: string;
  created_by: number;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
}

/** The first answer to a batch under an Idempotency-Key, per intake key, replayed for 24 hours. */
export interface NetworkIntakeIdempotencyTable {
  intake_key_id: number;
  idempotency_key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: Timestamp;
}

export type WebhookEndpointStatus = "enabled" | "disabled";
export type WebhookDeliveryStatus = "pending" | "sending" | "sent" | "failed";

/** An organisation's webhook endpoint (SPEC 13); `events` is the chosen event types, space-separated. */
export interface WebhookEndpointTable {
  id: Generated<number>;
  organisation_id: number;
  url: string;
  description: string;
  events: string;
  secret: string;
  status: ColumnType<WebhookEndpointStatus, WebhookEndpointStatus | undefined, WebhookEndpointStatus>;
  disabled_reason: string | null;
  /** The first failed try since the last delivered one; three days of failures disable the endpoint. */
  failing_since: Timestamp | null;
  created_by: number;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
}

/** One event for one endpoint, tried until delivered (or given up on). */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  endpoint_id: number;
  event_id: string;
  event_type: string;
  payload: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface WebhookAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: Timestamp;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

/** Maintenance or an incident an admin posted (SPEC 9); German and Dutch texts are optional pairs. */
export interface AnnouncementTable {
  id: Generated<number>;
  kind: "maintenance" | "incident";
  severity: "info" | "minor" | "major";
  title_en: string;
  body_en: string;
  title_de: string | null;
  body_de: string | null;
  title_nl: string | null;
  body_nl: string | null;
  starts_at: Timestamp;
  /** null: until further notice. */
  ends_at: Timestamp | null;
  created_by_user_id: number;
  created_at: Timestamp;
}

export interface Database {
  announcements: AnnouncementTable;
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
  case_statistics: CaseStatisticTable;
  case_counts: CaseCountTable;
  case_reason_codes: CaseReasonCodeTable;
  case_number_counters: CaseNumberCounterTable;
  case_required_documents: CaseRequiredDocumentTable;
  reason_codes: ReasonCodeTable;
  reason_code_documents: ReasonCodeDocumentTable;
  case_responses: CaseResponseTable;
  case_reminders: CaseReminderTable;
  case_attachments: CaseAttachmentTable;
  case_drafts: CaseDraftTable;
  case_draft_files: CaseDraftFileTable;
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
  support_agents: SupportAgentTable;
  support_organisation_agents: SupportOrganisationAgentTable;
  support_category_agents: SupportCategoryAgentTable;
  support_request_counters: SupportRequestCounterTable;
  support_requests: SupportRequestTable;
  support_messages: SupportMessageTable;
  support_events: SupportEventTable;
  support_reply_templates: SupportReplyTemplateTable;
  support_attachments: SupportAttachmentTable;
  api_keys: ApiKeyTable;
  api_key_accounts: ApiKeyAccountTable;
  api_idempotency: ApiIdempotencyTable;
  network_intake_keys: NetworkIntakeKeyTable;
  network_intake_idempotency: NetworkIntakeIdempotencyTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type Account = Selectable<AccountTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type OutboxMessage = Selectable<EmailOutboxTable>;
