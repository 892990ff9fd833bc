import type { DB } from "../../db/connection";
import type { OutboxStatus } from "../../db/schema";
import { canOperatePlatform, type Actor } from "~/domain/permissions";
import { recordAudit } from "~/models/audit.server";
import { getOutboxMessage, listOutbox, retryFailedEmail } from "~/models/outbox.server";

// The admin's view of the email outbox: read what was (or would be) sent, and send failed ones again.

export const OUTBOX_PAGE_SIZE = 50;

function assertOperator(actor: Actor): void {
  if (!canOperatePlatform(actor)) throw new Error("outbox: not a platform operator");
}

export async function loadOutboxPage(db: DB, actor: Actor, query: { status: OutboxStatus | null; before: number | null }) {
  assertOperator(actor);
  return listOutbox(db, { ...query, limit: OUTBOX_PAGE_SIZE });
}

export async function loadOutboxMessage(db: DB, actor: Actor, id: number) {
  assertOperator(actor);
  const message = await getOutboxMessage(db, id);
  if (!message) return null;
  return {
    id: message.id,
    kind: message.kind,
    to: message.to_address,
    subject: message.subject,
    text: message.text_body,
    hasHtml: message.html_body !== null,
    status: message.status,
    attempts: message.attempts,
    lastError: message.last_error,
    idempotencyKey: message.idempotency_key,
    createdAt: message.created_at,
    sentAt: message.sent_at,
    nextAttemptAt: message.next_attempt_at,
  };
}

export type RetryResult = { ok: true } | { ok: false; error: "not_found" | "not_failed" };

/** Back to the queue with fresh attempts and the same idempotency key; recorded in the audit trail. */
export async function retryEmail(db: DB, actor: Actor, id: number, now: Date): Promise<RetryResult> {
  assertOperator(actor);
  return db.transaction().execute(async (trx) => {
    const message = await getOutboxMessage(trx, id);
    if (!message) return { ok: false, error: "not_found" } as const;
    if (!(await retryFailedEmail(trx, id, now))) return { ok: false, error: "not_failed" } as const;
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "email_retried",
        entityType: "email_outbox",
        entityId: id,
        details: { lastError: message.last_error },
      },
      now,
    );
    return { ok: true } as const;
  });
}
