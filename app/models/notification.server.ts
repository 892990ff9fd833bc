import { sql } from "kysely";
import type { DB } from "../../db/connection";
import type { NotificationCategoryColumn } from "../../db/schema";
import type { CaseType } from "~/domain/case-state";
import {
  isNotificationCategory,
  NOTIFICATION_CATEGORIES,
  type Channels,
  type NotificationCategory,
  type Preferences,
} from "~/domain/notifications";
import type { Actor } from "~/domain/permissions";

// --- Preferences -----------------------------------------------------------------------------

export async function loadPreferences(db: DB, userIds: readonly number[]): Promise<Map<number, Preferences>> {
  const result = new Map<number, Preferences>();
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom("notification_preferences")
    .select(["user_id", "category", "in_app", "email", "email_delivery"])
    .where("user_id", "in", [...userIds])
    .execute();
  for (const row of rows) {
    if (!isNotificationCategory(row.category)) continue;
    const prefs = result.get(row.user_id) ?? {};
    prefs[row.category] = { inApp: row.in_app === 1, email: row.email === 1, daily: row.email_delivery === "daily" };
    result.set(row.user_id, prefs);
  }
  return result;
}

export async function savePreferences(
  db: DB,
  userId: number,
  preferences: Record<NotificationCategory, Channels>,
  now: Date,
): Promise<void> {
  for (const category of NOTIFICATION_CATEGORIES) {
    const channels = preferences[category];
    const values = {
      in_app: channels.inApp ? 1 : 0,
      email: channels.email ? 1 : 0,
      email_delivery: channels.daily ? "daily" : "instant",
      updated_at: now.toISOString(),
    } as const;
    await db
      .insertInto("notification_preferences")
      .values({ user_id: userId, category, ...values })
      .onConflict((oc) => oc.columns(["user_id", "category"]).doUpdateSet(values))
      .execute();
  }
}

// --- Who may hear of a case ------------------------------------------------------------------

/**
 * Active merchant users of the organisation and the analysts: the domain narrows them to those who
 * can see the case. A deactivated user hears nothing (their org_admin or the operator ended their access).
 */
export async function loadCandidateRecipients(
  db: DB,
  organisationId: number,
): Promise<Array<Actor & { email: string; displayName: string; locale: string | null }>> {
  const users = await db
    .selectFrom("users")
    .select(["id", "role", "organisation_id", "email", "display_name", "locale"])
    .where((eb) =>
      eb.or([
        eb.and([eb("organisation_id", "=", organisationId), eb("role", "in", ["location", "head_office", "org_admin"])]),
        eb("role", "=", "analyst"),
      ]),
    )
    .where("deactivated_at", "is", null)
    .orderBy("id")
    .execute();
  const locationIds = users.filter((u) => u.role === "location").map((u) => u.id);
  const assignments = locationIds.length
    ? await db.selectFrom("user_accounts").select(["user_id", "account_id"]).where("user_id", "in", locationIds).execute()
    : [];
  return users.map((u) => ({
    userId: u.id,
    role: u.role,
    organisationId: u.organisation_id,
    assignedAccountIds: assignments.filter((a) => a.user_id === u.id).map((a) => a.account_id),
    email: u.email,
    displayName: u.display_name,
    locale: u.locale,
  }));
}

export interface CaseForNotice {
  id: number;
  caseNumber: string;
  type: CaseType;
  status: string;
  outcome: string | null;
  amountMinor: number;
  currency: string;
  respondBy: string | null;
  accountId: number;
  accountName: string;
  timeZone: string;
  organisationId: number;
}

// Written against the disputes area's tables by their column names (the migration's contract).
export async function loadCaseForNotice(db: DB, caseId: number): Promise<CaseForNotice | undefined> {
  const { rows } = await sql<{
    id: number;
    case_number: string;
    type: CaseType;
    status: string;
    outcome: string | null;
    disputed_amount_minor: number;
    currency: string;
    respond_by: string | null;
    account_id: number;
    account_name: string;
    time_zone: string;
    organisation_id: number;
  }>`select c.id, c.case_number, c.type, c.status, c.outcome, c.disputed_amount_minor, c.currency, c.respond_by,
       a.id as account_id, a.name as account_name, a.time_zone, a.organisation_id
     from cases c join accounts a on a.id = c.account_id
     where c.id = ${caseId}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    caseNumber: row.case_number,
    type: row.type,
    status: row.status,
    outcome: row.outcome,
    amountMinor: row.disputed_amount_minor,
    currency: row.currency,
    respondBy: row.respond_by,
    accountId: row.account_id,
    accountName: row.account_name,
    timeZone: row.time_zone,
    organisationId: row.organisation_id,
  };
}

export interface CaseEventForNotice {
  id: number;
  eventType: string;
  fromStatus: string | null;
  toStatus: string | null;
  outcome: string | null;
  note: string | null;
}

function noteFrom(details: string | null): string | null {
  if (!details) return null;
  try {
    const parsed = JSON.parse(details) as Record<string, unknown>;
    if (!parsed || typeof parsed !== "object") return null;
    for (const key of ["note", "message", "comment"]) {
      const value = parsed[key];
      if (typeof value === "string" && value.trim()) return value;
    }
  } catch {
    // Details that are not JSON carry no note we could show.
  }
  return null;
}

/** The timeline event, only if it belongs to this case. */
export async function loadCaseEventForNotice(db: DB, caseId: number, caseEventId: number): Promise<CaseEventForNotice | undefined> {
  const { rows } = await sql<{
    id: number;
    event_type: string;
    from_status: string | null;
    to_status: string | null;
    outcome: string | null;
    details: string | null;
  }>`
    select id, event_type, from_status, to_status, outcome, details from case_events where id = ${caseEventId} and case_id = ${caseId}`.execute(
    db,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    eventType: row.event_type,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    outcome: row.outcome,
    note: noteFrom(row.details),
  };
}

/** The newest "flagged urgent" event of a case, so one flag makes one notification. */
export async function latestUrgentFlagEventId(db: DB, caseId: number): Promise<number | null> {
  const { rows } = await sql<{ id: number }>`
    select id from case_events where case_id = ${caseId} and event_type = 'flag_urgent' order by id desc limit 1`.execute(db);
  return rows[0]?.id ?? null;
}

// --- The notification centre -----------------------------------------------------------------

export interface NewNotification {
  userId: number;
  category: NotificationCategoryColumn;
  dedupeKey: string;
  caseId: number | null;
  caseEventId: number | null;
  message: string;
  params: unknown;
  link: string | null;
}

/** Inserts once per user and dedupe key; a repeated notice is silently dropped. True if it was new. */
export async function insertNotification(db: DB, n: NewNotification, now: Date): Promise<boolean> {
  const result = await db
    .insertInto("notifications")
    .values({
      user_id: n.userId,
      category: n.category,
      dedupe_key: n.dedupeKey,
      case_id: n.caseId,
      case_event_id: n.caseEventId,
      message: n.message,
      params: JSON.stringify(n.params),
      link: n.link,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(["user_id", "dedupe_key"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function notificationExists(db: DB, userId: number, dedupeKey: string): Promise<boolean> {
  const row = await db
    .selectFrom("notifications")
    .select("id")
    .where("user_id", "=", userId)
    .where("dedupe_key", "=", dedupeKey)
    .executeTakeFirst();
  return row !== undefined;
}

export interface NotificationRow {
  id: number;
  category: NotificationCategory;
  message: string;
  params: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** One page, newest first, after the cursor (an id): keyset pagination on (user_id, id). */
export async function listNotifications(
  db: DB,
  userId: number,
  options: { category: NotificationCategory | null; before: number | null; limit: number },
): Promise<{ rows: NotificationRow[]; nextCursor: number | null }> {
  let query = db
    .selectFrom("notifications")
    .select(["id", "category", "message", "params", "link", "created_at as createdAt", "read_at as readAt"])
    .where("user_id", "=", userId);
  if (options.category) query = query.where("category", "=", options.category);
  if (options.before !== null) query = query.where("id", "<", options.before);
  const rows = await query
    .orderBy("id", "desc")
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit) as NotificationRow[];
  return { rows: page, nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}

/** The header's badge: one count over the (user_id, read_at) index. */
export async function countUnread(db: DB, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one of the user's own notifications read; someone else's id changes nothing. */
export async function markRead(db: DB, userId: number, id: number, now: Date): Promise<boolean> {
  const exists = await db.selectFrom("notifications").select("id").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (!exists) return false;
  await db
    .updateTable("notifications")
    .set({ read_at: now.toISOString() })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .execute();
  return true;
}

export async function markAllRead(db: DB, userId: number, now: Date, category: NotificationCategory | null = null): Promise<number> {
  let query = db
    .updateTable("notifications")
    .set({ read_at: now.toISOString() })
    .where("user_id", "=", userId)
    .where("read_at", "is", null);
  if (category) query = query.where("category", "=", category);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// --- The daily digest ------------------------------------------------------------------------

/** Keeps a notice for the user's next digest email; once per user and notice. */
export async function insertDigestItem(db: DB, n: Omit<NewNotification, "caseId" | "caseEventId">, now: Date): Promise<void> {
  await db
    .insertInto("notification_digest_items")
    .values({
      user_id: n.userId,
      category: n.category,
      dedupe_key: n.dedupeKey,
      message: n.message,
      params: JSON.stringify(n.params),
      link: n.link,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(["user_id", "dedupe_key"]).doNothing())
    .execute();
}

export async function usersWithWaitingDigestItems(db: DB): Promise<number[]> {
  const rows = await db.selectFrom("notification_digest_items").select("user_id").distinct().where("digested_at", "is", null).execute();
  return rows.map((r) => r.user_id);
}

export async function waitingDigestItems(db: DB, userId: number, createdBefore: Date) {
  return db
    .selectFrom("notification_digest_items")
    .select(["id", "message", "params", "link"])
    .where("user_id", "=", userId)
    .where("digested_at", "is", null)
    .where("created_at", "<", createdBefore.toISOString())
    .orderBy("id")
    .execute();
}

export async function markDigested(db: DB, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("notification_digest_items")
    .set({ digested_at: now.toISOString() })
    .where("id", "in", [...ids])
    .where("digested_at", "is", null)
    .execute();
}

/** The user's digest recipient data and the time zones of the accounts they see, first account first. */
export async function digestRecipient(db: DB, userId: number) {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "display_name", "locale", "role", "organisation_id"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return undefined;
  let zones: string[] = [];
  if (user.role === "location") {
    const rows = await db
      .selectFrom("user_accounts")
      .innerJoin("accounts", "accounts.id", "user_accounts.account_id")
      .select("accounts.time_zone")
      .where("user_accounts.user_id", "=", userId)
      .orderBy("accounts.id")
      .execute();
    zones = rows.map((r) => r.time_zone);
  } else if (user.organisation_id !== null) {
    const rows = await db
      .selectFrom("accounts")
      .select("time_zone")
      .where("organisation_id", "=", user.organisation_id)
      .orderBy("id")
      .execute();
    zones = rows.map((r) => r.time_zone);
  }
  return { id: user.id, email: user.email, displayName: user.display_name, locale: user.locale, zones };
}
