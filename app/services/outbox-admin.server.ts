import type { DB } from "../../db/connection";
import type { OutboxStatus } from "../../db/schema";
import { canOperatePlatform, type Actor } from "~/domain/permissions";
import { recordAudit } from "~/models/audit.server";
import { getOutboxMessage, listOutbox, retryFailedEmail } from "~/models/outbox.server";
import { forbidden, refused, type ServiceResult } from "./result";

// The admin's view of the email outbox: read what was (or would be) sent, and send failed ones again.
// Anyone but an operator gets a 403 refusal here, whatever the route checked.

export const OUTBOX_PAGE_SIZE = 50;

const notOperator = () => forbidden("error.forbidden");
const missing = () => refused(404, [{ field: "form", key: "error.notFound" }]);

export async function loadOutboxPage(db: DB, actor: Actor, query: { status: OutboxStatus | null; before: number | null }) {
  if (!canOperatePlatform(actor)) return notOperator();
  return { ok: true, ...(await listOutbox(db, { ...query, limit: OUTBOX_PAGE_SIZE })) } as const;
}

export async function loadOutboxMessage(db: DB, actor: Actor, id: number) {
  if (!canOperatePlatform(actor)) return notOperator();
  const message = await getOutboxMessage(db, id);
  if (!message) return missing();
  return {
    ok: true,
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
  } as const;
}

export type RetryResult = ServiceResult;

/** Back to the queue with fresh attempts and the same idempotency key; recorded in the audit trail. */
export async function retryEmail(db: DB, actor: Actor, id: number, now: Date): Promise<RetryResult> {
  if (!canOperatePlatform(actor)) return notOperator();
  return db.transaction().execute(async (trx): Promise<RetryResult> => {
    const message = await getOutboxMessage(trx, id);
    if (!message) return missing();
    if (!(await retryFailedEmail(trx, id, now))) return refused(409, [{ field: "form", key: "outbox.notRetryable" }]);
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
    return { ok: true };
  });
}
