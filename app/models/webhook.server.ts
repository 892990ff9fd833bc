import { sql } from "kysely";
import { isPostgres, type DB } from "../../db/connection";
import type { WebhookDeliveryStatus, WebhookEndpointStatus } from "../../db/schema";
import type { DeliveryOutcome } from "~/domain/notifications";
import { subscribedEvents, type SentEventType } from "~/domain/webhooks";
import { skippingRowsOthersClaim } from "./locks.server";

// Webhook endpoints of one organisation and the deliveries of their events (SPEC 13).

export interface WebhookEndpointRow {
  id: number;
  url: string;
  description: string;
  events: string;
  status: WebhookEndpointStatus;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  createdByName: string | null;
}

const endpointColumns = [
  "webhook_endpoints.id",
  "webhook_endpoints.url",
  "webhook_endpoints.description",
  "webhook_endpoints.events",
  "webhook_endpoints.status",
  "webhook_endpoints.disabled_reason as disabledReason",
  "webhook_endpoints.failing_since as failingSince",
  "webhook_endpoints.created_at as createdAt",
  "users.display_name as createdByName",
] as const;

/** The organisation's endpoints, newest first (a handful per organisation); deleted ones are gone. */
export function listWebhookEndpoints(db: DB, organisationId: number): Promise<WebhookEndpointRow[]> {
  return db
    .selectFrom("webhook_endpoints")
    .leftJoin("users", "users.id", "webhook_endpoints.created_by")
    .select(endpointColumns)
    .where("webhook_endpoints.organisation_id", "=", organisationId)
    .where("webhook_endpoints.deleted_at", "is", null)
    .orderBy("webhook_endpoints.id", "desc")
    .execute();
}

/** One endpoint, only within its organisation: another organisation's id finds nothing. */
export function findWebhookEndpoint(db: DB, organisationId: number, endpointId: number): Promise<WebhookEndpointRow | undefined> {
  return db
    .selectFrom("webhook_endpoints")
    .leftJoin("users", "users.id", "webhook_endpoints.created_by")
    .select(endpointColumns)
    .where("webhook_endpoints.organisation_id", "=", organisationId)
    .where("webhook_endpoints.id", "=", endpointId)
    .where("webhook_endpoints.deleted_at", "is", null)
    .executeTakeFirst();
}

/**
 * The endpoint a change decides on, read in the change's transaction and locked there (PostgreSQL;
 * SQLite's write lock is held already), so a disable and a test event or re-send cannot both
 * act on what each read before the other wrote.
 */
export async function lockWebhookEndpoint(trx: DB, organisationId: number, endpointId: number): Promise<WebhookEndpointRow | undefined> {
  if (!trx.isTransaction) throw new Error("lockWebhookEndpoint: call it inside the change's transaction");
  const locked = await trx
    .selectFrom("webhook_endpoints")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("id", "=", endpointId)
    .where("deleted_at", "is", null)
    .$if(isPostgres(trx), (q) => q.forUpdate())
    .executeTakeFirst();
  return locked ? findWebhookEndpoint(trx, organisationId, endpointId) : undefined;
}

export async function insertWebhookEndpoint(
  trx: DB,
  endpoint: { organisationId: number; url: string; description: string; events: string; secret: string; createdBy: number },
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto("webhook_endpoints")
    .values({
      organisation_id: endpoint.organisationId,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      secret: endpoint.secret,
      created_by: endpoint.createdBy,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Enables or disables an endpoint of the organisation; false when there is no such endpoint.
 * Enabling starts its failure count afresh. Disabling gives up its waiting deliveries.
 */
export async function setWebhookEndpointStatus(
  trx: DB,
  organisationId: number,
  endpointId: number,
  change: { status: "enabled" } | { status: "disabled"; reason: string },
): Promise<boolean> {
  const result = await trx
    .updateTable("webhook_endpoints")
    .set(
      change.status === "enabled"
        ? { status: "enabled", disabled_reason: null, failing_since: null }
        : { status: "disabled", disabled_reason: change.reason },
    )
    .where("organisation_id", "=", organisationId)
    .where("id", "=", endpointId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  if (change.status === "disabled") await giveUpWaitingDeliveries(trx, endpointId, `endpoint disabled: ${change.reason}`);
  return true;
}

export async function deleteWebhookEndpoint(trx: DB, organisationId: number, endpointId: number, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable("webhook_endpoints")
    .set({ deleted_at: now.toISOString(), status: "disabled", disabled_reason: "deleted" })
    .where("organisation_id", "=", organisationId)
    .where("id", "=", endpointId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await giveUpWaitingDeliveries(trx, endpointId, "endpoint deleted");
  return true;
}

async function giveUpWaitingDeliveries(trx: DB, endpointId: number, reason: string): Promise<void> {
  await trx
    .updateTable("webhook_deliveries")
    .set({ status: "failed", locked_until: null, last_error: reason })
    .where("endpoint_id", "=", endpointId)
    .where("status", "=", "pending")
    .execute();
}

export interface WebhookEvent {
  organisationId: number;
  id: string;
  type: SentEventType;
  /** The JSON body every endpoint receives, signed as it is. */
  payload: string;
}

/**
 * Queues the event for each enabled endpoint of the organisation that chose its type (or only for
 * `onlyEndpointId`: the test event), in the caller's transaction. An event already queued for an
 * endpoint is not queued again. Returns how many deliveries were queued.
 */
export async function enqueueWebhookEvent(db: DB, event: WebhookEvent, now: Date, onlyEndpointId?: number): Promise<number> {
  let query = db
    .selectFrom("webhook_endpoints")
    .select(["id", "events"])
    .where("organisation_id", "=", event.organisationId)
    .where("status", "=", "enabled")
    .where("deleted_at", "is", null);
  if (onlyEndpointId !== undefined) query = query.where("id", "=", onlyEndpointId);
  const endpoints = (await query.execute()).filter(
    (e) => onlyEndpointId !== undefined || (subscribedEvents(e.events) as string[]).includes(event.type),
  );
  if (endpoints.length === 0) return 0;
  const result = await db
    .insertInto("webhook_deliveries")
    .values(
      endpoints.map((e) => ({
        endpoint_id: e.id,
        event_id: event.id,
        event_type: event.type,
        payload: event.payload,
        next_attempt_at: now.toISOString(),
        created_at: now.toISOString(),
      })),
    )
    .onConflict((oc) => oc.columns(["endpoint_id", "event_id"]).doNothing())
    .returning("id")
    .execute();
  return result.length;
}

// --- Delivery (the worker in app/jobs/webhook-delivery.server.ts) ----------------------------

export interface ClaimedDelivery {
  id: number;
  endpointId: number;
  url: string;
  secret: string;
  eventId: string;
  eventType: string;
  payload: string;
  /** Counting this try. */
  attempts: number;
  lockedUntil: string;
}

/**
 * Takes up to `limit` due deliveries of enabled endpoints in one statement, like the email outbox:
 * two workers (processes) never claim the same one. A "sending" one whose lease ran out (the
 * worker died) is due again, under the same event id.
 */
export async function claimDueDeliveries(db: DB, options: { now: Date; leaseMs: number; limit: number }): Promise<ClaimedDelivery[]> {
  const now = options.now.toISOString();
  const lockedUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const rows = await db
    .updateTable("webhook_deliveries")
    .set({ status: "sending", locked_until: lockedUntil, attempts: sql`attempts + 1` })
    .where("id", "in", (eb) =>
      skippingRowsOthersClaim(
        db,
        eb
          .selectFrom("webhook_deliveries")
          .select("id")
          // An event queued while its endpoint was being disabled (each transaction saw it enabled) is never sent.
          .where("endpoint_id", "in", (e) => e.selectFrom("webhook_endpoints").select("id").where("status", "=", "enabled"))
          .where((w) =>
            w.or([
              w.and([w("status", "=", "pending"), w("next_attempt_at", "<=", now)]),
              w.and([w("status", "=", "sending"), w("locked_until", "<", now)]),
            ]),
          )
          .orderBy("next_attempt_at")
          .orderBy("id")
          .limit(options.limit),
      ),
    )
    .returning(["id", "endpoint_id", "event_id", "event_type", "payload", "attempts"])
    .execute();
  if (rows.length === 0) return [];
  const endpoints = await db
    .selectFrom("webhook_endpoints")
    .select(["id", "url", "secret"])
    .where(
      "id",
      "in",
      rows.map((r) => r.endpoint_id),
    )
    .execute();
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return rows
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      const endpoint = byId.get(r.endpoint_id)!;
      return {
        id: r.id,
        endpointId: r.endpoint_id,
        url: endpoint.url,
        secret: endpoint.secret,
        eventId: r.event_id,
        eventType: r.event_type,
        payload: r.payload,
        attempts: r.attempts,
        lockedUntil,
      };
    });
}

/**
 * Logs one try and records its outcome, only while this worker still holds the lease (a stale
 * worker changes nothing). Returns the endpoint's failing-since after the try, or undefined when
 * the lease was lost.
 */
export async function recordWebhookTry(
  trx: DB,
  delivery: ClaimedDelivery,
  attempt: { statusCode: number | null; durationMs: number; error: string | null },
  outcome: DeliveryOutcome,
  now: Date,
): Promise<{ failingSince: string | null } | undefined> {
  const base = trx
    .updateTable("webhook_deliveries")
    .where("id", "=", delivery.id)
    .where("status", "=", "sending")
    .where("locked_until", "=", delivery.lockedUntil);
  const common = { locked_until: null, last_status_code: attempt.statusCode };
  const result =
    outcome.kind === "sent"
      ? await base.set({ ...common, status: "sent", delivered_at: now.toISOString(), last_error: null }).executeTakeFirst()
      : outcome.kind === "retry"
        ? await base
            .set({
              ...common,
              status: "pending",
              next_attempt_at: outcome.nextAttemptAt.toISOString(),
              last_error: outcome.error.slice(0, 500),
            })
            .executeTakeFirst()
        : await base.set({ ...common, status: "failed", last_error: outcome.error.slice(0, 500) }).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  await trx
    .insertInto("webhook_attempts")
    .values({
      delivery_id: delivery.id,
      attempted_at: now.toISOString(),
      status_code: attempt.statusCode,
      duration_ms: Math.max(0, Math.round(attempt.durationMs)),
      error: attempt.error?.slice(0, 500) ?? null,
    })
    .execute();
  // A delivered try ends the endpoint's failing streak; a failed one starts it if none runs.
  const endpoint = await trx
    .updateTable("webhook_endpoints")
    .set(outcome.kind === "sent" ? { failing_since: null } : { failing_since: sql`coalesce(failing_since, ${now.toISOString()})` })
    .where("id", "=", delivery.endpointId)
    .returning(["failing_since"])
    .executeTakeFirst();
  return { failingSince: endpoint?.failing_since ?? null };
}

/** Disables an endpoint that is still enabled (the delivery job's three-day rule); true when this call did. */
export async function disableFailingEndpoint(
  trx: DB,
  endpointId: number,
  reason: string,
): Promise<{ organisationId: number; createdBy: number; url: string } | undefined> {
  const row = await trx
    .updateTable("webhook_endpoints")
    .set({ status: "disabled", disabled_reason: reason })
    .where("id", "=", endpointId)
    .where("status", "=", "enabled")
    .returning(["organisation_id", "created_by", "url"])
    .executeTakeFirst();
  if (!row) return undefined;
  await giveUpWaitingDeliveries(trx, endpointId, `endpoint disabled: ${reason}`);
  return { organisationId: row.organisation_id, createdBy: row.created_by, url: row.url };
}

// --- The delivery log ------------------------------------------------------------------------

export interface DeliveryLogRow {
  id: number;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string;
}

export interface AttemptRow {
  deliveryId: number;
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/** An endpoint's deliveries, newest first, in keyset pages (`before`: the last id shown), with their tries. */
export async function listDeliveries(
  db: DB,
  endpointId: number,
  options: { before: number | null; limit: number },
): Promise<{ rows: (DeliveryLogRow & { tries: AttemptRow[] })[]; nextCursor: number | null }> {
  let query = db
    .selectFrom("webhook_deliveries")
    .select([
      "id",
      "event_id as eventId",
      "event_type as eventType",
      "status",
      "attempts",
      "last_status_code as lastStatusCode",
      "last_error as lastError",
      "created_at as createdAt",
      "delivered_at as deliveredAt",
      "next_attempt_at as nextAttemptAt",
    ])
    .where("endpoint_id", "=", endpointId)
    .orderBy("id", "desc")
    .limit(options.limit + 1);
  if (options.before !== null) query = query.where("id", "<", options.before);
  const found = await query.execute();
  const rows = found.slice(0, options.limit);
  const tries =
    rows.length === 0
      ? []
      : await db
          .selectFrom("webhook_attempts")
          .select([
            "delivery_id as deliveryId",
            "attempted_at as attemptedAt",
            "status_code as statusCode",
            "duration_ms as durationMs",
            "error",
          ])
          .where(
            "delivery_id",
            "in",
            rows.map((r) => r.id),
          )
          .orderBy("id")
          .execute();
  return {
    rows: rows.map((r) => ({ ...r, tries: tries.filter((t) => t.deliveryId === r.id) })),
    nextCursor: found.length > options.limit ? rows[rows.length - 1]!.id : null,
  };
}

/** Sends a delivered or given-up event again (same event id), now; false when it is still on its way. */
export async function resendDelivery(trx: DB, endpointId: number, deliveryId: number, now: Date): Promise<{ eventId: string } | undefined> {
  const row = await trx
    .updateTable("webhook_deliveries")
    .set({ status: "pending", attempts: 0, next_attempt_at: now.toISOString(), locked_until: null })
    .where("id", "=", deliveryId)
    .where("endpoint_id", "=", endpointId)
    .where("status", "in", ["sent", "failed"])
    .returning(["event_id"])
    .executeTakeFirst();
  return row ? { eventId: row.event_id } : undefined;
}
