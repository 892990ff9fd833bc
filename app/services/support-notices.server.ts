import type { DB } from "../../db/connection";
import {
  chooseDeskRecipients,
  chooseSupportReplyRecipients,
  emailKey,
  excerptOf,
  renderSupportEmail,
  supportRequestPath,
  type MessageKind,
  type NotificationCategory,
  type SupportDelivery,
  type SupportFacts,
} from "~/domain/notifications";
import type { PromiseMark, PromiseName } from "~/domain/support-promises";
import { promiseNoticeKey } from "~/domain/support-promises";
import { SUPPORT_TIME_ZONE, type Tier } from "~/domain/support-request";
import { isLocale, type Locale } from "~/i18n";
import { insertDigestItem, insertNotification, loadPreferences } from "~/models/notification.server";
import { enqueueEmail } from "~/models/outbox.server";
import {
  deskCandidates,
  latestDeskMessageId,
  latestEventId,
  loadRequestForNotice,
  supportReplyCandidates,
  type NoticeUser,
} from "~/models/support-notices.server";
import { getEnv } from "~/utils/env.server";

// Support notices (issue 14 items 4 and 5): the merchant hears of the desk's public messages, the
// desk of promises close to breaking or broken. Written in the caller's transaction, through the
// same tables as case notices (notifications, the digest items, the email outbox), each once per
// user and key however often it is reported.

const MESSAGE_OF_KIND = { reply: "support_reply", solved: "support_solved", waiting: "support_waiting" } as const;

export type DeskMessageKind = keyof typeof MESSAGE_OF_KIND;

/**
 * Tells the merchant of the desk's public message on a request: the filer and the organisation's
 * head office (see chooseSupportReplyRecipients), in-app and by email on their "support_replies"
 * choices, linking to /support/<number>; a filer who chose to be answered by email gets the whole
 * message by email regardless. Call it inside the desk's write transaction, after the message is
 * inserted. The key is the message's id (`messageId`, else the newest public desk message with this
 * body, else the request's newest event, e.g. a solution without a message), so a retried call
 * adds nothing. Throws on an unknown request: rolling back the desk's write beats a silent merchant.
 */
export async function notifyMerchantOfDeskMessage(
  trx: DB,
  input: { requestId: number; kind: DeskMessageKind; body: string; messageId?: number },
  now: Date,
): Promise<void> {
  const request = await loadRequestForNotice(trx, input.requestId);
  if (!request) throw new Error(`notifyMerchantOfDeskMessage: no request ${input.requestId}`);
  const messageId = input.messageId ?? (await latestDeskMessageId(trx, request.id, input.body));
  const eventId = messageId === null ? await latestEventId(trx, request.id) : null;
  if (messageId === null && eventId === null) throw new Error(`notifyMerchantOfDeskMessage: nothing to report on ${request.id}`);
  const key = messageId !== null ? `support-message:${messageId}` : `support-event:${eventId}`;

  const candidates = await supportReplyCandidates(trx, request.organisationId, request.filedByUserId);
  const preferences = await loadPreferences(
    trx,
    candidates.map((c) => c.userId),
  );
  const deliveries = chooseSupportReplyRecipients({ candidates, request, preferences });
  const excerpt = excerptOf(input.body);
  const facts: SupportFacts = {
    requestNumber: request.requestNumber,
    subject: request.subject,
    timeZone: SUPPORT_TIME_ZONE,
    ...(excerpt ? { excerpt } : {}),
  };
  // The filer reads in the language they filed in; the head office in its own.
  const localeOf = (user: NoticeUser): Locale =>
    user.userId === request.filedByUserId && isLocale(request.locale) ? request.locale : isLocale(user.locale) ? user.locale : "en";
  await deliverSupportNotice(
    trx,
    {
      key,
      category: "support_replies",
      message: MESSAGE_OF_KIND[input.kind],
      facts,
      body: input.body,
      link: supportRequestPath("merchant", request.requestNumber),
      deliveries,
      users: candidates,
      localeOf,
    },
    now,
  );
}

/**
 * Tells the desk that a request's promise is close to breaking or broken: the agent holding it
 * and the lead of its tier, in-app and by email on their "support_promises" choices, linking to
 * the desk's page of the request. Once per request, promise and mark. In the job's transaction.
 */
export async function notifyDeskOfPromise(
  trx: DB,
  input: {
    request: { id: number; requestNumber: string; subject: string; tier: Tier; assignedUserId: number | null };
    promise: PromiseName;
    mark: PromiseMark;
    dueAt: Date;
  },
  now: Date,
): Promise<number> {
  const { request } = input;
  const agents = await deskCandidates(trx, request.tier, request.assignedUserId);
  const preferences = await loadPreferences(
    trx,
    agents.map((a) => a.userId),
  );
  const deliveries = chooseDeskRecipients({
    assignedUserId: agents.some((a) => a.userId === request.assignedUserId) ? request.assignedUserId : null,
    leadUserIds: agents.filter((a) => a.lead).map((a) => a.userId),
    preferences,
  });
  await deliverSupportNotice(
    trx,
    {
      key: promiseNoticeKey(request.id, input.promise, input.mark),
      category: "support_promises",
      message: input.mark === "warning" ? "support_promise_warning" : "support_promise_breached",
      facts: {
        requestNumber: request.requestNumber,
        subject: request.subject,
        timeZone: SUPPORT_TIME_ZONE,
        promise: input.promise,
        dueAt: input.dueAt.toISOString(),
        tier: request.tier,
      },
      body: null,
      link: supportRequestPath("desk", request.requestNumber),
      deliveries,
      users: agents,
      localeOf: (user) => (isLocale(user.locale) ? user.locale : "en"),
    },
    now,
  );
  return deliveries.length;
}

async function deliverSupportNotice(
  db: DB,
  notice: {
    key: string;
    category: NotificationCategory;
    message: MessageKind;
    facts: SupportFacts;
    body: string | null;
    link: string;
    deliveries: readonly SupportDelivery[];
    users: readonly NoticeUser[];
    localeOf: (user: NoticeUser) => Locale;
  },
  now: Date,
): Promise<void> {
  const { key, category, message, facts, link } = notice;
  const appUrl = getEnv().APP_URL;
  const byId = new Map(notice.users.map((u) => [u.userId, u]));
  for (const delivery of notice.deliveries) {
    const user = byId.get(delivery.userId);
    if (!user) throw new Error(`deliverSupportNotice: no user ${delivery.userId}`);
    if (delivery.inApp) {
      await insertNotification(
        db,
        { userId: user.userId, category, dedupeKey: key, caseId: null, caseEventId: null, message, params: facts, link },
        now,
      );
    }
    if (delivery.email === "digest") {
      await insertDigestItem(db, { userId: user.userId, category, dedupeKey: key, message, params: facts, link }, now);
    } else if (delivery.email === "instant") {
      const email = renderSupportEmail({
        kind: message,
        facts,
        body: notice.body,
        locale: notice.localeOf(user),
        recipientName: user.displayName,
        url: new URL(link, appUrl).toString(),
        settingsUrl: new URL("/settings/notifications", appUrl).toString(),
        reason: delivery.reason === "reply_channel" ? { kind: "reply_channel" } : { kind: "category", category },
      });
      // One message per key in the outbox: a repeated notice queues nothing new.
      await enqueueEmail(db, { idempotencyKey: emailKey(key, user.userId), kind: `support_${category}`, to: user.email, ...email }, now);
    }
  }
}
