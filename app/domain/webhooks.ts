import type { Backoff } from "./notifications";

// Webhooks (SPEC 13): which events an endpoint can choose, how an event is signed, how long a
// failing endpoint is tried. Pure: the delivery job and the settings pages apply these rules.

/** What an endpoint can subscribe to (SPEC 13); "ping" is the test event, sent only when asked for. */
export const WEBHOOK_EVENT_TYPES = [
  "case.created",
  "case.updated",
  "case.decided",
  "case.urgent",
  "case.reminder",
  "statement.created",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export type SentEventType = WebhookEventType | "ping";

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === "string" && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The event a case notice becomes (app/services/notify.server.ts): a decision is its own kind of update. */
export function eventTypeForNotice(kind: "new_case" | "case_update" | "urgent", caseEventType?: string): WebhookEventType {
  if (kind === "new_case") return "case.created";
  if (kind === "urgent") return "case.urgent";
  return caseEventType === "decide" ? "case.decided" : "case.updated";
}

/** 1 min, 2 min, 4 min, … then every 6 hours, jittered: a receiver that is down for a day still gets everything. */
export const WEBHOOK_BACKOFF: Backoff = { baseMs: 60_000, capMs: 6 * 60 * 60 * 1000 };
/** Enough tries to span the three days after which the endpoint is disabled anyway. */
export const MAX_WEBHOOK_ATTEMPTS = 40;
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 60 * 60 * 1000;

/** An endpoint that has failed every try since `failingSince` for three days is disabled. */
export function shouldDisable(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS;
}

export const WEBHOOK_URL_MAX = 2000;
export const WEBHOOK_DESCRIPTION_MAX = 200;

export type WebhookUrlProblem = "webhooks.error.url" | "webhooks.error.https";

/**
 * An endpoint's address: http(s) with a host and no credentials in it; https only unless plain
 * http is allowed (development, and the tests' local receiver).
 */
export function webhookUrlProblem(value: string, options: { allowHttp: boolean }): WebhookUrlProblem | null {
  if (value.length === 0 || value.length > WEBHOOK_URL_MAX) return "webhooks.error.url";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "webhooks.error.url";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "webhooks.error.url";
  if (!url.hostname || url.username || url.password) return "webhooks.error.url";
  if (url.protocol === "http:" && !options.allowHttp) return "webhooks.error.https";
  return null;
}

/** Stored as the chosen types, space-separated, in the order of WEBHOOK_EVENT_TYPES. */
export function storedEvents(chosen: readonly WebhookEventType[]): string {
  return WEBHOOK_EVENT_TYPES.filter((t) => chosen.includes(t)).join(" ");
}

export function subscribedEvents(stored: string): WebhookEventType[] {
  return stored.split(" ").filter(isWebhookEventType);
}

/** What a try's answer means for a webhook: any 2xx delivers it; everything else is tried again. */
export function tryResultOf(answer: { status: number } | { error: string }): { ok: true } | { ok: false; error: string; retryable: true } {
  if ("error" in answer) return { ok: false, error: answer.error, retryable: true };
  if (answer.status >= 200 && answer.status < 300) return { ok: true };
  return { ok: false, error: `HTTP ${answer.status}`, retryable: true };
}
