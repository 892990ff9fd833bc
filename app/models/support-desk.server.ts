import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import type { Locale } from "../../db/schema";
import { isRequestNumber, OPEN_SUPPORT_STATUSES, type Tier } from "~/domain/support-request";
import type { DeskQueue } from "~/domain/support-rules";
import { requestQuery, type SupportRequestRow } from "./support.server";

// Support requests seen from the desk (SPEC 9, issue 14 item 3). The desk sees every request (it
// answers all merchants); what an agent may change is decided by the state machine per tier.
// Internal notes are read here and nowhere on the merchant side.

export interface DeskAgent {
  userId: number;
  tier: Tier;
  displayName: string;
}

/** The acting support user's desk seat; null for a user without one or deactivated. */
export async function findAgent(db: DB, userId: number): Promise<DeskAgent | null> {
  const row = await db
    .selectFrom("support_agents")
    .innerJoin("users", "users.id", "support_agents.user_id")
    .select(["users.id as userId", "support_agents.tier", "users.display_name as displayName"])
    .where("users.id", "=", userId)
    .where("users.role", "=", "support")
    .where("users.deactivated_at", "is", null)
    .executeTakeFirst();
  return row ? { userId: row.userId, tier: row.tier, displayName: row.displayName } : null;
}

/** Every active agent with the open requests each holds now: the hand-over choices. */
export async function agentsWithLoad(db: DB): Promise<(DeskAgent & { openCount: number })[]> {
  const rows = await db
    .selectFrom("support_agents")
    .innerJoin("users", "users.id", "support_agents.user_id")
    .leftJoin("support_requests", (join) =>
      join
        .onRef("support_requests.assigned_user_id", "=", "support_agents.user_id")
        .on("support_requests.status", "in", OPEN_SUPPORT_STATUSES),
    )
    .select([
      "users.id as userId",
      "support_agents.tier",
      "users.display_name as displayName",
      (eb) => eb.fn.count("support_requests.id").as("openCount"),
    ])
    .where("users.role", "=", "support")
    .where("users.deactivated_at", "is", null)
    .groupBy(["users.id", "support_agents.tier", "users.display_name"])
    .orderBy("support_agents.tier")
    .orderBy("users.display_name")
    .execute();
  return rows.map((r) => ({ userId: r.userId, tier: r.tier, displayName: r.displayName, openCount: Number(r.openCount) }));
}

export async function findRequestForDesk(db: DB, requestNumber: string): Promise<SupportRequestRow | null> {
  if (!isRequestNumber(requestNumber)) return null;
  const row = await requestQuery(db).where("support_requests.request_number", "=", requestNumber).executeTakeFirst();
  return (row as SupportRequestRow | undefined) ?? null;
}

// --- Queues -------------------------------------------------------------------------------------

/** The promise a request owes next: the acknowledgment until given, then a complaint's resolution. */
const NEXT_PROMISE = sql<string>`(case when support_requests.acknowledged_at is null then support_requests.acknowledge_by else support_requests.resolve_by end)`;

export type QueueCursor = { sortAt: string; id: number };

export type DeskQueueRow = SupportRequestRow & { organisationName: string; holderName: string | null; sortAt: string };

function queueFilter(queue: DeskQueue, agent: DeskAgent, now: Date, dueSoonUntil: Date): RawBuilder<SqlBool> {
  const nowIso = now.toISOString();
  switch (queue) {
    case "mine":
      return sql<SqlBool>`support_requests.assigned_user_id = ${agent.userId}`;
    case "tier":
      return sql<SqlBool>`support_requests.tier = ${agent.tier}`;
    case "unassigned":
      return sql<SqlBool>`support_requests.assigned_user_id is null and support_requests.tier <= ${agent.tier}`;
    case "due_soon":
      return sql<SqlBool>`support_requests.tier <= ${agent.tier} and ${NEXT_PROMISE} > ${nowIso} and ${NEXT_PROMISE} <= ${dueSoonUntil.toISOString()}`;
    case "breached":
      return sql<SqlBool>`support_requests.tier <= ${agent.tier} and ${NEXT_PROMISE} <= ${nowIso}`;
    // A merchant who chose the phone is called back: the desk's task until its first answer.
    case "callbacks":
      return sql<SqlBool>`support_requests.tier <= ${agent.tier} and support_requests.reply_channel = 'phone' and support_requests.first_response_at is null`;
  }
}

/** Open requests of one queue, oldest first (promise queues: soonest promise first), keyset-paged. */
export async function listDeskQueue(
  db: DB,
  options: { queue: DeskQueue; agent: DeskAgent; now: Date; dueSoonUntil: Date; after: QueueCursor | null; limit: number },
): Promise<DeskQueueRow[]> {
  const byPromise = options.queue === "due_soon" || options.queue === "breached";
  const sortKey = byPromise ? NEXT_PROMISE : sql<string>`support_requests.received_at`;
  let query = requestQuery(db)
    .innerJoin("organisations", "organisations.id", "support_requests.organisation_id")
    .leftJoin("users as holder", "holder.id", "support_requests.assigned_user_id")
    .select(["organisations.name as organisationName", "holder.display_name as holderName", sortKey.as("sortAt")])
    .where("support_requests.status", "in", OPEN_SUPPORT_STATUSES)
    .where(queueFilter(options.queue, options.agent, options.now, options.dueSoonUntil));
  const after = options.after;
  if (after) {
    query = query.where(
      sql<SqlBool>`(${sortKey} > ${after.sortAt} or (${sortKey} = ${after.sortAt} and support_requests.id > ${after.id}))`,
    );
  }
  const rows = await query.orderBy(sortKey).orderBy("support_requests.id").limit(options.limit).execute();
  return rows;
}

/** How many open requests each queue holds for this agent (the tabs' counts). */
export async function queueCounts(
  db: DB,
  agent: DeskAgent,
  queues: readonly DeskQueue[],
  now: Date,
  dueSoonUntil: Date,
): Promise<Record<DeskQueue, number>> {
  const counts = {} as Record<DeskQueue, number>;
  for (const queue of queues) {
    const row = await db
      .selectFrom("support_requests")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("support_requests.status", "in", OPEN_SUPPORT_STATUSES)
      .where(queueFilter(queue, agent, now, dueSoonUntil))
      .executeTakeFirstOrThrow();
    counts[queue] = Number(row.n);
  }
  return counts;
}

// --- The request's conversation and timeline -----------------------------------------------------

export interface DeskTimelineEntry {
  id: number;
  at: string;
  eventType: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorName: string | null;
  details: string;
}

export async function supportTimelineOf(db: DB, requestId: number): Promise<DeskTimelineEntry[]> {
  return db
    .selectFrom("support_events")
    .leftJoin("users", "users.id", "support_events.actor_user_id")
    .select([
      "support_events.id",
      "support_events.at",
      "support_events.event_type as eventType",
      "support_events.from_status as fromStatus",
      "support_events.to_status as toStatus",
      "users.display_name as actorName",
      "support_events.details",
    ])
    .where("support_events.request_id", "=", requestId)
    .orderBy("support_events.at")
    .orderBy("support_events.id")
    .execute();
}

export async function organisationNameOf(db: DB, organisationId: number): Promise<string | null> {
  const row = await db.selectFrom("organisations").select("name").where("id", "=", organisationId).executeTakeFirst();
  return row?.name ?? null;
}

// --- Reply templates ----------------------------------------------------------------------------

export interface ReplyTemplate {
  id: number;
  locale: Locale;
  name: string;
  body: string;
  updatedAt: string;
  updatedByName: string;
  version: number;
}

function templateQuery(db: DB) {
  return db
    .selectFrom("support_reply_templates")
    .innerJoin("users", "users.id", "support_reply_templates.updated_by_user_id")
    .select([
      "support_reply_templates.id",
      "support_reply_templates.locale",
      "support_reply_templates.name",
      "support_reply_templates.body",
      "support_reply_templates.updated_at as updatedAt",
      "users.display_name as updatedByName",
      "support_reply_templates.version",
    ]);
}

export async function listReplyTemplates(db: DB, locale: Locale | null = null): Promise<ReplyTemplate[]> {
  const query = locale ? templateQuery(db).where("support_reply_templates.locale", "=", locale) : templateQuery(db);
  return query.orderBy("support_reply_templates.locale").orderBy("support_reply_templates.name").execute();
}

export async function findReplyTemplate(db: DB, id: number): Promise<ReplyTemplate | null> {
  return (await templateQuery(db).where("support_reply_templates.id", "=", id).executeTakeFirst()) ?? null;
}

export async function insertReplyTemplate(
  db: DB,
  t: { locale: Locale; name: string; body: string; userId: number },
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto("support_reply_templates")
    .values({ locale: t.locale, name: t.name, body: t.body, updated_by_user_id: t.userId, updated_at: now.toISOString() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The edit, only over the version the agent saw: two agents editing one template don't overwrite each other unseen. */
export async function updateReplyTemplateIfVersion(
  db: DB,
  t: { id: number; version: number; locale: Locale; name: string; body: string; userId: number },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("support_reply_templates")
    .set({
      locale: t.locale,
      name: t.name,
      body: t.body,
      updated_by_user_id: t.userId,
      updated_at: now.toISOString(),
      version: t.version + 1,
    })
    .where("id", "=", t.id)
    .where("version", "=", t.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteReplyTemplateIfVersion(db: DB, id: number, version: number): Promise<boolean> {
  const result = await db.deleteFrom("support_reply_templates").where("id", "=", id).where("version", "=", version).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
