import type { DB } from "../../db/connection";
import { afterDeliveryTry } from "~/domain/notifications";
import { MAX_WEBHOOK_ATTEMPTS, shouldDisable, tryResultOf, WEBHOOK_BACKOFF } from "~/domain/webhooks";
import { claimDueDeliveries, recordWebhookTry, type ClaimedDelivery } from "~/models/webhook.server";
import { noticeOfDisabledEndpoint } from "~/services/webhooks.server";
import type { Job } from "~/services/job-runs.server";
import { SIGNATURE_HEADER, signatureHeader } from "~/utils/webhook-signature.server";

export interface WebhookDeliveryOptions {
  now: Date;
  fetch: typeof globalThis.fetch;
  /** [0, 1), for the jitter of the backoff. */
  random: () => number;
  timeoutMs?: number;
  batchSize?: number;
}

export interface WebhookDeliveryReport {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
  disabled: number;
}

type Answer = { status: number } | { error: string };

async function post(delivery: ClaimedDelivery, options: WebhookDeliveryOptions, timeoutMs: number): Promise<Answer> {
  try {
    const response = await options.fetch(delivery.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "DisputePortal-Webhooks/1",
        "Portal-Event-Id": delivery.eventId,
        "Portal-Event-Type": delivery.eventType,
        [SIGNATURE_HEADER]: signatureHeader(delivery.secret, delivery.payload, options.now),
      },
      body: delivery.payload,
      // A redirect is an answer, not a new address to post the event to.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError") return { error: `timed out after ${timeoutMs} ms` };
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return { error: `network error: ${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

/**
 * One pass of the webhook worker: claims due deliveries, posts each signed event to its endpoint
 * and logs the try. Any 2xx delivers it; anything else is tried again after a growing, jittered
 * wait (the same event id every time). An endpoint that has failed every try for three days is
 * disabled, its waiting deliveries are given up, and the organisation's admins are told.
 */
export async function deliverDueWebhooks(db: DB, options: WebhookDeliveryOptions): Promise<WebhookDeliveryReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = batchSize * timeoutMs + 60_000;
  const claimed = await claimDueDeliveries(db, { now: options.now, leaseMs, limit: batchSize });
  const report: WebhookDeliveryReport = { claimed: claimed.length, delivered: 0, retried: 0, failed: 0, disabled: 0 };
  for (const delivery of claimed) {
    const started = performance.now();
    const answer = await post(delivery, options, timeoutMs);
    const durationMs = performance.now() - started;
    const result = tryResultOf(answer);
    const outcome = afterDeliveryTry({
      attempts: delivery.attempts,
      result,
      now: options.now,
      random: options.random,
      maxAttempts: MAX_WEBHOOK_ATTEMPTS,
      backoff: WEBHOOK_BACKOFF,
    });
    await db.transaction().execute(async (trx) => {
      const recorded = await recordWebhookTry(
        trx,
        delivery,
        { statusCode: "status" in answer ? answer.status : null, durationMs, error: result.ok ? null : result.error },
        outcome,
        options.now,
      );
      if (!recorded) return;
      if (outcome.kind === "sent") report.delivered++;
      else if (outcome.kind === "retry") report.retried++;
      else report.failed++;
      const failingSince = recorded.failingSince === null ? null : new Date(recorded.failingSince);
      if (shouldDisable(failingSince, options.now) && (await noticeOfDisabledEndpoint(trx, delivery.endpointId, options.now))) {
        report.disabled++;
      }
    });
  }
  return report;
}

export const webhookDeliveryJob: Job = {
  name: "webhook-delivery",
  everyMs: 5_000,
  runsAlone: false,
  run: (db: DB, now: Date) => deliverDueWebhooks(db, { now, fetch: globalThis.fetch, random: Math.random }),
};
