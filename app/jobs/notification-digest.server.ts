import type { DB } from "../../db/connection";
import { digestKey, digestSlot, digestTimeZone, renderDigestEmail, type CaseFacts, type MessageKind } from "~/domain/notifications";
import { isLocale } from "~/i18n";
import { digestRecipient, markDigested, usersWithWaitingDigestItems, waitingDigestItems } from "~/models/notification.server";
import { lockKey } from "~/models/locks.server";
import { enqueueEmail } from "~/models/outbox.server";
import { getEnv } from "~/utils/env.server";
import type { Job } from "~/services/job-runs.server";

export interface DigestReport {
  queued: number;
  waiting: number;
}

/**
 * Queues each user's daily digest once their 08:00 (in their account's time zone) has passed:
 * one email with every notice collected before that moment. The email's idempotency key is the
 * user and local day, and queuing it and marking the notices happen in one transaction, so a
 * rerun (or two servers) sends one digest a day.
 */
export async function sendDueDigests(db: DB, now: Date, appUrl: string = getEnv().APP_URL): Promise<DigestReport> {
  const report: DigestReport = { queued: 0, waiting: 0 };
  for (const userId of await usersWithWaitingDigestItems(db)) {
    const queued = await db.transaction().execute(async (trx) => {
      // Two servers' digest runs at once: the second waits here, then finds today's digest queued
      // and the notices marked (READ COMMITTED reads what the first committed).
      await lockKey(trx, `digest:${userId}`);
      const user = await digestRecipient(trx, userId);
      if (!user) return false;
      const { day, cutoff } = digestSlot(now, digestTimeZone(user.zones));
      const items = await waitingDigestItems(trx, userId, cutoff);
      if (items.length === 0) return false;
      const key = digestKey(userId, day);
      const already = await trx.selectFrom("email_outbox").select("id").where("idempotency_key", "=", key).executeTakeFirst();
      // Today's digest went out already: these wait for tomorrow's.
      if (already) return false;
      const locale = isLocale(user.locale) ? user.locale : "en";
      const email = renderDigestEmail({
        locale,
        recipientName: user.displayName,
        day,
        entries: items.map((item) => ({
          kind: item.message as MessageKind,
          facts: JSON.parse(item.params) as CaseFacts,
          url: new URL(item.link ?? "/notifications", appUrl).toString(),
        })),
        settingsUrl: new URL("/settings/notifications", appUrl).toString(),
      });
      await enqueueEmail(trx, { idempotencyKey: key, kind: "notification_digest", to: user.email, ...email }, now);
      await markDigested(
        trx,
        items.map((i) => i.id),
        now,
      );
      return true;
    });
    if (queued) report.queued++;
    else report.waiting++;
  }
  return report;
}

// Every few minutes: each user's 08:00 comes at a different moment, and a digest should not be late.
export const notificationDigestJob: Job = {
  name: "notification-digest",
  everyMs: 5 * 60_000,
  runsAlone: true,
  run: (db: DB, now: Date) => sendDueDigests(db, now),
};
