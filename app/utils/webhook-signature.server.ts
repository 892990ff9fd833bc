import { createHash, createHmac } from "node:crypto";

// The cryptography of webhooks (SPEC 13); the rules around it are in app/domain/webhooks.ts. A
// receiver's check is the README's snippet, which the delivery test runs as it stands.

/**
 * The event's id, the same every time the same notice is reported (a job run twice, a retried
 * request), so a receiver can drop a duplicate and the portal queues one delivery per endpoint.
 */
export function eventIdFor(noticeKey: string): string {
  return `evt_${createHash("sha256").update(noticeKey).digest("hex").slice(0, 32)}`;
}

export const SIGNATURE_HEADER = "Portal-Signature";
/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the endpoint's secret>`, like Stripe's. */
export function signatureHeader(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}
