import { createHash, createHmac, timingSafeEqual } from "node:crypto";

// The cryptography of webhooks (SPEC 13); the rules around it are in app/domain/webhooks.ts.

/**
 * The event's id, the same every time the same notice is reported (a job run twice, a retried
 * request), so a receiver can drop a duplicate and the portal queues one delivery per endpoint.
 */
export function eventIdFor(noticeKey: string): string {
  return `evt_${createHash("sha256").update(noticeKey).digest("hex").slice(0, 32)}`;
}

export const SIGNATURE_HEADER = "Portal-Signature";
/** A receiver refuses a signature older than this (a replayed request). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the endpoint's secret>`, like Stripe's. */
export function signatureHeader(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** The receiver's check, as the README shows it: the signature matches and is recent. */
export function verifySignature(header: string, body: string, secret: string, now: Date): boolean {
  const parts = new Map(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
