import { sql, type SqlBool } from "kysely";
import type { DB } from "../../db/connection";
import type { AuditTrailAction, AuditTrailRecord } from "~/domain/audit";
import type { Actor } from "~/domain/permissions";
import { decodeCursor as decodeParts, encodeCursor as encodeParts, isIsoInstant, positiveId } from "./cursor.server";

/**
 * An entry of the trail. Its organisation is derived when not given: the organisation an
 * organisation, account or user entity belongs to, else the acting user's (none for the platform).
 */
export type AuditEntry = AuditTrailRecord & { organisationId?: number | null };

async function organisationOf(db: DB, entry: AuditEntry): Promise<number | null> {
  if (entry.organisationId !== undefined) return entry.organisationId;
  const id = Number(entry.entityId);
  const byEntity = Number.isSafeInteger(id)
    ? entry.entityType === "organisation"
      ? id
      : entry.entityType === "account"
        ? (await db.selectFrom("accounts").select("organisation_id").where("id", "=", id).executeTakeFirst())?.organisation_id
        : entry.entityType === "user"
          ? (await db.selectFrom("users").select("organisation_id").where("id", "=", id).executeTakeFirst())?.organisation_id
          : undefined
    : undefined;
  if (byEntity !== undefined && byEntity !== null) return byEntity;
  if (entry.actorUserId === null) return null;
  const actor = await db.selectFrom("users").select("organisation_id").where("id", "=", entry.actorUserId).executeTakeFirst();
  return actor?.organisation_id ?? null;
}

/** Appends to the audit trail; the table's triggers refuse any later change. */
export async function recordAudit(db: DB, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: now.toISOString(),
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      details: JSON.stringify(entry.details ?? {}),
      organisation_id: await organisationOf(db, entry),
    })
    .execute();
}

// ---------------------------------------------------------------------------
// The organisation's trail (/settings/audit): newest first, keyset-paged on (at, id), index
// audit_log_by_organisation_at.

export interface AuditFilters {
  /** Entries this user did, or that were about them (a failed sign-in has no actor). */
  userId?: number;
  action?: AuditTrailAction;
  /** Instants, from inclusive, until exclusive. */
  from?: string;
  until?: string;
}

export interface AuditCursor {
  at: string;
  id: number;
}

export interface AuditTrailRow {
  id: number;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  details: string;
  actorUsername: string | null;
  actorName: string | null;
  /** The user the entry is about, when its entity is a user. */
  subjectUsername: string | null;
  /** The account's name, when its entity is an account. */
  accountName: string | null;
}

export function encodeAuditCursor(c: AuditCursor): string {
  return encodeParts([c.at, c.id]);
}

export function decodeAuditCursor(text: string | null): AuditCursor | null {
  const [at, idText] = decodeParts(text, 2) ?? [];
  const id = positiveId(idText);
  if (!isIsoInstant(at) || id === null) return null;
  return { at, id };
}

export const AUDIT_PAGE_SIZE = 50;

/** Only an org_admin reads a trail, and only its own organisation's. */
function auditVisibleTo(actor: Actor) {
  return actor.role === "org_admin" && actor.organisationId !== null
    ? sql<SqlBool>`audit_log.organisation_id = ${actor.organisationId}`
    : sql<SqlBool>`1 = 0`;
}

/**
 * The entity's id as a number when the entity is of this type, else null: a join on it uses the
 * primary key. The CASE keeps PostgreSQL from casting ids of other types ('deadlines') at all.
 */
function entityIdOf(type: "user" | "account") {
  return sql`case when audit_log.entity_type = ${type} then cast(audit_log.entity_id as integer) end`;
}

export async function listAuditTrail(
  db: DB,
  actor: Actor,
  f: AuditFilters,
  cursor: AuditCursor | null,
  pageSize: number = AUDIT_PAGE_SIZE,
): Promise<{ rows: AuditTrailRow[]; next: AuditCursor | null }> {
  let q = db
    .selectFrom("audit_log")
    .leftJoin("users as actor", "actor.id", "audit_log.actor_user_id")
    .leftJoin("users as subject", (join) => join.on(sql<SqlBool>`subject.id = ${entityIdOf("user")}`))
    .leftJoin("accounts as account", (join) => join.on(sql<SqlBool>`account.id = ${entityIdOf("account")}`))
    .where(auditVisibleTo(actor))
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.action",
      "audit_log.entity_type as entityType",
      "audit_log.entity_id as entityId",
      "audit_log.details",
      "actor.username as actorUsername",
      "actor.display_name as actorName",
      "subject.username as subjectUsername",
      "account.name as accountName",
    ]);
  if (f.userId !== undefined) {
    const userId = f.userId;
    q = q.where((eb) =>
      eb.or([
        eb("audit_log.actor_user_id", "=", userId),
        eb.and([eb("audit_log.entity_type", "=", "user"), eb("audit_log.entity_id", "=", String(userId))]),
      ]),
    );
  }
  if (f.action) q = q.where("audit_log.action", "=", f.action);
  if (f.from) q = q.where("audit_log.at", ">=", f.from);
  if (f.until) q = q.where("audit_log.at", "<", f.until);
  if (cursor) q = q.where((eb) => eb(eb.refTuple("audit_log.at", "audit_log.id"), "<", eb.tuple(cursor.at, cursor.id)));
  const rows = await q
    .orderBy("audit_log.at", "desc")
    .orderBy("audit_log.id", "desc")
    .limit(pageSize + 1)
    .execute();
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > pageSize && last ? { at: last.at, id: last.id } : null };
}

/** A user of the actor's own organisation by username (the trail's user filter), or undefined. */
export async function findOrganisationUser(db: DB, actor: Actor, username: string): Promise<{ id: number; username: string } | undefined> {
  if (actor.organisationId === null) return undefined;
  return db
    .selectFrom("users")
    .select(["id", "username"])
    .where("organisation_id", "=", actor.organisationId)
    .where(sql<SqlBool>`lower(username) = ${username.toLowerCase()}`)
    .executeTakeFirst();
}
