import { randomUUID } from "node:crypto";
import type { DB } from "../../db/connection";
import { managedOrganisation, type Actor } from "~/domain/permissions";
import { eventTypeForNotice, storedEvents, webhookUrlProblem, type SentEventType, type WebhookEventType } from "~/domain/webhooks";
import { isLocale, translate } from "~/i18n";
import { recordAudit } from "~/models/audit.server";
import type { CaseEventForNotice, CaseForNotice } from "~/models/notification.server";
import { organisationName } from "~/models/org-users.server";
import { enqueueEmail } from "~/models/outbox.server";
import {
  deleteWebhookEndpoint,
  disableFailingEndpoint,
  enqueueWebhookEvent,
  findWebhookEndpoint,
  lockWebhookEndpoint,
  insertWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  resendDelivery,
  setWebhookEndpointStatus,
  type DeliveryLogRow,
  type AttemptRow,
  type WebhookEndpointRow,
} from "~/models/webhook.server";
import { getEnv } from "~/utils/env.server";
import { generateSecureRandomString } from "~/utils/random.server";
import { eventIdFor } from "~/utils/webhook-signature.server";
import { forbidden, refused, type ServiceResult } from "./result";

// /settings/webhooks (SPEC 13): an org_admin's endpoints, their delivery log, and the events the
// disputes area reports (through notifyCase, in the transaction of each change).

const notFound = () => refused(404, [{ field: "form", key: "webhooks.error.notFound" }]);

/**
 * Who manages an organisation's endpoints: its org_admin on the pages, or an API key that may
 * (webhookManagerOfKey in app/services/api). Changes are recorded under `userId`.
 */
export type WebhookManager = { userId: number; organisationId: number };

function managerOf(who: Actor | WebhookManager): WebhookManager | null {
  if (!("role" in who)) return who;
  const organisationId = managedOrganisation(who);
  return organisationId === null ? null : { userId: who.userId, organisationId };
}

/** The caller's transaction (an API POST under its Idempotency-Key), or one of its own. */
function inOneTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export function webhooksAllowHttp(): boolean {
  const env = getEnv();
  return env.NODE_ENV !== "production" || env.WEBHOOKS_ALLOW_HTTP === "on";
}

export async function loadWebhookEndpoints(
  db: DB,
  who: Actor | WebhookManager,
): Promise<ServiceResult<{ endpoints: WebhookEndpointRow[]; organisationName: string }>> {
  const manager = managerOf(who);
  if (manager === null) return forbidden("error.forbidden");
  const { organisationId } = manager;
  const [endpoints, name] = await Promise.all([listWebhookEndpoints(db, organisationId), organisationName(db, organisationId)]);
  return { ok: true, endpoints, organisationName: name?.name ?? "" };
}

export interface NewWebhookEndpoint {
  url: string;
  description: string;
  events: readonly WebhookEventType[];
}

/** The signing secret is in the answer once; the endpoint's page never shows it again. */
export async function createWebhookEndpoint(
  db: DB,
  who: Actor | WebhookManager,
  input: NewWebhookEndpoint,
  now: Date,
  options: { allowHttp: boolean } = { allowHttp: webhooksAllowHttp() },
): Promise<ServiceResult<{ id: number; secret: string }>> {
  const manager = managerOf(who);
  if (manager === null) return forbidden("error.forbidden");
  const { organisationId } = manager;
  const problem = webhookUrlProblem(input.url, options);
  if (problem) return refused(400, [{ field: "url", key: problem }]);
  if (input.events.length === 0) return refused(400, [{ field: "events", key: "webhooks.error.events" }]);
  const events = storedEvents(input.events);
  const secret = `whsec_${generateSecureRandomString()}`;
  const id = await inOneTransaction(db, async (trx) => {
    const created = await insertWebhookEndpoint(
      trx,
      { organisationId, url: input.url, description: input.description, events, secret, createdBy: manager.userId },
      now,
    );
    await recordAudit(
      trx,
      {
        actorUserId: manager.userId,
        action: "webhook_created",
        entityType: "webhook_endpoint",
        entityId: created,
        organisationId,
        details: { url: input.url, events },
      },
      now,
    );
    return created;
  });
  return { ok: true, id, secret };
}

export type EndpointChange = "enable" | "disable" | "delete" | "test";

/** An org_admin's change to one endpoint of the organisation, audited; another organisation's endpoint is a 404. */
export async function changeWebhookEndpoint(
  db: DB,
  who: Actor | WebhookManager,
  endpointId: number,
  change: EndpointChange,
  now: Date,
): Promise<ServiceResult<{ url: string }>> {
  const manager = managerOf(who);
  if (manager === null) return forbidden("error.forbidden");
  const { organisationId } = manager;
  const result = await inOneTransaction(db, async (trx) => {
    const endpoint = await lockWebhookEndpoint(trx, organisationId, endpointId);
    if (!endpoint) return null;
    const details = { url: endpoint.url };
    const audit = { actorUserId: manager.userId, entityType: "webhook_endpoint", entityId: endpointId, organisationId } as const;
    switch (change) {
      case "enable":
        await setWebhookEndpointStatus(trx, organisationId, endpointId, { status: "enabled" });
        await recordAudit(trx, { ...audit, action: "webhook_enabled", details }, now);
        break;
      case "disable":
        await setWebhookEndpointStatus(trx, organisationId, endpointId, { status: "disabled", reason: "by an administrator" });
        await recordAudit(trx, { ...audit, action: "webhook_disabled", details: { ...details, reason: "by an administrator" } }, now);
        break;
      case "delete":
        await deleteWebhookEndpoint(trx, organisationId, endpointId, now);
        await recordAudit(trx, { ...audit, action: "webhook_deleted", details }, now);
        break;
      case "test": {
        if (endpoint.status !== "enabled") return "disabled" as const;
        const id = `evt_test_${randomUUID().replaceAll("-", "")}`;
        const payload = eventBody({ id, type: "ping", created: now, data: { endpoint: { id: endpointId, url: endpoint.url } } });
        await enqueueWebhookEvent(trx, { organisationId, id, type: "ping", payload }, now, endpointId);
        await recordAudit(trx, { ...audit, action: "webhook_test_sent", details }, now);
        break;
      }
    }
    return details;
  });
  if (result === null) return notFound();
  if (result === "disabled") return refused(409, [{ field: "form", key: "webhooks.error.disabled" }]);
  return { ok: true, url: result.url };
}

/** An endpoint with a page of its delivery log (newest first, keyset by delivery id). */
export async function loadWebhookLog(
  db: DB,
  who: Actor | WebhookManager,
  endpointId: number,
  before: number | null,
): Promise<
  ServiceResult<{ endpoint: WebhookEndpointRow; deliveries: (DeliveryLogRow & { tries: AttemptRow[] })[]; nextCursor: number | null }>
> {
  const manager = managerOf(who);
  if (manager === null) return forbidden("error.forbidden");
  const { organisationId } = manager;
  const endpoint = await findWebhookEndpoint(db, organisationId, endpointId);
  if (!endpoint) return notFound();
  const { rows, nextCursor } = await listDeliveries(db, endpointId, { before, limit: 25 });
  return { ok: true, endpoint, deliveries: rows, nextCursor };
}

/** Sends a delivered or given-up event to an enabled endpoint again, with its own event id. */
export async function resendWebhookDelivery(
  db: DB,
  who: Actor | WebhookManager,
  endpointId: number,
  deliveryId: number,
  now: Date,
): Promise<ServiceResult<{ eventId: string }>> {
  const manager = managerOf(who);
  if (manager === null) return forbidden("error.forbidden");
  const { organisationId } = manager;
  const result = await inOneTransaction(db, async (trx) => {
    const endpoint = await lockWebhookEndpoint(trx, organisationId, endpointId);
    if (!endpoint) return null;
    if (endpoint.status !== "enabled") return "disabled" as const;
    const resent = await resendDelivery(trx, endpointId, deliveryId, now);
    if (!resent) return "busy" as const;
    await recordAudit(
      trx,
      {
        actorUserId: manager.userId,
        action: "webhook_resent",
        entityType: "webhook_endpoint",
        entityId: endpointId,
        organisationId,
        details: { url: endpoint.url, eventId: resent.eventId },
      },
      now,
    );
    return resent;
  });
  if (result === null) return notFound();
  if (result === "disabled") return refused(409, [{ field: "form", key: "webhooks.error.disabled" }]);
  if (result === "busy") return refused(409, [{ field: "form", key: "webhooks.error.notResendable" }]);
  return { ok: true, eventId: result.eventId };
}

function eventBody(event: { id: string; type: SentEventType; created: Date; data: unknown }): string {
  return JSON.stringify({ id: event.id, type: event.type, created: event.created.toISOString(), data: event.data });
}

/**
 * The webhook event of one case notice, queued in the caller's transaction for each endpoint that
 * chose it. The id follows from the notice, so the same notice reported twice is one event.
 */
export async function queueCaseWebhooks(
  db: DB,
  notice: { kind: "new_case" | "case_update" | "urgent"; key: string; case: CaseForNotice; event?: CaseEventForNotice },
  now: Date,
): Promise<void> {
  const type = eventTypeForNotice(notice.kind, notice.event?.eventType);
  const id = eventIdFor(notice.key);
  const payload = eventBody({
    id,
    type,
    created: now,
    data: {
      case: caseData(notice.case),
      ...(notice.event
        ? {
            change: {
              event: notice.event.eventType,
              fromStatus: notice.event.fromStatus,
              toStatus: notice.event.toStatus,
              outcome: notice.event.outcome,
            },
          }
        : {}),
    },
  });
  await enqueueWebhookEvent(db, { organisationId: notice.case.organisationId, id, type, payload }, now);
}

function caseData(c: CaseForNotice) {
  return {
    number: c.caseNumber,
    type: c.type,
    status: c.status,
    outcome: c.outcome,
    amount: { minor: c.amountMinor, currency: c.currency },
    respondBy: c.respondBy,
    account: { id: c.accountId, name: c.accountName },
  };
}

/** A staged reminder (SPEC 5) as an event: once per case, respond-by and stage, whoever was reminded. */
export async function queueReminderWebhook(
  db: DB,
  reminder: { key: string; case: CaseForNotice; stage: number; daysLeft: number },
  now: Date,
): Promise<void> {
  const id = eventIdFor(reminder.key);
  const payload = eventBody({
    id,
    type: "case.reminder",
    created: now,
    data: { case: caseData(reminder.case), reminder: { stage: reminder.stage, daysLeft: reminder.daysLeft } },
  });
  await enqueueWebhookEvent(db, { organisationId: reminder.case.organisationId, id, type: "case.reminder", payload }, now);
}

/** A statement just generated, as an event, in the transaction that stored it. */
export async function queueStatementWebhook(db: DB, statement: { id: number; accountId: number; month: string }, now: Date): Promise<void> {
  const account = await db
    .selectFrom("accounts")
    .select(["organisation_id", "name"])
    .where("id", "=", statement.accountId)
    .executeTakeFirstOrThrow();
  const id = eventIdFor(`statement:${statement.id}`);
  const payload = eventBody({
    id,
    type: "statement.created",
    created: now,
    data: { statement: { id: statement.id, month: statement.month, account: { id: statement.accountId, name: account.name } } },
  });
  await enqueueWebhookEvent(db, { organisationId: account.organisation_id, id, type: "statement.created", payload }, now);
}

/**
 * The delivery job's three-day rule: disables the endpoint (once, whichever worker gets there
 * first), audits it and emails the organisation's admins in their language. In the caller's transaction.
 */
export async function noticeOfDisabledEndpoint(trx: DB, endpointId: number, now: Date): Promise<boolean> {
  const reason = "failed for 3 days";
  const disabled = await disableFailingEndpoint(trx, endpointId, reason);
  if (!disabled) return false;
  await recordAudit(
    trx,
    {
      actorUserId: null,
      action: "webhook_disabled",
      entityType: "webhook_endpoint",
      entityId: endpointId,
      organisationId: disabled.organisationId,
      details: { url: disabled.url, reason },
    },
    now,
  );
  const admins = await trx
    .selectFrom("users")
    .select(["id", "email", "display_name", "locale"])
    .where("organisation_id", "=", disabled.organisationId)
    .where("role", "=", "org_admin")
    .where("deactivated_at", "is", null)
    .execute();
  const link = new URL(`/settings/webhooks/${endpointId}`, getEnv().APP_URL).toString();
  for (const admin of admins) {
    const locale = isLocale(admin.locale) ? admin.locale : "en";
    await enqueueEmail(
      trx,
      {
        idempotencyKey: `webhook-disabled:${endpointId}:${now.toISOString()}:user:${admin.id}`,
        kind: "webhook_disabled",
        to: admin.email,
        subject: translate(locale, "webhooks.email.disabled.subject"),
        text: translate(locale, "webhooks.email.disabled.text", { name: admin.display_name, url: disabled.url, link }),
      },
      now,
    );
  }
  return true;
}
