import type { DB } from "../../db/connection";
import {
  effectivePreferences,
  isNotificationCategory,
  MESSAGE_KINDS as KNOWN_MESSAGE_KINDS,
  type CaseFacts,
  type Channels,
  type MessageKind,
  type NotificationCategory,
} from "~/domain/notifications";
import { countUnread, listNotifications, loadPreferences, markAllRead, markRead, savePreferences } from "~/models/notification.server";
import { recordAudit } from "~/models/audit.server";
import { refused, type ServiceResult } from "./result";

// The notification centre and the notification settings of the signed-in user. Everything here
// is the user's own: every query is limited to their user id.

export const CENTRE_PAGE_SIZE = 25;

export interface CentreItem {
  id: number;
  category: NotificationCategory;
  message: MessageKind;
  facts: CaseFacts;
  link: string | null;
  createdAt: string;
  read: boolean;
}

const MESSAGE_KINDS = new Set<string>(KNOWN_MESSAGE_KINDS);

export async function loadNotificationCentre(
  db: DB,
  userId: number,
  query: { category: NotificationCategory | null; before: number | null },
): Promise<{ items: CentreItem[]; nextCursor: number | null; unread: number }> {
  const [page, unread] = await Promise.all([listNotifications(db, userId, { ...query, limit: CENTRE_PAGE_SIZE }), countUnread(db, userId)]);
  const items: CentreItem[] = [];
  for (const row of page.rows) {
    // Only what the page knows how to show; a row of an unknown kind is left out, not crashed on.
    if (!MESSAGE_KINDS.has(row.message) || !isNotificationCategory(row.category)) continue;
    items.push({
      id: row.id,
      category: row.category,
      message: row.message as MessageKind,
      facts: JSON.parse(row.params) as CaseFacts,
      link: row.link,
      createdAt: row.createdAt,
      read: row.readAt !== null,
    });
  }
  return { items, nextCursor: page.nextCursor, unread };
}

/** A 404 refusal when there is no such notification of this user. */
export async function markNotificationRead(db: DB, userId: number, id: number, now: Date): Promise<ServiceResult> {
  if (await markRead(db, userId, id, now)) return { ok: true };
  return refused(404, [{ field: "form", key: "error.notFound" }]);
}

export function markAllNotificationsRead(db: DB, userId: number, now: Date, category: NotificationCategory | null): Promise<number> {
  return markAllRead(db, userId, now, category);
}

export async function preferencesOf(db: DB, userId: number): Promise<Record<NotificationCategory, Channels>> {
  const stored = await loadPreferences(db, [userId]);
  return effectivePreferences(stored.get(userId));
}

export async function updatePreferences(
  db: DB,
  userId: number,
  preferences: Record<NotificationCategory, Channels>,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await savePreferences(trx, userId, preferences, now);
    await recordAudit(
      trx,
      { actorUserId: userId, action: "notification_preferences_changed", entityType: "user", entityId: userId, details: preferences },
      now,
    );
  });
}
