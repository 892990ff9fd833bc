import type { DB } from "../../db/connection";
import type { Role } from "~/domain/permissions";
import type { PromiseMark, PromiseName } from "~/domain/support-promises";
import { OPEN_SUPPORT_STATUSES, type ReplyChannel, type SupportCategory, type SupportStatus, type Tier } from "~/domain/support-request";

// The queries behind the support notices (desk messages to the merchant) and the promise job.
// Unscoped by design: the callers are the desk service inside its write and the job.

export interface RequestForNotice {
  id: number;
  requestNumber: string;
  subject: string;
  organisationId: number;
  filedByUserId: number;
  replyChannel: ReplyChannel;
  locale: string;
  tier: Tier;
  assignedUserId: number | null;
}

export async function loadRequestForNotice(db: DB, requestId: number): Promise<RequestForNotice | undefined> {
  return db
    .selectFrom("support_requests")
    .select([
      "id",
      "request_number as requestNumber",
      "subject",
      "organisation_id as organisationId",
      "filed_by_user_id as filedByUserId",
      "reply_channel as replyChannel",
      "locale",
      "tier",
      "assigned_user_id as assignedUserId",
    ])
    .where("id", "=", requestId)
    .executeTakeFirst();
}

export interface NoticeUser {
  userId: number;
  role: Role;
  organisationId: number | null;
  email: string;
  displayName: string;
  locale: string | null;
}

const userColumns = [
  "users.id as userId",
  "users.role",
  "users.organisation_id as organisationId",
  "users.email",
  "users.display_name as displayName",
  "users.locale",
] as const;

/** The active filer and the active head office of the organisation: the domain chooses among them. */
export async function supportReplyCandidates(db: DB, organisationId: number, filedByUserId: number): Promise<NoticeUser[]> {
  return db
    .selectFrom("users")
    .select(userColumns)
    .where("users.deactivated_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("users.id", "=", filedByUserId),
        eb.and([eb("users.organisation_id", "=", organisationId), eb("users.role", "in", ["head_office", "org_admin"])]),
      ]),
    )
    .orderBy("users.id")
    .execute();
}

/** The newest public desk message of the request with this body: the one the desk just wrote. */
export async function latestDeskMessageId(db: DB, requestId: number, body: string): Promise<number | null> {
  const row = await db
    .selectFrom("support_messages")
    .select("id")
    .where("request_id", "=", requestId)
    .where("visibility", "=", "public")
    .where("author_kind", "=", "agent")
    .where("body", "=", body)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function latestEventId(db: DB, requestId: number): Promise<number | null> {
  const row = await db
    .selectFrom("support_events")
    .select("id")
    .where("request_id", "=", requestId)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The active agents among `assignedUserId` and the lead of `tier`. Two queries, not one with OR:
 * SQLite (3.53) fails to plan `(tier = ? and lead = ?) or user_id = ?` beside the partial
 * one-lead-per-tier index ("internal query planner error").
 */
export async function deskCandidates(db: DB, tier: Tier, assignedUserId: number | null): Promise<Array<NoticeUser & { lead: boolean }>> {
  const agents = () =>
    db
      .selectFrom("support_agents")
      .innerJoin("users", "users.id", "support_agents.user_id")
      .select([...userColumns, "support_agents.lead", "support_agents.tier"])
      .where("users.deactivated_at", "is", null)
      .where("users.role", "=", "support");
  const leads = await agents().where("support_agents.tier", "=", tier).where("support_agents.lead", "=", 1).execute();
  const holder = assignedUserId !== null ? await agents().where("support_agents.user_id", "=", assignedUserId).execute() : [];
  const byId = new Map(
    [...holder, ...leads].map(({ tier: agentTier, lead, ...user }) => [
      user.userId,
      { ...user, lead: Number(lead) === 1 && agentTier === tier },
    ]),
  );
  return [...byId.values()].sort((a, b) => a.userId - b.userId);
}

// --- The promise job ----------------------------------------------------------------------------

export interface PromiseCandidate {
  id: number;
  requestNumber: string;
  subject: string;
  category: SupportCategory;
  status: SupportStatus;
  tier: Tier;
  assignedUserId: number | null;
  acknowledgeBy: string;
  acknowledgedAt: string | null;
  resolveBy: string | null;
  solvedAt: string | null;
  acknowledgeWarnedAt: string | null;
  acknowledgeBreachedAt: string | null;
  resolveWarnedAt: string | null;
  resolveBreachedAt: string | null;
}

/**
 * Open requests with a warning or breach that may be due (the domain decides), after `afterId`,
 * by id: the job reads them in bounded batches.
 */
export async function promiseCandidates(
  db: DB,
  bounds: { now: Date; dueSoonUntil: Date },
  afterId: number,
  limit: number,
): Promise<PromiseCandidate[]> {
  const now = bounds.now.toISOString();
  const until = bounds.dueSoonUntil.toISOString();
  return db
    .selectFrom("support_requests")
    .select([
      "id",
      "request_number as requestNumber",
      "subject",
      "category",
      "status",
      "tier",
      "assigned_user_id as assignedUserId",
      "acknowledge_by as acknowledgeBy",
      "acknowledged_at as acknowledgedAt",
      "resolve_by as resolveBy",
      "solved_at as solvedAt",
      "acknowledge_warned_at as acknowledgeWarnedAt",
      "acknowledge_breached_at as acknowledgeBreachedAt",
      "resolve_warned_at as resolveWarnedAt",
      "resolve_breached_at as resolveBreachedAt",
    ])
    .where("id", ">", afterId)
    .where("status", "in", [...OPEN_SUPPORT_STATUSES])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("acknowledged_at", "is", null),
          eb("acknowledge_breached_at", "is", null),
          eb.or([eb("acknowledge_by", "<", now), eb.and([eb("acknowledge_warned_at", "is", null), eb("acknowledge_by", "<=", until)])]),
        ]),
        eb.and([
          eb("category", "=", "complaint"),
          eb("resolve_by", "is not", null),
          eb("solved_at", "is", null),
          eb("resolve_breached_at", "is", null),
          eb.or([eb("resolve_by", "<", now), eb.and([eb("resolve_warned_at", "is", null), eb("resolve_by", "<=", until)])]),
        ]),
      ]),
    )
    .orderBy("id")
    .limit(limit)
    .execute();
}

const MARK_COLUMN = {
  acknowledge: { warning: "acknowledge_warned_at", breached: "acknowledge_breached_at" },
  resolve: { warning: "resolve_warned_at", breached: "resolve_breached_at" },
} as const;

/**
 * Records one mark if nobody has yet and the promise still stands where the job saw it: the
 * update re-checks the whole rule, so of two jobs at once (or a desk action in between) exactly
 * one records it, and none on a request answered meanwhile. True if this call recorded it.
 */
export async function recordPromiseMark(
  db: DB,
  requestId: number,
  promise: PromiseName,
  mark: PromiseMark,
  bounds: { now: Date; dueSoonUntil: Date },
): Promise<boolean> {
  const column = MARK_COLUMN[promise][mark];
  const breached = MARK_COLUMN[promise].breached;
  const by = promise === "acknowledge" ? "acknowledge_by" : "resolve_by";
  const now = bounds.now.toISOString();
  let query = db
    .updateTable("support_requests")
    .set({ [column]: now })
    .where("id", "=", requestId)
    .where(column, "is", null)
    .where(breached, "is", null)
    .where("status", "in", [...OPEN_SUPPORT_STATUSES]);
  query =
    promise === "acknowledge"
      ? query.where("acknowledged_at", "is", null)
      : query.where("category", "=", "complaint").where("solved_at", "is", null).where("resolve_by", "is not", null);
  query = mark === "breached" ? query.where(by, "<", now) : query.where(by, ">=", now).where(by, "<=", bounds.dueSoonUntil.toISOString());
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
