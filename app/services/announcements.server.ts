import type { DB } from "../../db/connection";
import {
  byImportance,
  endedWindow,
  isCurrent,
  isOver,
  isUpcoming,
  noticeBoardUntil,
  onNoticeBoard,
  windowProblem,
  type AnnouncementView,
} from "~/domain/announcements";
import { canOperatePlatform, type Actor } from "~/domain/permissions";
import { serviceStatusAt, type ServiceStatusView } from "~/domain/service-hours";
import {
  endAnnouncementRow,
  findAnnouncement,
  getServiceHours,
  insertAnnouncement,
  listNotEnded,
  listRecentAnnouncements,
  type AnnouncementRecord,
  type NewAnnouncement,
} from "~/models/announcement.server";
import { recordAudit } from "~/models/audit.server";
import { forbidden, refused, type ServiceResult } from "./result";

// Announcements (SPEC 9): admins post and end them (/admin/announcements); everyone reads them on
// the notice board and the public /status page. Anyone but an admin gets a 403 refusal here,
// whatever the route checked.

const notOperator = () => forbidden("error.forbidden");

function viewOf(a: AnnouncementRecord, now: Date): AnnouncementView {
  return {
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    texts: a.texts,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt?.toISOString() ?? null,
    state: isOver(a, now) ? "ended" : isUpcoming(a, now) ? "upcoming" : "current",
  };
}

function inTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export async function loadAnnouncementsAdmin(
  db: DB,
  actor: Actor,
  now: Date,
): Promise<ServiceResult<{ announcements: AnnouncementView[] }>> {
  if (!canOperatePlatform(actor)) return notOperator();
  return { ok: true, announcements: (await listRecentAnnouncements(db)).map((a) => viewOf(a, now)) };
}

/** What the admin posts; no start means now. */
export type PostAnnouncementInput = Omit<NewAnnouncement, "startsAt"> & { startsAt: Date | null };

/** Posts one; the window is checked against `now` (the form has checked the texts). */
export async function postAnnouncement(
  db: DB,
  actor: Actor,
  posted: PostAnnouncementInput,
  now: Date,
): Promise<ServiceResult<{ id: number }>> {
  if (!canOperatePlatform(actor)) return notOperator();
  const input: NewAnnouncement = { ...posted, startsAt: posted.startsAt ?? new Date(now.getTime()) };
  const problem = windowProblem(input, now);
  if (problem === "ends_before_start") return refused(400, [{ field: "endsAt", key: "announcements.error.endsBeforeStart" }]);
  if (problem === "already_over") return refused(400, [{ field: "endsAt", key: "announcements.error.alreadyOver" }]);
  return inTransaction(db, async (trx) => {
    const id = await insertAnnouncement(trx, input, actor.userId, now);
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "announcement_posted",
        entityType: "announcement",
        entityId: id,
        details: {
          kind: input.kind,
          severity: input.severity,
          title: input.texts.en.title,
          startsAt: input.startsAt.toISOString(),
          endsAt: input.endsAt?.toISOString() ?? null,
        },
        organisationId: null,
      },
      now,
    );
    return { ok: true, id } as const;
  });
}

/** "End now": a current one stops showing, an upcoming one is called off. */
export async function endAnnouncement(db: DB, actor: Actor, id: number, now: Date): Promise<ServiceResult<{ ended: true }>> {
  if (!canOperatePlatform(actor)) return notOperator();
  return inTransaction(db, async (trx) => {
    const found = await findAnnouncement(trx, id);
    if (!found) return refused(404, [{ field: "form", key: "error.notFound" }]);
    const window = endedWindow(found, now);
    if (window === null || !(await endAnnouncementRow(trx, id, window, now))) {
      return refused(409, [{ field: "form", key: "announcements.error.alreadyEnded" }]);
    }
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "announcement_ended",
        entityType: "announcement",
        entityId: id,
        details: { title: found.texts.en.title, endsAt: now.toISOString() },
        organisationId: null,
      },
      now,
    );
    return { ok: true, ended: true } as const;
  });
}

/** Current at `now`, most important first. For everyone, signed in or not. */
export async function currentAnnouncements(db: DB, now: Date): Promise<AnnouncementView[]> {
  const rows = await listNotEnded(db, now, now);
  return rows.map((a) => viewOf(a, now)).sort(byImportance);
}

/** The portal header's notice board: current ones and maintenance coming within a week; one query. */
export async function noticeBoard(db: DB, now: Date): Promise<AnnouncementView[]> {
  const rows = await listNotEnded(db, now, noticeBoardUntil(now));
  return rows
    .filter((a) => onNoticeBoard(a, now))
    .map((a) => viewOf(a, now))
    .sort(byImportance);
}

export async function loadServiceStatus(db: DB, now: Date): Promise<ServiceStatusView> {
  const hours = await getServiceHours(db);
  const status = serviceStatusAt(hours, now);
  return { hours, openNow: status.openNow, nextOpeningAt: status.nextOpeningAt.toISOString() };
}

/** The public /status page: what is going on, what is planned, and whether phone and chat are open. */
export async function loadStatusPage(
  db: DB,
  now: Date,
): Promise<{ current: AnnouncementView[]; upcoming: AnnouncementView[]; service: ServiceStatusView }> {
  const [open, service] = await Promise.all([listNotEnded(db, now, null), loadServiceStatus(db, now)]);
  return {
    current: open
      .filter((a) => isCurrent(a, now))
      .map((a) => viewOf(a, now))
      .sort(byImportance),
    upcoming: open.filter((a) => isUpcoming(a, now)).map((a) => viewOf(a, now)),
    service,
  };
}
