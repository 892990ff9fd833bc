import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// better-sqlite3 returns timestamps as ISO-8601 UTC strings and booleans as 0/1:
// the types say what the driver really returns.
export type Timestamp = string;
export type Flag = 0 | 1;

import type { DisputeHandling, Role } from "../app/domain/permissions";

export type { DisputeHandling, Role };
export type ContactMethod = "email" | "phone" | "post" | "secure_message";
export type Locale = "en" | "de";

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
}

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
  ledger_entries: LedgerEntryTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type Account = Selectable<AccountTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type OutboxMessage = Selectable<EmailOutboxTable>;
