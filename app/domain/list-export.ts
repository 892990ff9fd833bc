// The CSV exports of the case lists and the audit trail (SPEC 14): one record per row, built with
// the RFC 4180 writer and formula guard of ./csv. Headers are the reader's language (given by the
// caller); values stay what a program can read back: codes for type, status and outcome, amounts
// in major units with a '.' next to their currency, instants in the account's zone with its offset.
import type { CaseOutcome, CaseStatus, CaseType } from "./case-state";
import { csvRecord, zonedTimestamp } from "./csv";
import { minorToMajorString } from "./money";

export const CASE_EXPORT_COLUMNS = [
  "caseNumber",
  "type",
  "status",
  "outcome",
  "account",
  "cardLast4",
  "reasonCode",
  "reasonText",
  "amount",
  "currency",
  "respondBy",
  "timeZone",
] as const;
export type CaseExportColumn = (typeof CASE_EXPORT_COLUMNS)[number];

export const REVIEW_EXPORT_COLUMNS = [
  "caseNumber",
  "type",
  "urgent",
  "organisation",
  "account",
  "cardLast4",
  "reasonCode",
  "reasonText",
  "amount",
  "currency",
  "respondedAt",
  "timeZone",
] as const;
export type ReviewExportColumn = (typeof REVIEW_EXPORT_COLUMNS)[number];

export const AUDIT_EXPORT_COLUMNS = ["at", "user", "kind", "entityType", "entity", "details"] as const;
export type AuditExportColumn = (typeof AUDIT_EXPORT_COLUMNS)[number];

export interface CaseExportRow {
  caseNumber: string;
  type: CaseType;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  accountName: string;
  cardLast4: string;
  reasonCode: string;
  reasonText: string;
  amountMinor: number;
  currency: string;
  respondBy: string;
  timeZone: string;
}

export interface ReviewExportRow extends Omit<CaseExportRow, "status" | "outcome" | "respondBy"> {
  urgent: boolean;
  organisationName: string;
  lastResponseAt: string | null;
}

export interface AuditExportRow {
  at: string;
  /** Username of who did it; empty when nobody signed in did (a failed sign-in, a job). */
  user: string;
  kind: string;
  entityType: string;
  /** The entity's id, or the username when it is a user. */
  entity: string;
  /** The entry's details as JSON. */
  details: string;
}

/** The header record: the translated label of each column, in the columns' order. */
export function exportHeader<C extends string>(columns: readonly C[], labels: Record<C, string>): string {
  return csvRecord(columns.map((c) => labels[c]));
}

const CASE_AMOUNT = CASE_EXPORT_COLUMNS.indexOf("amount");
const REVIEW_AMOUNT = REVIEW_EXPORT_COLUMNS.indexOf("amount");

export function caseExportRecord(r: CaseExportRow): string {
  return csvRecord(
    [
      r.caseNumber,
      r.type,
      r.status,
      r.outcome ?? "",
      r.accountName,
      r.cardLast4,
      r.reasonCode,
      r.reasonText,
      minorToMajorString(r.amountMinor, r.currency),
      r.currency,
      zonedTimestamp(r.respondBy, r.timeZone),
      r.timeZone,
    ],
    { numericColumns: [CASE_AMOUNT] },
  );
}

export function reviewExportRecord(r: ReviewExportRow): string {
  return csvRecord(
    [
      r.caseNumber,
      r.type,
      r.urgent ? "1" : "0",
      r.organisationName,
      r.accountName,
      r.cardLast4,
      r.reasonCode,
      r.reasonText,
      minorToMajorString(r.amountMinor, r.currency),
      r.currency,
      r.lastResponseAt ? zonedTimestamp(r.lastResponseAt, r.timeZone) : "",
      r.timeZone,
    ],
    { numericColumns: [REVIEW_AMOUNT] },
  );
}

/** The trail has no account: its instants are UTC, written with their +00:00 offset. */
export function auditExportRecord(r: AuditExportRow): string {
  return csvRecord([zonedTimestamp(r.at, "UTC"), r.user, r.kind, r.entityType, r.entity, r.details]);
}
