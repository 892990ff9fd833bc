import type { DB } from "../../db/connection";
import { afterDeliveryTry, isRetryableStatus, MAX_EMAIL_ATTEMPTS } from "~/domain/notifications";
import { claimDueEmails, recordDelivery, type ClaimedEmail } from "~/models/outbox.server";
import { getEnv } from "~/utils/env.server";
import type { Job } from "~/services/job-runs.server";

export interface EmailProvider {
  /** The provider's "send one message" endpoint. */
  url: string;
  token: string;
  from: string;
}

export interface DeliveryOptions {
  now: Date;
  provider: EmailProvider;
  fetch: typeof globalThis.fetch;
  /** [0, 1), for the jitter of the backoff. */
  random: () => number;
  timeoutMs?: number;
  batchSize?: number;
  maxAttempts?: number;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

type TryResult = { ok: true } | { ok: false; error: string; retryable: boolean };

async function post(email: ClaimedEmail, options: DeliveryOptions, timeoutMs: number): Promise<TryResult> {
  try {
    const response = await options.fetch(options.provider.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${options.provider.token}`,
        // The same key on every try of this message: the provider drops what it already sent.
        "Idempotency-Key": email.idempotencyKey,
      },
      body: JSON.stringify({
        from: options.provider.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) {
      await response.text().catch(() => "");
      return { ok: true };
    }
    const detail = (await response.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 300);
    return { ok: false, error: `HTTP ${response.status}${detail ? `: ${detail}` : ""}`, retryable: isRetryableStatus(response.status) };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, error: `timed out after ${timeoutMs} ms`, retryable: true };
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return { ok: false, error: `network error: ${message}${cause}`, retryable: true };
  }
}

/**
 * One pass of the delivery worker: claims a batch of due messages, posts each to the provider
 * and records the outcome. Sent on a 2xx; otherwise tried again after an exponential backoff with
 * jitter, and marked failed after the last attempt (or at once on an answer retrying cannot fix,
 * like 400 or 401) with the error kept for the admin page.
 */
export async function deliverDueEmails(db: DB, options: DeliveryOptions): Promise<DeliveryReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 10;
  const maxAttempts = options.maxAttempts ?? MAX_EMAIL_ATTEMPTS;
  // Long enough for the whole batch to time out one by one, so a live worker never loses its lease.
  const leaseMs = batchSize * timeoutMs + 60_000;
  const claimed = await claimDueEmails(db, { now: options.now, leaseMs, limit: batchSize, maxAttempts });
  const report: DeliveryReport = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };
  for (const email of claimed) {
    const result = await post(email, options, timeoutMs);
    const outcome = afterDeliveryTry({ attempts: email.attempts, result, now: options.now, random: options.random, maxAttempts });
    await recordDelivery(db, email, outcome.kind === "sent" ? { kind: "sent", at: options.now } : outcome);
    if (outcome.kind === "sent") report.sent++;
    else if (outcome.kind === "retry") report.retried++;
    else report.failed++;
  }
  return report;
}

/** The provider from the environment; none without EMAIL_API_URL (then messages wait in the outbox). */
export function providerFromEnv(): EmailProvider | null {
  const env = getEnv();
  if (!env.EMAIL_API_URL || !env.EMAIL_API_TOKEN) return null;
  return { url: env.EMAIL_API_URL, token: env.EMAIL_API_TOKEN, from: env.EMAIL_FROM };
}

export const emailDeliveryJob: Job = {
  name: "email-delivery",
  everyMs: 10_000,
  runsAlone: false,
  run: async (db: DB, now: Date) => {
    const provider = providerFromEnv();
    if (!provider) return null;
    return deliverDueEmails(db, { now, provider, fetch: globalThis.fetch, random: Math.random });
  },
};
