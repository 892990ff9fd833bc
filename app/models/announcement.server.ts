import type { Selectable } from "kysely";
import type { DB } from "../../db/connection";
import type { AnnouncementTable } from "../../db/schema";
import type { AnnouncementKind, AnnouncementSeverity, AnnouncementTexts, AnnouncementWindow } from "~/domain/announcements";
import { SERVICE_HOURS_SETTING, serviceHoursFrom, type ServiceHours } from "~/domain/service-hours";

// The `announcements` table (migration 2026-12-04-1180) and the service-hours setting.

export interface AnnouncementRecord extends AnnouncementWindow {
  id: number;
  kind: AnnouncementKind;
  severity: AnnouncementSeverity;
  texts: AnnouncementTexts;
  createdAt: Date;
  createdByUserId: number;
}

export interface NewAnnouncement extends AnnouncementWindow {
  kind: AnnouncementKind;
  severity: AnnouncementSeverity;
  texts: AnnouncementTexts;
}

type Row = Selectable<AnnouncementTable>;

function recordOf(row: Row): AnnouncementRecord {
  const texts: AnnouncementTexts = { en: { title: row.title_en, body: row.body_en } };
  if (row.title_de !== null && row.body_de !== null) texts.de = { title: row.title_de, body: row.body_de };
  if (row.title_nl !== null && row.body_nl !== null) texts.nl = { title: row.title_nl, body: row.body_nl };
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    texts,
    startsAt: new Date(row.starts_at),
    endsAt: row.ends_at === null ? null : new Date(row.ends_at),
    createdAt: new Date(row.created_at),
    createdByUserId: row.created_by_user_id,
  };
}

export async function insertAnnouncement(db: DB, input: NewAnnouncement, createdByUserId: number, now: Date): Promise<number> {
  const row = await db
    .insertInto("announcements")
    .values({
      kind: input.kind,
      severity: input.severity,
      title_en: input.texts.en.title,
      body_en: input.texts.en.body,
      title_de: input.texts.de?.title ?? null,
      body_de: input.texts.de?.body ?? null,
      title_nl: input.texts.nl?.title ?? null,
      body_nl: input.texts.nl?.body ?? null,
      starts_at: input.startsAt.toISOString(),
      ends_at: input.endsAt?.toISOString() ?? null,
      created_by_user_id: createdByUserId,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAnnouncement(db: DB, id: number): Promise<AnnouncementRecord | null> {
  const row = await db.selectFrom("announcements").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? recordOf(row) : null;
}

/**
 * Sets the window an "end now" chose; only while the row still has not ended at `now`, so two
 * admins ending it at once write it once. True when this call ended it.
 */
export async function endAnnouncementRow(db: DB, id: number, window: AnnouncementWindow, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("announcements")
    .set({ starts_at: window.startsAt.toISOString(), ends_at: window.endsAt?.toISOString() ?? null })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("ends_at", "is", null), eb("ends_at", ">", now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

/**
 * What has not ended at `now` and starts by `startsBy`: current ones, and those announced ahead
 * (the caller's domain rules pick). One query on announcements_by_end; at most `limit`.
 */
export async function listNotEnded(db: DB, now: Date, startsBy: Date | null, limit = 50): Promise<AnnouncementRecord[]> {
  let query = db
    .selectFrom("announcements")
    .selectAll()
    .where((eb) => eb.or([eb("ends_at", "is", null), eb("ends_at", ">", now.toISOString())]));
  if (startsBy !== null) query = query.where("starts_at", "<=", startsBy.toISOString());
  const rows = await query.orderBy("starts_at").orderBy("id").limit(limit).execute();
  return rows.map(recordOf);
}

/** Current at `now`: started and not ended. */
export async function listCurrentAnnouncements(db: DB, now: Date, limit = 20): Promise<AnnouncementRecord[]> {
  return listNotEnded(db, now, now, limit);
}

/** For the admin page: the newest by start first, past ones included. */
export async function listRecentAnnouncements(db: DB, limit = 50): Promise<AnnouncementRecord[]> {
  const rows = await db.selectFrom("announcements").selectAll().orderBy("starts_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(recordOf);
}

/** The phone and chat hours: the setting, or the default when it is missing or unreadable. */
export async function getServiceHours(db: DB): Promise<ServiceHours> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", SERVICE_HOURS_SETTING.key).executeTakeFirst();
  return serviceHoursFrom(row?.value);
}
