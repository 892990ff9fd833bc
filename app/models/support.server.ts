import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import type { AttachmentMediaType, Locale } from "../../db/schema";
import { accountScope, type Actor } from "~/domain/permissions";
import { accountVisibleTo } from "./scope.server";
import {
  formatRequestNumber,
  isRequestNumber,
  OPEN_SUPPORT_STATUSES,
  type ReplyChannel,
  type SupportCategory,
  type SupportRequestSnapshot,
  type SupportStatus,
  type Tier,
} from "~/domain/support-request";
import { MAX_OPEN_PER_AGENT_SETTING } from "~/domain/support-rules";

// Support requests seen from the merchant side (SPEC 9): every query made for a merchant goes
// through requestVisibleTo, and merchant reads of the conversation see public messages only.
// Unscoped helpers (by id) are for services that already decided who acts.

/**
 * A location sees the requests about its accounts; a head office every request of its
 * organisation, its own and its locations'. Nobody else sees a request through these queries.
 */
export function requestVisibleTo(actor: Actor): RawBuilder<SqlBool> {
  const scope = accountScope(actor);
  if (actor.role === "location" && scope.kind === "accounts") {
    return scope.accountIds.length === 0
      ? sql<SqlBool>`1 = 0`
      : sql<SqlBool>`support_requests.account_id in (${sql.join(scope.accountIds)})`;
  }
  if ((actor.role === "head_office" || actor.role === "org_admin") && scope.kind === "organisation") {
    return sql<SqlBool>`support_requests.organisation_id = ${scope.organisationId}`;
  }
  return sql<SqlBool>`1 = 0`;
}

export interface SupportRequestRow {
  id: number;
  requestNumber: string;
  organisationId: number;
  accountId: number | null;
  accountName: string | null;
  filedByUserId: number;
  filedByName: string;
  category: SupportCategory;
  status: SupportStatus;
  tier: Tier;
  managementFlag: number;
  subject: string;
  description: string;
  replyChannel: ReplyChannel;
  locale: Locale;
  caseId: number | null;
  caseNumber: string | null;
  transactionId: number | null;
  statementId: number | null;
  assignedUserId: number | null;
  receivedAt: string;
  acknowledgeBy: string;
  acknowledgedAt: string | null;
  resolveBy: string | null;
  firstResponseAt: string | null;
  solvedAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  version: number;
}

export function requestQuery(db: DB) {
  return db
    .selectFrom("support_requests")
    .innerJoin("users as filer", "filer.id", "support_requests.filed_by_user_id")
    .leftJoin("accounts", "accounts.id", "support_requests.account_id")
    .leftJoin("cases", "cases.id", "support_requests.case_id")
    .select([
      "support_requests.id",
      "support_requests.request_number as requestNumber",
      "support_requests.organisation_id as organisationId",
      "support_requests.account_id as accountId",
      "accounts.name as accountName",
      "support_requests.filed_by_user_id as filedByUserId",
      "filer.display_name as filedByName",
      "support_requests.category",
      "support_requests.status",
      "support_requests.tier",
      "support_requests.management_flag as managementFlag",
      "support_requests.subject",
      "support_requests.description",
      "support_requests.reply_channel as replyChannel",
      "support_requests.locale",
      "support_requests.case_id as caseId",
      "cases.case_number as caseNumber",
      "support_requests.transaction_id as transactionId",
      "support_requests.statement_id as statementId",
      "support_requests.assigned_user_id as assignedUserId",
      "support_requests.received_at as receivedAt",
      "support_requests.acknowledge_by as acknowledgeBy",
      "support_requests.acknowledged_at as acknowledgedAt",
      "support_requests.resolve_by as resolveBy",
      "support_requests.first_response_at as firstResponseAt",
      "support_requests.solved_at as solvedAt",
      "support_requests.rating",
      "support_requests.rating_comment as ratingComment",
      "support_requests.version",
    ]);
}

/** What the state machine decides on. */
export function snapshotOf(r: SupportRequestRow): SupportRequestSnapshot {
  return {
    status: r.status,
    category: r.category,
    tier: r.tier,
    managementFlag: r.managementFlag === 1,
    solvedAt: r.solvedAt ? new Date(r.solvedAt) : null,
    firstResponseAt: r.firstResponseAt ? new Date(r.firstResponseAt) : null,
    rating: r.rating,
    assignedUserId: r.assignedUserId,
  };
}

export async function findVisibleRequest(db: DB, actor: Actor, requestNumber: string): Promise<SupportRequestRow | null> {
  if (!isRequestNumber(requestNumber)) return null;
  const row = await requestQuery(db)
    .where("support_requests.request_number", "=", requestNumber)
    .where(requestVisibleTo(actor))
    .executeTakeFirst();
  return (row as SupportRequestRow | undefined) ?? null;
}

/** Unscoped, for a service inside its write transaction. */
export async function loadRequestById(db: DB, id: number): Promise<SupportRequestRow | null> {
  const row = await requestQuery(db).where("support_requests.id", "=", id).executeTakeFirst();
  return (row as SupportRequestRow | undefined) ?? null;
}

export type RequestListCursor = { receivedAt: string; id: number };

/** The merchant's list, newest first, keyset-paged on (received_at, id). */
export async function listVisibleRequests(
  db: DB,
  actor: Actor,
  options: { after: RequestListCursor | null; limit: number },
): Promise<SupportRequestRow[]> {
  let query = requestQuery(db).where(requestVisibleTo(actor));
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("support_requests.received_at", "<", after.receivedAt),
        eb.and([eb("support_requests.received_at", "=", after.receivedAt), eb("support_requests.id", "<", after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy("support_requests.received_at", "desc")
    .orderBy("support_requests.id", "desc")
    .limit(options.limit)
    .execute();
  return rows;
}

/** Open requests of the organisation about this case in this category (the duplicate rule's candidates). */
export async function openRequestsAboutCase(db: DB, organisationId: number, category: SupportCategory, caseId: number) {
  const rows = await db
    .selectFrom("support_requests")
    .select([
      "id",
      "request_number as requestNumber",
      "organisation_id as organisationId",
      "category",
      "case_id as caseId",
      "status",
      "received_at as receivedAt",
    ])
    .where("organisation_id", "=", organisationId)
    .where("category", "=", category)
    .where("case_id", "=", caseId)
    .where("status", "in", OPEN_SUPPORT_STATUSES)
    .execute();
  return rows.map((r) => ({ ...r, caseId: r.caseId, receivedAt: new Date(r.receivedAt) }));
}

// --- Routing ------------------------------------------------------------------------------------

/** An agent who can take requests: a support user, not deactivated. */
async function activeAgent(db: DB, userId: number | undefined): Promise<number | null> {
  if (userId === undefined) return null;
  const row = await db
    .selectFrom("support_agents")
    .innerJoin("users", "users.id", "support_agents.user_id")
    .select("users.id")
    .where("users.id", "=", userId)
    .where("users.role", "=", "support")
    .where("users.deactivated_at", "is", null)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function responsibleAgents(db: DB, organisationId: number, category: SupportCategory) {
  const [byOrganisation, byCategory] = await Promise.all([
    db.selectFrom("support_organisation_agents").select("user_id").where("organisation_id", "=", organisationId).executeTakeFirst(),
    db.selectFrom("support_category_agents").select("user_id").where("category", "=", category).executeTakeFirst(),
  ]);
  return {
    organisationAgentId: await activeAgent(db, byOrganisation?.user_id),
    categoryAgentId: await activeAgent(db, byCategory?.user_id),
  };
}

export async function openCountsOf(db: DB, agentIds: readonly number[]): Promise<Map<number, number>> {
  if (agentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("support_requests")
    .select(["assigned_user_id", (eb) => eb.fn.countAll().as("open")])
    .where("assigned_user_id", "in", agentIds)
    .where("status", "in", OPEN_SUPPORT_STATUSES)
    .groupBy("assigned_user_id")
    .execute();
  return new Map(rows.map((r) => [Number(r.assigned_user_id), Number(r.open)]));
}

export async function storedMaxOpenPerAgent(db: DB): Promise<string | null> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", MAX_OPEN_PER_AGENT_SETTING.key).executeTakeFirst();
  return row?.value ?? null;
}

// --- Writes -------------------------------------------------------------------------------------

/** Next SR-2026-000123; one counter per year. */
export async function nextRequestNumber(db: DB, year: number): Promise<string> {
  const { rows } = await sql<{ last_value: number }>`
    insert into support_request_counters (year, last_value) values (${year}, 1)
    on conflict (year) do update set last_value = support_request_counters.last_value + 1
    returning last_value`.execute(db);
  return formatRequestNumber(year, Number(rows[0]!.last_value));
}

export interface NewSupportRequest {
  requestNumber: string;
  organisationId: number;
  accountId: number | null;
  filedByUserId: number;
  category: SupportCategory;
  subject: string;
  description: string;
  replyChannel: ReplyChannel;
  locale: Locale;
  caseId: number | null;
  transactionId?: number | null;
  statementId?: number | null;
  assignedUserId: number | null;
  receivedAt: Date;
  acknowledgeBy: Date;
  acknowledgedAt: Date | null;
  resolveBy: Date | null;
}

export async function insertSupportRequest(db: DB, r: NewSupportRequest): Promise<number> {
  const at = r.receivedAt.toISOString();
  const row = await db
    .insertInto("support_requests")
    .values({
      request_number: r.requestNumber,
      organisation_id: r.organisationId,
      account_id: r.accountId,
      filed_by_user_id: r.filedByUserId,
      category: r.category,
      status: "received",
      subject: r.subject,
      description: r.description,
      reply_channel: r.replyChannel,
      locale: r.locale,
      case_id: r.caseId,
      transaction_id: r.transactionId ?? null,
      statement_id: r.statementId ?? null,
      assigned_user_id: r.assignedUserId,
      received_at: at,
      acknowledge_by: r.acknowledgeBy.toISOString(),
      acknowledged_at: r.acknowledgedAt?.toISOString() ?? null,
      resolve_by: r.resolveBy?.toISOString() ?? null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SupportRequestChange {
  status?: SupportStatus;
  solvedAt?: Date | null;
  closedAt?: Date | null;
  rating?: number;
  ratingComment?: string | null;
  ratedAt?: Date;
  tier?: Tier;
  assignedUserId?: number | null;
  managementFlag?: boolean;
  category?: SupportCategory;
  firstResponseAt?: Date;
}

/** The change, only if nobody changed the request since it was read at `version`. */
export async function updateRequestIfVersion(
  db: DB,
  id: number,
  version: number,
  change: SupportRequestChange,
  now: Date,
): Promise<boolean> {
  const iso = (d: Date | null | undefined) => (d === undefined ? undefined : d === null ? null : d.toISOString());
  const result = await db
    .updateTable("support_requests")
    .set({
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.solvedAt !== undefined ? { solved_at: iso(change.solvedAt) } : {}),
      ...(change.closedAt !== undefined ? { closed_at: iso(change.closedAt) } : {}),
      ...(change.rating !== undefined ? { rating: change.rating } : {}),
      ...(change.ratingComment !== undefined ? { rating_comment: change.ratingComment } : {}),
      ...(change.ratedAt !== undefined ? { rated_at: change.ratedAt.toISOString() } : {}),
      ...(change.tier !== undefined ? { tier: change.tier } : {}),
      ...(change.assignedUserId !== undefined ? { assigned_user_id: change.assignedUserId } : {}),
      ...(change.managementFlag !== undefined ? { management_flag: change.managementFlag ? 1 : 0 } : {}),
      ...(change.category !== undefined ? { category: change.category } : {}),
      ...(change.firstResponseAt !== undefined ? { first_response_at: change.firstResponseAt.toISOString() } : {}),
      version: version + 1,
      updated_at: now.toISOString(),
    })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertMessage(
  db: DB,
  m: {
    requestId: number;
    at: Date;
    authorUserId: number | null;
    authorKind: "merchant" | "agent" | "system";
    visibility: "public" | "internal";
    body: string;
  },
): Promise<number> {
  const row = await db
    .insertInto("support_messages")
    .values({
      request_id: m.requestId,
      at: m.at.toISOString(),
      author_user_id: m.authorUserId,
      author_kind: m.authorKind,
      visibility: m.visibility,
      body: m.body,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function appendSupportEvent(
  db: DB,
  e: {
    requestId: number;
    at: Date;
    actorUserId: number | null;
    eventType: string;
    from: SupportStatus | null;
    to: SupportStatus | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto("support_events")
    .values({
      request_id: e.requestId,
      at: e.at.toISOString(),
      actor_user_id: e.actorUserId,
      event_type: e.eventType,
      from_status: e.from,
      to_status: e.to,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

export interface SupportMessage {
  id: number;
  at: string;
  authorKind: "merchant" | "agent" | "system";
  authorName: string | null;
  visibility: "public" | "internal";
  body: string;
}

/**
 * The conversation in order. What the merchant sees is `public` only, never internal notes; the
 * desk reads `all`.
 */
export async function messagesOf(db: DB, requestId: number, which: "public" | "all"): Promise<SupportMessage[]> {
  const query = db
    .selectFrom("support_messages")
    .leftJoin("users", "users.id", "support_messages.author_user_id")
    .select([
      "support_messages.id",
      "support_messages.at",
      "support_messages.author_kind as authorKind",
      "users.display_name as authorName",
      "support_messages.visibility",
      "support_messages.body",
    ])
    .where("support_messages.request_id", "=", requestId);
  return (which === "public" ? query.where("support_messages.visibility", "=", "public") : query)
    .orderBy("support_messages.at")
    .orderBy("support_messages.id")
    .execute();
}

/** The merchant's email for the acknowledgment. */
export async function userContact(db: DB, userId: number) {
  return db.selectFrom("users").select(["email", "display_name as displayName"]).where("id", "=", userId).executeTakeFirst();
}

/** Solved requests solved before `cutoff`: the candidates for closing (the state machine decides). */
export async function solvedBefore(db: DB, cutoff: Date): Promise<number[]> {
  const rows = await db
    .selectFrom("support_requests")
    .select("id")
    .where("status", "=", "solved")
    .where("solved_at", "<", cutoff.toISOString())
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

// --- What a request is about -------------------------------------------------------------------

export interface LinkedTransaction {
  id: number;
  accountId: number;
  accountName: string;
  timeZone: string;
  occurredAt: string;
  amountMinor: number;
  currency: string;
  cardLast4: string;
  networkReference: string;
}

function transactionQuery(db: DB) {
  return db
    .selectFrom("transactions")
    .innerJoin("accounts", "accounts.id", "transactions.account_id")
    .select([
      "transactions.id",
      "transactions.account_id as accountId",
      "accounts.name as accountName",
      "accounts.time_zone as timeZone",
      "transactions.occurred_at as occurredAt",
      "transactions.amount_minor as amountMinor",
      "transactions.currency",
      "transactions.card_last4 as cardLast4",
      "transactions.network_reference as networkReference",
    ]);
}

/** A transaction of the actor's accounts by its network reference (what the merchant reads on a receipt). */
export async function findVisibleTransaction(db: DB, actor: Actor, networkReference: string): Promise<LinkedTransaction | null> {
  const row = await transactionQuery(db)
    .where("transactions.network_reference", "=", networkReference)
    .where(accountVisibleTo(actor, "transactions.account_id"))
    .executeTakeFirst();
  return row ?? null;
}

/** Unscoped, for the desk beside a request it already found. */
export async function loadTransactionById(db: DB, id: number): Promise<LinkedTransaction | null> {
  return (await transactionQuery(db).where("transactions.id", "=", id).executeTakeFirst()) ?? null;
}

// --- Attachments --------------------------------------------------------------------------------

export interface SupportAttachmentInfo {
  id: number;
  messageId: number | null;
  originalName: string;
  mediaType: string;
  sizeBytes: number;
  uploadedAt: string;
}

export async function insertSupportAttachments(
  db: DB,
  input: { requestId: number; messageId: number | null; userId: number; at: Date },
  files: readonly { sha256: string; originalName: string; mediaType: AttachmentMediaType; sizeBytes: number }[],
): Promise<void> {
  if (files.length === 0) return;
  await db
    .insertInto("support_attachments")
    .values(
      files.map((f) => ({
        request_id: input.requestId,
        message_id: input.messageId,
        sha256: f.sha256,
        original_name: f.originalName,
        media_type: f.mediaType,
        size_bytes: f.sizeBytes,
        uploaded_by_user_id: input.userId,
        uploaded_at: input.at.toISOString(),
      })),
    )
    .execute();
}

export async function attachmentsOfRequest(db: DB, requestId: number): Promise<SupportAttachmentInfo[]> {
  return db
    .selectFrom("support_attachments")
    .select([
      "id",
      "message_id as messageId",
      "original_name as originalName",
      "media_type as mediaType",
      "size_bytes as sizeBytes",
      "uploaded_at as uploadedAt",
    ])
    .where("request_id", "=", requestId)
    .orderBy("id")
    .execute();
}

export async function findRequestAttachment(db: DB, requestId: number, id: number) {
  return db
    .selectFrom("support_attachments")
    .select(["sha256", "original_name as originalName", "media_type as mediaType", "size_bytes as sizeBytes"])
    .where("request_id", "=", requestId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Which of these stored files a support request still names (the attachment clean-up keeps those). */
export async function supportFileHashes(db: DB, sha256s: readonly string[]): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set();
  const rows = await db
    .selectFrom("support_attachments")
    .select("sha256")
    .where("sha256", "in", [...sha256s])
    .execute();
  return new Set(rows.map((r) => r.sha256));
}
