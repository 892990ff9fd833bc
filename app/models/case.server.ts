import { sql } from "kysely";
import type { DB } from "../../db/connection";
import type { AttachmentMediaType, CaseOutcomeColumn, CaseStatusColumn, CaseTypeColumn } from "../../db/schema";
import { caseNumberPrefix, formatCaseNumber, isCaseNumber } from "~/domain/case-number";
import { parseCaseEventDetails, type CaseEventDetails, type UnreadableCaseEvent } from "~/domain/case-events";
import type { CaseEventType, CaseOutcome, CaseStatus, CaseType } from "~/domain/case-state";
import { DEFAULT_DEADLINE_DAYS } from "~/domain/deadlines";
import { deadlineDaysSetting, PLATFORM_SETTINGS } from "~/domain/settings";
import type { Actor, DisputeHandling } from "~/domain/permissions";
import { normaliseRequirements, type DocumentRequirement } from "~/domain/reason-codes";
import { applyCaseStatistics, caseForStatistics } from "./case-statistics.server";
import { accountVisibleTo } from "./scope.server";

// Queries of the disputes area. Everything read for a user goes through accountVisibleTo; the
// unscoped helpers (by id) are for services and jobs that already decided who may act.

/** What is known of a case: its row with its account, organisation and transaction. */
export interface CaseFacts {
  id: number;
  caseNumber: string;
  type: CaseType;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  disputedAmountMinor: number;
  currency: string;
  reasonCode: string;
  reasonText: string;
  receivedAt: string;
  respondBy: string;
  urgentFlag: boolean;
  lastResponseAt: string | null;
  version: number;
  accountId: number;
  accountName: string;
  merchantNumber: string;
  timeZone: string;
  organisationId: number;
  organisationName: string;
  disputeHandling: DisputeHandling;
  transactionId: number;
  transactionOccurredAt: string;
  transactionAmountMinor: number;
  transactionCurrency: string;
  cardLast4: string;
  networkReference: string;
  transactionDescription: string;
}

/** The facts, plus what only services use (the urgent-window mark, the link). */
export interface CaseDetail extends CaseFacts {
  urgentWindowNotifiedAt: string | null;
  relatedCaseId: number | null;
}

// What a row of any case list shows (CaseListRow in case-list.server.ts); the queries join
// accounts and transactions.
export const CASE_ROW_COLUMNS = [
  "cases.id",
  "cases.case_number as caseNumber",
  "cases.type",
  "cases.status",
  "cases.outcome",
  "cases.disputed_amount_minor as disputedAmountMinor",
  "cases.currency",
  "cases.reason_code as reasonCode",
  "cases.reason_text as reasonText",
  "cases.respond_by as respondBy",
  "cases.urgent_flag as urgentFlag",
  "accounts.name as accountName",
  "accounts.time_zone as timeZone",
  "transactions.card_last4 as cardLast4",
] as const;

function detailQuery(db: DB) {
  return db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .innerJoin("organisations", "organisations.id", "accounts.organisation_id")
    .innerJoin("transactions", "transactions.id", "cases.transaction_id")
    .select([
      ...CASE_ROW_COLUMNS,
      "cases.received_at as receivedAt",
      "cases.urgent_window_notified_at as urgentWindowNotifiedAt",
      "cases.related_case_id as relatedCaseId",
      "cases.last_response_at as lastResponseAt",
      "cases.version",
      "accounts.id as accountId",
      "accounts.merchant_number as merchantNumber",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "organisations.dispute_handling as disputeHandling",
      "transactions.id as transactionId",
      "transactions.occurred_at as transactionOccurredAt",
      "transactions.amount_minor as transactionAmountMinor",
      "transactions.currency as transactionCurrency",
      "transactions.network_reference as networkReference",
      "transactions.description as transactionDescription",
    ]);
}

type DetailRow = Omit<CaseDetail, "urgentFlag"> & { urgentFlag: number };
function toDetail(row: DetailRow): CaseDetail {
  return { ...row, urgentFlag: row.urgentFlag === 1 };
}

/** The case, or null when it does not exist or the actor may not see it (404 either way). */
export async function findVisibleCase(db: DB, actor: Actor, caseNumber: string): Promise<CaseDetail | null> {
  if (!isCaseNumber(caseNumber)) return null;
  const row = await detailQuery(db)
    .where("cases.case_number", "=", caseNumber)
    .where(accountVisibleTo(actor, "cases.account_id"))
    .executeTakeFirst();
  return row ? toDetail(row) : null;
}

/** Unscoped: for services and jobs that have already checked who acts. */
export async function loadCaseById(db: DB, caseId: number): Promise<CaseDetail | null> {
  const row = await detailQuery(db).where("cases.id", "=", caseId).executeTakeFirst();
  return row ? toDetail(row) : null;
}

/** A case's documents with their levels (SPEC 3.10): required first, then groups, then optional. */
export async function documentRequirementsOf(db: DB, caseId: number): Promise<DocumentRequirement[]> {
  const rows = await db
    .selectFrom("case_required_documents")
    .select(["document_code", "level", "doc_group"])
    .where("case_id", "=", caseId)
    .orderBy("document_code")
    .execute();
  const order = { required: 0, one_of: 1, optional: 2 } as const;
  return rows
    .map((r) => ({ code: r.document_code, level: r.level, group: r.doc_group }))
    .sort((a, b) => order[a.level] - order[b.level] || (a.group ?? "").localeCompare(b.group ?? "", "en"));
}

export async function requiredDocumentsOf(db: DB, caseId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("case_required_documents")
    .select("document_code")
    .where("case_id", "=", caseId)
    .orderBy("document_code")
    .execute();
  return rows.map((r) => r.document_code);
}

/** Credits issued to the cardholder on this transaction, over all its cases. */
export async function creditsIssuedOnTransaction(db: DB, transactionId: number): Promise<number> {
  const row = await db
    .selectFrom("case_responses")
    .innerJoin("cases", "cases.id", "case_responses.case_id")
    .select(sql<number>`coalesce(sum(case_responses.credit_minor), 0)`.as("total"))
    .where("cases.transaction_id", "=", transactionId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function chargebackForTransaction(db: DB, transactionId: number): Promise<{ id: number; caseNumber: string } | null> {
  const row = await db
    .selectFrom("cases")
    .select(["id", "case_number as caseNumber"])
    .where("transaction_id", "=", transactionId)
    .where("type", "=", "chargeback")
    .executeTakeFirst();
  return row ?? null;
}

/** The case's current version (null when it is gone): is a snapshot loaded earlier still the case? */
export async function caseVersionOf(db: DB, caseId: number): Promise<number | null> {
  const row = await db.selectFrom("cases").select("version").where("id", "=", caseId).executeTakeFirst();
  return row?.version ?? null;
}

export async function caseNumberOf(db: DB, caseId: number): Promise<string | null> {
  const row = await db.selectFrom("cases").select("case_number").where("id", "=", caseId).executeTakeFirst();
  return row?.case_number ?? null;
}

export type TimelineEntry = {
  id: number;
  at: string;
  actorName: string | null;
  actorRole: string | null;
  fromStatus: CaseStatusColumn | null;
  toStatus: CaseStatusColumn | null;
  outcome: CaseOutcomeColumn | null;
} & (CaseEventDetails | UnreadableCaseEvent);

/** The timeline, oldest first, each event's details parsed into its kind's shape. */
export async function timelineOf(db: DB, caseId: number): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom("case_events")
    .leftJoin("users", "users.id", "case_events.actor_user_id")
    .select([
      "case_events.id",
      "case_events.at",
      "users.display_name as actorName",
      "users.role as actorRole",
      "case_events.event_type as eventType",
      "case_events.from_status as fromStatus",
      "case_events.to_status as toStatus",
      "case_events.outcome",
      "case_events.details",
    ])
    .where("case_events.case_id", "=", caseId)
    .orderBy("case_events.id")
    .execute();
  return rows.map(({ eventType, details, ...r }) => ({ ...r, ...parseCaseEventDetails(eventType, details) }));
}

export interface AttachmentInfo {
  id: number;
  responseId: number | null;
  sha256: string;
  originalName: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  requiredDocument: string | null;
  uploadedAt: string;
}

export async function attachmentsOf(db: DB, caseId: number): Promise<AttachmentInfo[]> {
  return db
    .selectFrom("case_attachments")
    .select([
      "id",
      "response_id as responseId",
      "sha256",
      "original_name as originalName",
      "media_type as mediaType",
      "size_bytes as sizeBytes",
      "required_document as requiredDocument",
      "uploaded_at as uploadedAt",
    ])
    .where("case_id", "=", caseId)
    .orderBy("id")
    .execute();
}

export interface ResponseInfo {
  id: number;
  submittedAt: string;
  submittedBy: string;
  comment: string;
  creditMinor: number | null;
  accepted: boolean;
}

export async function responsesOf(db: DB, caseId: number): Promise<ResponseInfo[]> {
  const rows = await db
    .selectFrom("case_responses")
    .innerJoin("users", "users.id", "case_responses.submitted_by_user_id")
    .select([
      "case_responses.id",
      "case_responses.submitted_at as submittedAt",
      "users.display_name as submittedBy",
      "case_responses.comment",
      "case_responses.credit_minor as creditMinor",
      "case_responses.accepted",
    ])
    .where("case_responses.case_id", "=", caseId)
    .orderBy("case_responses.id")
    .execute();
  return rows.map((r) => ({ ...r, accepted: r.accepted === 1 }));
}

// --- Writes -------------------------------------------------------------------------------------

/** Next human-readable number, e.g. INQ-2026-000123; one counter per prefix and year. */
export async function nextCaseNumber(db: DB, type: CaseTypeColumn, year: number): Promise<string> {
  const prefix = caseNumberPrefix(type);
  const { rows } = await sql<{ last_value: number }>`
    insert into case_number_counters (prefix, year, last_value) values (${prefix}, ${year}, 1)
    on conflict (prefix, year) do update set last_value = case_number_counters.last_value + 1
    returning last_value`.execute(db);
  const value = rows[0]!.last_value;
  return formatCaseNumber(type, year, value);
}

export interface CaseEventInput {
  caseId: number;
  at: Date;
  actorUserId: number | null;
  eventType: CaseEventType | "opened" | "comment";
  fromStatus: CaseStatusColumn | null;
  toStatus: CaseStatusColumn | null;
  outcome: CaseOutcomeColumn | null;
  details?: Record<string, unknown>;
}

export async function appendCaseEvent(db: DB, e: CaseEventInput): Promise<number> {
  const row = await db
    .insertInto("case_events")
    .values({
      case_id: e.caseId,
      at: e.at.toISOString(),
      actor_user_id: e.actorUserId,
      event_type: e.eventType,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      outcome: e.outcome,
      details: JSON.stringify(e.details ?? {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CaseChange {
  status?: CaseStatusColumn;
  outcome?: CaseOutcomeColumn | null;
  respondBy?: Date;
  urgentFlag?: boolean;
  urgentWindowNotifiedAt?: Date | null;
  relatedCaseId?: number | null;
  lastResponseAt?: Date;
}

/**
 * Optimistic update: writes only when the case still has the version it was loaded with, and
 * bumps it. False means someone else changed the case first; the caller rolls back.
 */
export async function updateCaseIfVersion(
  db: DB,
  caseId: number,
  expectedVersion: number,
  change: CaseChange,
  now: Date,
): Promise<boolean> {
  // The monthly statistics follow the case in the same transaction (migration 2026-12-03-1109).
  const counted = change.status !== undefined || change.outcome !== undefined || change.lastResponseAt !== undefined;
  const before = counted ? await caseForStatistics(db, caseId) : undefined;
  const result = await db
    .updateTable("cases")
    .set({
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.outcome !== undefined ? { outcome: change.outcome } : {}),
      ...(change.respondBy !== undefined ? { respond_by: change.respondBy.toISOString() } : {}),
      ...(change.urgentFlag !== undefined ? { urgent_flag: change.urgentFlag ? 1 : 0 } : {}),
      ...(change.urgentWindowNotifiedAt !== undefined
        ? { urgent_window_notified_at: change.urgentWindowNotifiedAt?.toISOString() ?? null }
        : {}),
      ...(change.relatedCaseId !== undefined ? { related_case_id: change.relatedCaseId } : {}),
      ...(change.lastResponseAt !== undefined ? { last_response_at: change.lastResponseAt.toISOString() } : {}),
      version: expectedVersion + 1,
      updated_at: now.toISOString(),
    })
    .where("id", "=", caseId)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  const written = Number(result.numUpdatedRows) === 1;
  if (written && before) await applyCaseStatistics(db, before, await caseForStatistics(db, caseId));
  return written;
}

// --- Settings -----------------------------------------------------------------------------------

async function numberSetting(db: DB, key: string): Promise<number | null> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  if (!row) return null;
  const value = Number(row.value);
  return Number.isInteger(value) && value >= 0 && value <= 365 ? value : null;
}

/** Days to respond: setting `deadline_days.<kind>`, else the SPEC default. */
export async function deadlineDays(db: DB, kind: keyof typeof DEFAULT_DEADLINE_DAYS): Promise<number> {
  return (await numberSetting(db, deadlineDaysSetting(kind).key)) ?? deadlineDaysSetting(kind).defaultValue;
}

export async function urgentWindowDays(db: DB): Promise<number> {
  return (await numberSetting(db, PLATFORM_SETTINGS.urgentWindowDays.key)) ?? PLATFORM_SETTINGS.urgentWindowDays.defaultValue;
}

/** Points the inquiry at the chargeback opened from it; part of the transaction that closed it. */
export async function linkChargebackToInquiry(db: DB, inquiryId: number, chargebackId: number): Promise<void> {
  await db.updateTable("cases").set({ related_case_id: chargebackId }).where("id", "=", inquiryId).execute();
}

export interface NewCase {
  caseNumber: string;
  type: CaseTypeColumn;
  accountId: number;
  transactionId: number;
  disputedAmountMinor: number;
  currency: string;
  reasonCode: string;
  reasonText: string;
  receivedAt: Date;
  respondBy: Date;
  relatedCaseId: number | null;
  openedByUserId: number | null;
  urgentFlag?: boolean;
  networkCaseId?: string | null;
}

export async function insertCase(db: DB, c: NewCase, now: Date): Promise<number> {
  const row = await db
    .insertInto("cases")
    .values({
      case_number: c.caseNumber,
      type: c.type,
      account_id: c.accountId,
      organisation_id: (eb) => eb.selectFrom("accounts").select("accounts.organisation_id").where("accounts.id", "=", c.accountId),
      transaction_id: c.transactionId,
      status: "awaiting_response",
      outcome: null,
      disputed_amount_minor: c.disputedAmountMinor,
      currency: c.currency,
      reason_code: c.reasonCode,
      reason_text: c.reasonText,
      received_at: c.receivedAt.toISOString(),
      respond_by: c.respondBy.toISOString(),
      urgent_flag: c.urgentFlag ? 1 : 0,
      urgent_window_notified_at: null,
      related_case_id: c.relatedCaseId,
      last_response_at: null,
      opened_by_user_id: c.openedByUserId,
      network_case_id: c.networkCaseId ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await applyCaseStatistics(db, undefined, await caseForStatistics(db, row.id));
  return row.id;
}

/** A case's documents: plain codes are required; entries keep the level the reason code proposed. */
export async function insertRequiredDocuments(db: DB, caseId: number, entries: readonly (string | DocumentRequirement)[]): Promise<void> {
  for (const r of normaliseRequirements(entries)) {
    await db
      .insertInto("case_required_documents")
      .values({ case_id: caseId, document_code: r.code, level: r.level, doc_group: r.group })
      .execute();
  }
}

export interface StoredAttachment {
  sha256: string;
  originalName: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  requiredDocument: string | null;
}

export async function insertResponse(
  db: DB,
  r: {
    caseId: number;
    userId: number;
    comment: string;
    creditMinor: number | null;
    accepted: boolean;
    versionAtSubmission: number;
    attachments: readonly StoredAttachment[];
  },
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto("case_responses")
    .values({
      case_id: r.caseId,
      submitted_by_user_id: r.userId,
      submitted_at: now.toISOString(),
      comment: r.comment,
      credit_minor: r.creditMinor,
      accepted: r.accepted ? 1 : 0,
      version_at_submission: r.versionAtSubmission,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const a of r.attachments) {
    await db
      .insertInto("case_attachments")
      .values({
        case_id: r.caseId,
        response_id: row.id,
        sha256: a.sha256,
        original_name: a.originalName,
        media_type: a.mediaType,
        size_bytes: a.sizeBytes,
        required_document: a.requiredDocument,
        uploaded_by_user_id: r.userId,
        uploaded_at: now.toISOString(),
      })
      .execute();
  }
  return row.id;
}

/** One attachment of a case the actor can see, or null (404). */
export async function findVisibleAttachment(
  db: DB,
  actor: Actor,
  caseNumber: string,
  attachmentId: number,
): Promise<AttachmentInfo | null> {
  if (!isCaseNumber(caseNumber)) return null;
  const row = await db
    .selectFrom("case_attachments")
    .innerJoin("cases", "cases.id", "case_attachments.case_id")
    .select([
      "case_attachments.id",
      "case_attachments.response_id as responseId",
      "case_attachments.sha256",
      "case_attachments.original_name as originalName",
      "case_attachments.media_type as mediaType",
      "case_attachments.size_bytes as sizeBytes",
      "case_attachments.required_document as requiredDocument",
      "case_attachments.uploaded_at as uploadedAt",
    ])
    .where("case_attachments.id", "=", attachmentId)
    .where("cases.case_number", "=", caseNumber)
    .where(accountVisibleTo(actor, "cases.account_id"))
    .executeTakeFirst();
  return row ?? null;
}

/** The case delivered under this network case id, if any (case intake). */
export async function caseByNetworkId(db: DB, networkCaseId: string): Promise<{ caseNumber: string } | undefined> {
  return db.selectFrom("cases").select("case_number as caseNumber").where("network_case_id", "=", networkCaseId).executeTakeFirst();
}
