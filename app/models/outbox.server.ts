import { sql } from "kysely";
import type { DB } from "../../db/connection";
import type { OutboxMessage, OutboxStatus } from "../../db/schema";
import { skippingRowsOthersClaim } from "./locks.server";

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

// --- Delivery (the worker in app/jobs/email-delivery.server.ts) ------------------------------

export interface ClaimedEmail {
  id: number;
  idempotencyKey: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Counting this try. */
  attempts: number;
  /** The lease this worker holds; recording the outcome checks it, so a stale worker changes nothing. */
  lockedUntil: string;
}

/**
 * Takes up to `limit` due messages for this worker in ONE statement: SQLite runs an UPDATE under
 * the write lock and PostgreSQL skips the rows another worker's claim has locked, so two workers
 * (threads, processes) can never claim the same row. Due means
 * waiting and its time has come, or "sending" whose lease ran out (the worker died mid-send):
 * that one is tried again with the same idempotency key, so the provider drops a duplicate.
 */
export async function claimDueEmails(
  db: DB,
  options: { now: Date; leaseMs: number; limit: number; maxAttempts: number },
): Promise<ClaimedEmail[]> {
  const now = options.now.toISOString();
  const lockedUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  // A message whose last allowed try died mid-send is not tried again: it fails, visibly.
  await db
    .updateTable("email_outbox")
    .set({ status: "failed", locked_until: null, last_error: sql`coalesce(last_error || ' · ', '') || 'interrupted while sending'` })
    .where("status", "=", "sending")
    .where("locked_until", "<", now)
    .where("attempts", ">=", options.maxAttempts)
    .execute();
  const rows = await db
    .updateTable("email_outbox")
    .set({ status: "sending", locked_until: lockedUntil, attempts: sql`attempts + 1` })
    .where("id", "in", (eb) =>
      skippingRowsOthersClaim(
        db,
        eb
          .selectFrom("email_outbox")
          .select("id")
          .where((w) =>
            w.or([
              w.and([w("status", "=", "pending"), w("next_attempt_at", "<=", now)]),
              w.and([w("status", "=", "sending"), w("locked_until", "<", now)]),
            ]),
          )
          .where("attempts", "<", options.maxAttempts)
          .orderBy("next_attempt_at")
          .orderBy("id")
          .limit(options.limit),
      ),
    )
    .returningAll()
    .execute();
  return rows
    .sort((a, b) => a.id - b.id)
    .map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotency_key,
      kind: r.kind,
      to: r.to_address,
      subject: r.subject,
      text: r.text_body,
      html: r.html_body,
      attempts: r.attempts,
      lockedUntil,
    }));
}

export type RecordedOutcome =
  { kind: "sent"; at: Date } | { kind: "retry"; nextAttemptAt: Date; error: string } | { kind: "failed"; error: string };

/** Records a try, only while this worker still holds the lease. */
export async function recordDelivery(db: DB, email: ClaimedEmail, outcome: RecordedOutcome): Promise<boolean> {
  const base = db
    .updateTable("email_outbox")
    .where("id", "=", email.id)
    .where("status", "=", "sending")
    .where("locked_until", "=", email.lockedUntil);
  const result =
    outcome.kind === "sent"
      ? await base.set({ status: "sent", sent_at: outcome.at.toISOString(), locked_until: null }).executeTakeFirst()
      : outcome.kind === "retry"
        ? await base
            .set({
              status: "pending",
              next_attempt_at: outcome.nextAttemptAt.toISOString(),
              locked_until: null,
              last_error: outcome.error.slice(0, 1000),
            })
            .executeTakeFirst()
        : await base.set({ status: "failed", locked_until: null, last_error: outcome.error.slice(0, 1000) }).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// --- The admin page --------------------------------------------------------------------------

export type OutboxListItem = Pick<
  OutboxMessage,
  "id" | "kind" | "status" | "attempts" | "last_error" | "created_at" | "sent_at" | "next_attempt_at" | "subject" | "to_address"
>;

export async function listOutbox(
  db: DB,
  options: { status: OutboxStatus | null; before: number | null; limit: number },
): Promise<{ rows: OutboxListItem[]; nextCursor: number | null }> {
  let query = db
    .selectFrom("email_outbox")
    .select(["id", "kind", "status", "attempts", "last_error", "created_at", "sent_at", "next_attempt_at", "subject", "to_address"]);
  if (options.status) query = query.where("status", "=", options.status);
  if (options.before !== null) query = query.where("id", "<", options.before);
  const rows = await query
    .orderBy("id", "desc")
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  return { rows: page, nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function getOutboxMessage(db: DB, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom("email_outbox").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A failed message goes back to the queue with a fresh set of tries and the SAME idempotency key. */
export async function retryFailedEmail(db: DB, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("email_outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: now.toISOString(), locked_until: null })
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
