import type { DB } from "../../db/connection";
import {
  casePath,
  categoryFor,
  chooseRecipients,
  emailKey,
  isResponseForReview,
  messageKindFor,
  noticeKey,
  renderCaseEmail,
  type Audience,
  type CaseFacts,
  type Channels,
  type MessageKind,
  type NotificationCategory,
} from "~/domain/notifications";
import { isLocale } from "~/i18n";
import {
  insertDigestItem,
  insertNotification,
  latestUrgentFlagEventId,
  loadCandidateRecipients,
  loadCaseEventForNotice,
  loadCaseForNotice,
  loadPreferences,
  type CaseEventForNotice,
  type CaseForNotice,
} from "~/models/notification.server";
import { enqueueEmail } from "~/models/outbox.server";
import { getEnv } from "~/utils/env.server";
import { queueCaseWebhooks } from "./webhooks.server";

// The seam between the disputes area (which decides what happened) and the notifications area
// (which decides who hears of it, in-app and by email). Called inside the transaction of the change.
export type CaseNotice =
  /** A new inquiry or chargeback was opened (by an analyst, the deadline job, a decision, an import). */
  | { kind: "new_case"; caseId: number }
  /** Anything that changed a case: a response, a state change, a decision, a request for information, a comment. */
  | { kind: "case_update"; caseId: number; caseEventId: number }
  /** A case entered the urgent window (deadline job) or an analyst flagged it. */
  | { kind: "urgent"; caseId: number; reason: "window" | "flag" };

export interface NoticeContext {
  actorUserId: number | null;
  now: Date;
  /** The case as it is after the change (and the event just written), when the caller has them. */
  loaded?: { case: CaseForNotice; event?: CaseEventForNotice };
}

/**
 * Writes the in-app notifications and queues the emails for one notice, in the caller's
 * transaction. Recipients: whoever can see the case and kept the category on (analysts only for
 * a response awaiting review), never the actor. Reporting the same notice again (a job run twice,
 * a retried request) changes nothing: notifications are unique per user and notice, emails per
 * idempotency key. Throws on an unknown case or event: that is a bug in the caller, and rolling
 * back its change is better than a change nobody hears of.
 */
export async function notifyCase(db: DB, notice: CaseNotice, context: NoticeContext): Promise<void> {
  const { now, loaded } = context;
  // A caller that just wrote the change hands over what it has; reading it back would say the same.
  const found = loaded?.case.id === notice.caseId ? loaded.case : await loadCaseForNotice(db, notice.caseId);
  if (!found) throw new Error(`notifyCase: no case ${notice.caseId}`);

  const facts: CaseFacts = {
    caseNumber: found.caseNumber,
    caseType: found.type,
    accountName: found.accountName,
    amountMinor: found.amountMinor,
    currency: found.currency,
    respondBy: found.respondBy,
    timeZone: found.timeZone,
    toStatus: found.status,
    outcome: found.outcome,
  };

  let key: string;
  let caseEventId: number | null = null;
  let responseForReview = false;
  let changed: CaseEventForNotice | undefined;
  switch (notice.kind) {
    case "new_case":
      key = noticeKey({ kind: "new_case", caseId: found.id });
      break;
    case "case_update": {
      const event =
        loaded?.event?.id === notice.caseEventId ? loaded.event : await loadCaseEventForNotice(db, found.id, notice.caseEventId);
      if (!event) throw new Error(`notifyCase: no event ${notice.caseEventId} on case ${found.id}`);
      // A flag is announced by its own urgent notice (category "urgent"); telling the same users of
      // it again as a case update would say one thing twice.
      if (event.eventType === "flag_urgent") return;
      caseEventId = event.id;
      changed = event;
      facts.eventType = event.eventType;
      facts.toStatus = event.toStatus;
      facts.outcome = event.outcome;
      facts.note = event.note;
      responseForReview = isResponseForReview(event);
      key = noticeKey({ kind: "case_update", caseEventId: event.id });
      break;
    }
    case "urgent":
      if (notice.reason === "window") {
        key = noticeKey({ kind: "urgent", caseId: found.id, reason: "window", respondBy: found.respondBy ?? "none" });
      } else {
        const flagEventId = await latestUrgentFlagEventId(db, found.id);
        key = noticeKey({
          kind: "urgent",
          caseId: found.id,
          reason: "flag",
          flagMark: flagEventId !== null ? `event-${flagEventId}` : now.toISOString(),
        });
      }
      break;
  }

  // The organisation's own systems hear of it too, with the same key: once per notice.
  await queueCaseWebhooks(db, { kind: notice.kind, key, case: found, event: changed }, now);

  const category = categoryFor(notice.kind, found.type);
  const message = messageKindFor(notice.kind, found.type, notice.kind === "urgent" ? notice.reason : undefined);
  const candidates = await loadCandidateRecipients(db, found.organisationId);
  const preferences = await loadPreferences(
    db,
    candidates.map((c) => c.userId),
  );
  const recipients = chooseRecipients({
    candidates,
    account: { accountId: found.accountId, organisationId: found.organisationId },
    category,
    responseForReview,
    actorUserId: context.actorUserId,
    preferences,
  });

  await deliverNotice(
    db,
    { caseId: found.id, caseNumber: found.caseNumber, facts, key, category, message, caseEventId, recipients, users: candidates },
    now,
  );
}

/**
 * One notice to the recipients chosen for it: the in-app notification (once per user and key), the
 * email through the outbox (once per idempotency key) or the item for the daily digest. In the
 * caller's transaction. Shared by case notices and the staged reminders (reminders.server.ts).
 */
export async function deliverNotice(
  db: DB,
  notice: {
    caseId: number;
    caseNumber: string;
    facts: CaseFacts;
    key: string;
    category: NotificationCategory;
    message: MessageKind;
    caseEventId: number | null;
    recipients: ReadonlyArray<{ userId: number; audience?: Audience; channels: Channels }>;
    users: ReadonlyArray<{ userId: number; email: string; displayName: string; locale: string | null }>;
  },
  now: Date,
): Promise<void> {
  const { facts, key, category, message, caseEventId } = notice;
  const appUrl = getEnv().APP_URL;
  const byId = new Map(notice.users.map((c) => [c.userId, c]));
  for (const recipient of notice.recipients) {
    const user = byId.get(recipient.userId);
    if (!user) throw new Error(`deliverNotice: no user ${recipient.userId}`);
    const link = casePath(recipient.audience ?? "merchant", notice.caseNumber);
    if (recipient.channels.inApp) {
      await insertNotification(
        db,
        { userId: user.userId, category, dedupeKey: key, caseId: notice.caseId, caseEventId, message, params: facts, link },
        now,
      );
    }
    if (recipient.channels.email && recipient.channels.daily) {
      // Collected for the user's daily digest (app/jobs/notification-digest.server.ts).
      await insertDigestItem(db, { userId: user.userId, category, dedupeKey: key, message, params: facts, link }, now);
    } else if (recipient.channels.email) {
      const locale = isLocale(user.locale) ? user.locale : "en";
      const email = renderCaseEmail({
        kind: message,
        category,
        facts,
        locale,
        recipientName: user.displayName,
        caseUrl: new URL(link, appUrl).toString(),
        settingsUrl: new URL("/settings/notifications", appUrl).toString(),
      });
      // The outbox keeps one message per key: a repeated notice queues nothing new.
      await enqueueEmail(db, { idempotencyKey: emailKey(key, user.userId), kind: `case_${category}`, to: user.email, ...email }, now);
    }
  }
}
