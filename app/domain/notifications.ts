// Notifications (SPEC 5): which category an event belongs to, who hears of it and on which
// channel, what the message says in each language, and how email delivery retries. Pure.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { dateFnsLocale, localeTag, longDatePattern } from "~/i18n/formats";
import type { CaseType } from "./case-state";
import { formatMoney } from "./money";
import { canSeeAccount, isMerchantRole, type AccountRef, type Actor, type Role } from "./permissions";

export const DISPUTE_CATEGORIES = ["new_inquiry", "new_chargeback", "case_update", "urgent", "reminders"] as const;
/** The merchant hears of the desk's public messages on their support requests (SPEC 9). */
export const SUPPORT_CATEGORIES = ["support_replies"] as const;
/**
 * The desk's own: a promise close to breaking or broken (issue 14 item 5). A category of its own,
 * not "urgent", so a support agent can switch it without touching a merchant category, and
 * categoriesFor keeps it out of merchants' settings and filters.
 */
export const DESK_CATEGORIES = ["support_promises"] as const;
export const NOTIFICATION_CATEGORIES = [...DISPUTE_CATEGORIES, "payment", ...SUPPORT_CATEGORIES, ...DESK_CATEGORIES] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** The categories a role can receive: its settings page and the centre's filter show these only. */
export function categoriesFor(role: Role): readonly NotificationCategory[] {
  if (role === "support") return DESK_CATEGORIES;
  if (isMerchantRole(role)) return [...DISPUTE_CATEGORIES, "payment", ...SUPPORT_CATEGORIES];
  return [...DISPUTE_CATEGORIES, "payment"];
}

export function isNotificationCategory(value: unknown): value is NotificationCategory {
  return typeof value === "string" && (NOTIFICATION_CATEGORIES as readonly string[]).includes(value);
}

export interface Channels {
  inApp: boolean;
  email: boolean;
  /** Emails of this category wait for the daily digest instead of going out at once. */
  daily: boolean;
}

/** Every category is on, on both channels, emailed at once, until the user changes it (SPEC 5). */
export const DEFAULT_CHANNELS: Readonly<Channels> = { inApp: true, email: true, daily: false };

export type Preferences = Partial<Record<NotificationCategory, Channels>>;

export function channelsFor(preferences: Preferences | undefined, category: NotificationCategory): Channels {
  return preferences?.[category] ?? DEFAULT_CHANNELS;
}

/** The full table the settings page shows: stored choices where there are any, defaults elsewhere. */
export function effectivePreferences(preferences: Preferences | undefined): Record<NotificationCategory, Channels> {
  return Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, channelsFor(preferences, c)])) as Record<NotificationCategory, Channels>;
}

/** What the disputes area reports through notifyCase, as far as the category depends on it. */
export type NoticeKind = "new_case" | "case_update" | "urgent";

export function categoryFor(kind: NoticeKind, caseType: CaseType): NotificationCategory {
  switch (kind) {
    case "new_case":
      return caseType === "inquiry" ? "new_inquiry" : "new_chargeback";
    case "case_update":
      return "case_update";
    case "urgent":
      return "urgent";
  }
}

/**
 * A change the disputes team has to act on: a merchant's response that put the case into review.
 * Analysts hear of these (their queue) and of nothing else: they open cases, decide them and flag
 * them themselves, and the merchant's deadlines are the merchant's to watch.
 */
export function isResponseForReview(event: { eventType: string; toStatus: string | null }): boolean {
  return event.toStatus === "under_review";
}

export type Audience = "merchant" | "analyst";

export interface Recipient {
  userId: number;
  audience: Audience;
  channels: Channels;
}

/**
 * The users who hear of a case notice: those who can see the case (locations assigned to the
 * account, head office and org_admin of its organisation), plus the analysts for a response
 * awaiting review; minus the user who made the change; on the channels they left on for the
 * category. Users with both channels off are left out.
 */
export function chooseRecipients(input: {
  candidates: readonly Actor[];
  account: AccountRef;
  category: NotificationCategory;
  responseForReview: boolean;
  actorUserId: number | null;
  preferences: ReadonlyMap<number, Preferences>;
}): Recipient[] {
  const recipients: Recipient[] = [];
  for (const candidate of input.candidates) {
    if (candidate.userId === input.actorUserId) continue;
    let audience: Audience;
    if (isMerchantRole(candidate.role)) {
      if (!canSeeAccount(candidate, input.account)) continue;
      audience = "merchant";
    } else if (candidate.role === "analyst") {
      if (!(input.responseForReview && input.category === "case_update")) continue;
      audience = "analyst";
    } else {
      continue;
    }
    const channels = channelsFor(input.preferences.get(candidate.userId), input.category);
    if (!channels.inApp && !channels.email) continue;
    recipients.push({ userId: candidate.userId, audience, channels: { ...channels } });
  }
  return recipients;
}

/** Where a recipient opens the case: merchants in their case pages, analysts in the review pages. */
export function casePath(audience: Audience, caseNumber: string): string {
  const encoded = encodeURIComponent(caseNumber);
  return audience === "analyst" ? `/review/${encoded}` : `/disputes/${encoded}`;
}

// --- Messages -------------------------------------------------------------------------------

export type MessageKind =
  | "new_inquiry"
  | "new_chargeback"
  | "case_update"
  | "urgent_window"
  | "urgent_flag"
  /** A staged reminder (SPEC 5), and the head office's escalation at the last stage. */
  | "reminder"
  | "reminder_escalation"
  /** The deadline job did not submit an incomplete draft (SPEC 3.7). */
  | "draft_incomplete"
  /** The desk's public message on a support request: an answer, the solution, a question. */
  | "support_reply"
  | "support_solved"
  | "support_waiting"
  /** To the desk: a promise of a request is close to breaking, or broken. */
  | "support_promise_warning"
  | "support_promise_breached";

export const MESSAGE_KINDS: readonly MessageKind[] = [
  "new_inquiry",
  "new_chargeback",
  "case_update",
  "urgent_window",
  "urgent_flag",
  "reminder",
  "reminder_escalation",
  "draft_incomplete",
  "support_reply",
  "support_solved",
  "support_waiting",
  "support_promise_warning",
  "support_promise_breached",
];

const SUPPORT_MESSAGE_KINDS: ReadonlySet<MessageKind> = new Set([
  "support_reply",
  "support_solved",
  "support_waiting",
  "support_promise_warning",
  "support_promise_breached",
]);

export function isSupportMessageKind(kind: MessageKind): boolean {
  return SUPPORT_MESSAGE_KINDS.has(kind);
}

/** The facts a support notification shows; stored as JSON like CaseFacts, rendered when shown. */
export interface SupportFacts {
  requestNumber: string;
  subject: string;
  /** Where the reader's times are shown: the desk's zone (SPEC 9 counts Berlin days). */
  timeZone: string;
  /** The start of the desk's message, for the merchant's notices. */
  excerpt?: string;
  /** For the desk's promise notices. */
  promise?: "acknowledge" | "resolve";
  dueAt?: string;
  tier?: number;
}

/** What a notification row's params hold: case facts, or support facts for the support kinds. */
export type NoticeFacts = CaseFacts | SupportFacts;

export const SUPPORT_EXCERPT_LENGTH = 160;

/** The first characters of a message on one line, cut at a word where one is near. */
export function excerptOf(body: string, max = SUPPORT_EXCERPT_LENGTH): string {
  const line = body.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** One recipient of a support notice: the in-app row, and the email sent at once, kept for the digest, or none. */
export interface SupportDelivery {
  userId: number;
  inApp: boolean;
  email: "instant" | "digest" | null;
  /** Why the email goes: the category's email setting, or the reply channel the filer chose. */
  reason: "category" | "reply_channel";
}

function deliveryOf(userId: number, channels: Channels, byReplyChannel: boolean): SupportDelivery | null {
  // "The customer is told through the channel they used" (SPEC 9): by email whatever the settings say.
  const email = byReplyChannel ? "instant" : channels.email ? (channels.daily ? "digest" : "instant") : null;
  if (!channels.inApp && email === null) return null;
  return { userId, inApp: channels.inApp, email, reason: byReplyChannel ? "reply_channel" : "category" };
}

/**
 * Who hears of the desk's public message on a request: the merchant user who filed it, and the
 * organisation's head office (head_office, org_admin), who see every request of the organisation
 * and answer for it. A location's colleagues do not: the conversation is the filer's, and they
 * see it on the request page. Deactivated users are not candidates (the caller leaves them out).
 * Each on their "support_replies" choices; the filer who asked to be answered by email gets the
 * message by email regardless.
 */
export function chooseSupportReplyRecipients(input: {
  candidates: readonly Pick<Actor, "userId" | "role" | "organisationId">[];
  request: { organisationId: number; filedByUserId: number; replyChannel: "portal" | "email" | "phone" };
  preferences: ReadonlyMap<number, Preferences>;
}): SupportDelivery[] {
  const { request } = input;
  const deliveries: SupportDelivery[] = [];
  const seen = new Set<number>();
  for (const c of input.candidates) {
    if (seen.has(c.userId) || !isMerchantRole(c.role) || c.organisationId !== request.organisationId) continue;
    const filer = c.userId === request.filedByUserId;
    if (!filer && c.role !== "head_office" && c.role !== "org_admin") continue;
    seen.add(c.userId);
    const delivery = deliveryOf(
      c.userId,
      channelsFor(input.preferences.get(c.userId), "support_replies"),
      filer && request.replyChannel === "email",
    );
    if (delivery) deliveries.push(delivery);
  }
  return deliveries;
}

/**
 * Who on the desk hears of a promise close to breaking or broken: the agent holding the request
 * and the lead of its tier (once, if they are the same), on their "support_promises" choices.
 */
export function chooseDeskRecipients(input: {
  assignedUserId: number | null;
  leadUserIds: readonly number[];
  preferences: ReadonlyMap<number, Preferences>;
}): SupportDelivery[] {
  const ids = [...new Set([...(input.assignedUserId !== null ? [input.assignedUserId] : []), ...input.leadUserIds])];
  return ids.flatMap((id) => deliveryOf(id, channelsFor(input.preferences.get(id), "support_promises"), false) ?? []);
}

/** The merchant's request page; the desk's notices link the desk's page of the request. */
export function supportRequestPath(audience: "merchant" | "desk", requestNumber: string): string {
  const encoded = encodeURIComponent(requestNumber);
  return audience === "desk" ? `/desk/${encoded}` : `/support/${encoded}`;
}

export function renderSupportNotification(kind: MessageKind, facts: SupportFacts, locale: Locale): RenderedNotification {
  const dueAt = facts.dueAt ? formatRespondBy(facts.dueAt, facts.timeZone, locale) : "";
  const promise = facts.promise === "resolve" ? "resolve" : "acknowledge";
  const params = { requestNumber: facts.requestNumber, subject: facts.subject, dueAt };
  const title =
    kind === "support_promise_warning" || kind === "support_promise_breached"
      ? translate(locale, `notify.title.${kind}.${promise}` as MessageKey, params)
      : translate(locale, `notify.title.${kind}` as MessageKey, params);
  const summary = facts.excerpt
    ? translate(locale, "notify.summary.support.excerpt", { subject: facts.subject, excerpt: facts.excerpt })
    : facts.tier !== undefined
      ? translate(locale, "notify.summary.support.tier", { subject: facts.subject, tier: facts.tier })
      : facts.subject;
  return { title, summary };
}

/**
 * The email of a support notice: the desk's whole message for the merchant (they may have asked
 * to be answered by email), the promise for the desk. Every value escaped in the HTML.
 */
export function renderSupportEmail(input: {
  kind: MessageKind;
  facts: SupportFacts;
  /** The desk's message in full; null for the desk's own notices. */
  body: string | null;
  locale: Locale;
  recipientName: string;
  url: string;
  settingsUrl: string;
  /** Why this email came: the category's email setting, or the reply channel the merchant chose. */
  reason: { kind: "category"; category: NotificationCategory } | { kind: "reply_channel" };
}): RenderedEmail {
  const { locale } = input;
  const t = (key: MessageKey, params?: Record<string, string>) => translate(locale, key, params);
  const { title } = renderSupportNotification(input.kind, input.facts, locale);
  const why =
    input.reason.kind === "category"
      ? t("email.case.why", { category: t(`notify.category.${input.reason.category}` as MessageKey) })
      : t("email.support.whyChannel");
  const body = input.body?.trim() ? input.body.trim() : null;
  const text = [
    t("email.case.greeting", { name: input.recipientName }),
    "",
    title,
    "",
    `${t("email.support.subject")}: ${input.facts.subject}`,
    ...(body ? ["", `${t("email.support.message")}:`, body] : []),
    "",
    `${t("email.support.open")}: ${input.url}`,
    "",
    "--",
    why,
    `${t("email.case.settings")}: ${input.settingsUrl}`,
    "",
  ].join("\n");
  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${e(title)}</title></head><body>`,
    `<p>${e(t("email.case.greeting", { name: input.recipientName }))}</p>`,
    `<p><strong>${e(title)}</strong></p>`,
    `<p>${e(t("email.support.subject"))}: ${e(input.facts.subject)}</p>`,
    ...(body ? [`<p><strong>${e(t("email.support.message"))}</strong></p>`, `<p>${e(body).replace(/\n/g, "<br>")}</p>`] : []),
    `<p><a href="${e(input.url)}">${e(t("email.support.open"))}</a></p>`,
    `<hr><p><small>${e(why)} <a href="${e(input.settingsUrl)}">${e(t("email.case.settings"))}</a></small></p>`,
    `</body></html>`,
  ].join("\n");
  return { subject: title, text, html };
}

/** The facts a case notification shows; stored as JSON and rendered in the reader's language. */
export interface CaseFacts {
  caseNumber: string;
  caseType: CaseType;
  accountName: string;
  amountMinor: number;
  currency: string;
  /** ISO instant; null when the case has none (e.g. closed before one was set). */
  respondBy: string | null;
  timeZone: string;
  /** For case updates: the timeline event. */
  eventType?: string;
  toStatus?: string | null;
  outcome?: string | null;
  /** The disputes team's note shown to the merchant (decision, request for information, comment). */
  note?: string | null;
  /** For reminders: calendar days left to the respond-by, in the account's zone. */
  daysLeft?: number;
}

/** "3 days left", "1 day left", "due today". */
export function describeDaysLeft(daysLeft: number, locale: Locale): string {
  if (daysLeft <= 0) return translate(locale, "notify.daysLeft.zero");
  if (daysLeft === 1) return translate(locale, "notify.daysLeft.one");
  return translate(locale, "notify.daysLeft.other", { count: String(daysLeft) });
}

export function messageKindFor(kind: NoticeKind, caseType: CaseType, urgentReason?: "window" | "flag"): MessageKind {
  if (kind === "new_case") return caseType === "inquiry" ? "new_inquiry" : "new_chargeback";
  if (kind === "urgent") return urgentReason === "flag" ? "urgent_flag" : "urgent_window";
  return "case_update";
}

export { localeTag };

/** "30 November 2026, 23:59 (Europe/Berlin)": the instant in the account's zone, with the zone named. */
export function formatRespondBy(iso: string, timeZone: string, locale: Locale): string {
  const local = new TZDate(new Date(iso).getTime(), timeZone);
  const text = format(local, `${longDatePattern(locale)}, HH:mm`, { locale: dateFnsLocale(locale) });
  return `${text} (${timeZone})`;
}

const OUTCOMES = new Set(["credit_issued", "resolved", "charged_back", "no_reply", "won", "lost", "accepted", "expired"]);
const EVENTS_WITH_TEXT = new Set([
  "respond",
  "accept",
  "request_information",
  "decide",
  "deadline_passed",
  "flag_urgent",
  "unflag_urgent",
  "comment",
]);

/** One line saying what happened on the case, e.g. "Decision: won, the chargeback is reversed". */
export function describeEvent(facts: Pick<CaseFacts, "eventType" | "outcome">, locale: Locale): string {
  const eventType = facts.eventType ?? "";
  const outcome = facts.outcome && OUTCOMES.has(facts.outcome) ? translate(locale, `notify.outcome.${facts.outcome}` as MessageKey) : "";
  if (eventType === "respond" && facts.outcome === "credit_issued") return translate(locale, "notify.event.respond.credit");
  if (!EVENTS_WITH_TEXT.has(eventType)) return translate(locale, "notify.event.other");
  if ((eventType === "decide" || eventType === "deadline_passed") && !outcome) return translate(locale, "notify.event.other");
  return translate(locale, `notify.event.${eventType}` as MessageKey, { outcome });
}

export interface RenderedNotification {
  title: string;
  summary: string;
}

export function renderNotification(kind: MessageKind, noticeFacts: NoticeFacts, locale: Locale): RenderedNotification {
  if (isSupportMessageKind(kind)) return renderSupportNotification(kind, noticeFacts as SupportFacts, locale);
  const facts = noticeFacts as CaseFacts;
  const respondBy = facts.respondBy ? formatRespondBy(facts.respondBy, facts.timeZone, locale) : "";
  const amount = formatMoney(facts.amountMinor, facts.currency, localeTag(locale));
  const params = {
    caseNumber: facts.caseNumber,
    respondBy,
    event: describeEvent(facts, locale),
    daysLeft: facts.daysLeft === undefined ? "" : describeDaysLeft(facts.daysLeft, locale),
  };
  const title = translate(locale, `notify.title.${kind}` as MessageKey, params);
  // The respond-by matters while the merchant still has to act, not after the case is closed.
  const showRespondBy = respondBy !== "" && facts.toStatus !== "closed" && facts.toStatus !== "under_review";
  const summary = translate(locale, showRespondBy ? "notify.summary.respondBy" : "notify.summary", {
    account: facts.accountName,
    amount,
    respondBy,
  });
  return { title, summary };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The email for one recipient, in their language: plain text and HTML with every value escaped. */
export function renderCaseEmail(input: {
  kind: MessageKind;
  category: NotificationCategory;
  facts: CaseFacts;
  locale: Locale;
  recipientName: string;
  caseUrl: string;
  settingsUrl: string;
}): RenderedEmail {
  const { facts, locale } = input;
  const t = (key: MessageKey, params?: Record<string, string>) => translate(locale, key, params);
  const { title } = renderNotification(input.kind, facts, locale);
  const rows: Array<[string, string]> = [
    [t("email.case.case"), facts.caseNumber],
    [t("email.case.account"), facts.accountName],
    [t("email.case.amount"), formatMoney(facts.amountMinor, facts.currency, localeTag(locale))],
  ];
  if (facts.respondBy && facts.toStatus !== "closed") {
    rows.push([t("email.case.respondBy"), formatRespondBy(facts.respondBy, facts.timeZone, locale)]);
  }
  const note = facts.note?.trim() ? facts.note.trim() : null;
  const why = t("email.case.why", { category: t(`notify.category.${input.category}` as MessageKey) });

  const text = [
    t("email.case.greeting", { name: input.recipientName }),
    "",
    title,
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(note ? ["", `${t("email.case.note")}:`, note] : []),
    "",
    `${t("email.case.open")}: ${input.caseUrl}`,
    "",
    "--",
    why,
    `${t("email.case.settings")}: ${input.settingsUrl}`,
    "",
  ].join("\n");

  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${e(title)}</title></head><body>`,
    `<p>${e(t("email.case.greeting", { name: input.recipientName }))}</p>`,
    `<p><strong>${e(title)}</strong></p>`,
    `<table role="presentation">`,
    ...rows.map(([label, value]) => `<tr><th align="left">${e(label)}</th><td>${e(value)}</td></tr>`),
    `</table>`,
    ...(note ? [`<p><strong>${e(t("email.case.note"))}</strong></p>`, `<p>${e(note).replace(/\n/g, "<br>")}</p>`] : []),
    `<p><a href="${e(input.caseUrl)}">${e(t("email.case.open"))}</a></p>`,
    `<hr><p><small>${e(why)} <a href="${e(input.settingsUrl)}">${e(t("email.case.settings"))}</a></small></p>`,
    `</body></html>`,
  ].join("\n");

  return { subject: title, text, html };
}

// --- Keys that make every notice arrive once ---------------------------------------------------

/** What a notice is about, the same however often it is reported (a job run twice, a retried request). */
export function noticeKey(
  notice:
    | { kind: "new_case"; caseId: number }
    | { kind: "case_update"; caseEventId: number }
    | { kind: "urgent"; caseId: number; reason: "window"; respondBy: string }
    | { kind: "urgent"; caseId: number; reason: "flag"; flagMark: string },
): string {
  switch (notice.kind) {
    case "new_case":
      return `new-case:${notice.caseId}`;
    case "case_update":
      return `case-event:${notice.caseEventId}`;
    case "urgent":
      // Once per case and urgent window: a new respond-by (more information requested) is a new window.
      return notice.reason === "window" ? `urgent:${notice.caseId}:${notice.respondBy}` : `urgent-flag:${notice.caseId}:${notice.flagMark}`;
  }
}

export function emailKey(noticeKeyText: string, userId: number): string {
  return `${noticeKeyText}:user:${userId}`;
}

// --- Email delivery ---------------------------------------------------------------------------

export const MAX_EMAIL_ATTEMPTS = 8;
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 60 * 60 * 1000;

/** The first wait and the longest one of a retried delivery. */
export interface Backoff {
  baseMs: number;
  capMs: number;
}
const EMAIL_BACKOFF: Backoff = { baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS };

/**
 * Wait before the next try after `attempts` failed tries: exponential (for emails 30 s, 1 min, 2 min, …,
 * at most an hour) with "equal jitter": half fixed, half random, so a provider outage does not
 * bring every message back at the same second. `random` returns [0, 1).
 */
export function retryDelayMs(attempts: number, random: () => number, backoff: Backoff = EMAIL_BACKOFF): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(exponent, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

/** Answers worth trying again: timeouts, conflicts on the idempotency key, rate limits, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

export type DeliveryOutcome = { kind: "sent" } | { kind: "retry"; nextAttemptAt: Date; error: string } | { kind: "failed"; error: string };

/** What to record after a try; `attempts` counts this try. */
export function afterDeliveryTry(input: {
  attempts: number;
  result: { ok: true } | { ok: false; error: string; retryable: boolean };
  now: Date;
  random: () => number;
  maxAttempts?: number;
  backoff?: Backoff;
}): DeliveryOutcome {
  if (input.result.ok) return { kind: "sent" };
  const max = input.maxAttempts ?? MAX_EMAIL_ATTEMPTS;
  if (!input.result.retryable || input.attempts >= max) return { kind: "failed", error: input.result.error };
  return {
    kind: "retry",
    nextAttemptAt: new Date(input.now.getTime() + retryDelayMs(input.attempts, input.random, input.backoff)),
    error: input.result.error,
  };
}

// --- Daily digest -----------------------------------------------------------------------------

export const DIGEST_HOUR = 8;

/**
 * The digest a user is due at `now`: the latest local day whose 08:00 (in `timeZone`) has passed,
 * and that moment as an instant. Items noticed before the cutoff go into that day's digest; later
 * ones wait for the next day. Built from local calendar fields, so daylight-saving days work.
 */
export function digestSlot(now: Date, timeZone: string): { day: string; cutoff: Date } {
  const local = new TZDate(now.getTime(), timeZone);
  const at = (dayOffset: number) =>
    new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + dayOffset, DIGEST_HOUR, 0, 0, 0, timeZone);
  const today = at(0);
  const slot = today.getTime() <= now.getTime() ? today : at(-1);
  return { day: format(slot, "yyyy-MM-dd"), cutoff: new Date(slot.getTime()) };
}

export function digestKey(userId: number, day: string): string {
  return `digest:${userId}:${day}`;
}

export interface DigestEntry {
  kind: MessageKind;
  facts: NoticeFacts;
  url: string;
}

/** One email summarising the cases of a day, oldest first, in the user's language. */
export function renderDigestEmail(input: {
  locale: Locale;
  recipientName: string;
  day: string;
  entries: readonly DigestEntry[];
  settingsUrl: string;
}): RenderedEmail {
  const { locale } = input;
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const dayText = format(new Date(`${input.day}T12:00:00.000Z`), longDatePattern(locale), { locale: dateFnsLocale(locale) });
  const subject = t("email.digest.subject", { day: dayText, count: input.entries.length });
  const rendered = input.entries.map((entry) => ({ ...renderNotification(entry.kind, entry.facts, locale), url: entry.url }));
  const text = [
    t("email.case.greeting", { name: input.recipientName }),
    "",
    t("email.digest.intro", { count: input.entries.length }),
    "",
    ...rendered.flatMap((r) => [`* ${r.title}`, `  ${r.summary}`, `  ${r.url}`, ""]),
    "--",
    t("email.digest.why"),
    `${t("email.case.settings")}: ${input.settingsUrl}`,
    "",
  ].join("\n");
  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body>`,
    `<p>${e(t("email.case.greeting", { name: input.recipientName }))}</p>`,
    `<p>${e(t("email.digest.intro", { count: input.entries.length }))}</p>`,
    `<ul>`,
    ...rendered.map((r) => `<li><a href="${e(r.url)}">${e(r.title)}</a><br>${e(r.summary)}</li>`),
    `</ul>`,
    `<hr><p><small>${e(t("email.digest.why"))} <a href="${e(input.settingsUrl)}">${e(t("email.case.settings"))}</a></small></p>`,
    `</body></html>`,
  ].join("\n");
  return { subject, text, html };
}

/** Where a user's day begins for the digest: their (first) account's zone; UTC for the network's staff. */
export function digestTimeZone(accountZones: readonly string[]): string {
  return accountZones[0] ?? "UTC";
}
