import type { DB } from "../../../db/connection";
import { keyManagesWebhooks } from "~/domain/api-keys";
import { subscribedEvents, type WebhookEventType } from "~/domain/webhooks";
import type { WebhookEndpointRow } from "~/models/webhook.server";
import { forbidden, type Refused } from "../result";
import { changeWebhookEndpoint, createWebhookEndpoint, loadWebhookEndpoints, type WebhookManager } from "../webhooks.server";
import type { ApiCaller } from "./keys.server";
import type { ApiAnswer } from "./idempotency.server";

// /api/v1/webhook-endpoints (SPEC 13): the settings page's services, for a key that may manage them.

function managerOfKey(caller: ApiCaller): WebhookManager | Refused {
  const { actor } = caller;
  if (actor.organisationId === null || !keyManagesWebhooks({ scopes: caller.scopes, accountLimit: actor.accountLimit })) {
    return forbidden("api.error.webhooksKey");
  }
  return { userId: actor.userId, organisationId: actor.organisationId };
}

function endpointJson(e: WebhookEndpointRow) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: subscribedEvents(e.events),
    status: e.status,
    disabledReason: e.disabledReason,
    failingSince: e.failingSince,
    createdAt: e.createdAt,
  };
}

export async function apiWebhookEndpoints(db: DB, caller: ApiCaller): Promise<ApiAnswer | Refused> {
  const manager = managerOfKey(caller);
  if ("ok" in manager) return manager;
  const result = await loadWebhookEndpoints(db, manager);
  if (!result.ok) return result;
  return { status: 200, body: { data: result.endpoints.map(endpointJson) } };
}

export async function apiCreateWebhookEndpoint(
  trx: DB,
  caller: ApiCaller,
  body: { url: string; description?: string | undefined; events: WebhookEventType[] },
  now: Date,
): Promise<ApiAnswer | Refused> {
  const manager = managerOfKey(caller);
  if ("ok" in manager) return manager;
  const created = await createWebhookEndpoint(
    trx,
    manager,
    { url: body.url, description: body.description ?? "", events: body.events },
    now,
  );
  if (!created.ok) return created;
  // The only answer that carries the signing secret; a replay of this POST gives it again.
  return { status: 201, body: { id: created.id, url: body.url, events: body.events, secret: created.secret } };
}

export async function apiDeleteWebhookEndpoint(db: DB, caller: ApiCaller, endpointId: number, now: Date): Promise<ApiAnswer | Refused> {
  const manager = managerOfKey(caller);
  if ("ok" in manager) return manager;
  const result = await changeWebhookEndpoint(db, manager, endpointId, "delete", now);
  return result.ok ? { status: 204, body: null } : result;
}
