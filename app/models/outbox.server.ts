import type { DB } from "../../db/connection";

export interface OutgoingEmail {
  /** Stable per logical message: the provider uses it to drop duplicates of a retried send. */
  idempotencyKey: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

/**
 * Queues an email. Call it inside the same transaction as the change the email reports, so the
 * message exists exactly when the change does; a delivery worker sends it later.
 */
export async function enqueueEmail(db: DB, email: OutgoingEmail, now: Date): Promise<void> {
  await db
    .insertInto("email_outbox")
    .values({
      idempotency_key: email.idempotencyKey,
      kind: email.kind,
      to_address: email.to,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html ?? null,
      next_attempt_at: now.toISOString(),
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .execute();
}
