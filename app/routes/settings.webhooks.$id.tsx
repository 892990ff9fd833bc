import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatInstant } from "~/components/case-view";
import { ErrorSummary, Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { parseForm, type FieldErrors } from "~/forms/validation";
import { endpointActionSchema, endpointIdSchema } from "~/forms/webhooks";
import type { MessageKey } from "~/i18n";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { changeWebhookEndpoint, loadWebhookLog, resendWebhookDelivery } from "~/services/webhooks.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.webhooks");

function endpointIdOf(params: LoaderFunctionArgs["params"]): number {
  const parsed = endpointIdSchema.safeParse({ id: params.id });
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return Number(parsed.data.id);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const endpointId = endpointIdOf(params);
  const before = new URL(request.url).searchParams.get("before");
  const cursor = before !== null && /^\d{1,9}$/.test(before) ? Number(before) : null;
  const result = await loadWebhookLog(getDb(), actor, endpointId, cursor);
  if (!result.ok) throw refusalResponse(result);
  return { endpoint: result.endpoint, deliveries: result.deliveries, nextCursor: result.nextCursor };
}

type ActionData = { errors?: FieldErrors; done?: { key: MessageKey; params?: Record<string, string> } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const endpointId = endpointIdOf(params);
  const parsed = parseForm(await readFormData(request), endpointActionSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors }, { status: 400 });
  const { intent, deliveryId } = parsed.data;
  const now = systemClock();
  const db = getDb();
  if (intent === "resend") {
    if (deliveryId === undefined) return data<ActionData>({ errors: { form: "webhooks.error.notFound" } }, { status: 400 });
    const result = await resendWebhookDelivery(db, actor, endpointId, Number(deliveryId), now);
    if (result.ok) return data<ActionData>({ done: { key: "webhooks.resent.done", params: { eventId: result.eventId } } });
    if (result.status === 403 || result.status === 404) throw refusalResponse(result);
    return data<ActionData>({ errors: fieldErrorsOf(result) }, { status: result.status });
  }
  const result = await changeWebhookEndpoint(db, actor, endpointId, intent, now);
  if (!result.ok) {
    if (result.status === 403 || result.status === 404) throw refusalResponse(result);
    return data<ActionData>({ errors: fieldErrorsOf(result) }, { status: result.status });
  }
  if (intent === "delete") return redirect("/settings/webhooks");
  const done = { enable: "webhooks.enabled.done", disable: "webhooks.disabled.done", test: "webhooks.test.done" } as const;
  return data<ActionData>({ done: { key: done[intent] } });
}

export default function WebhookEndpointPage() {
  const { endpoint, deliveries, nextCursor } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const at = (iso: string) => `${formatInstant(iso, "UTC", locale)} UTC`;
  const button = (intent: "enable" | "disable" | "delete" | "test", label: MessageKey, className?: string) => (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={className}>
        {t(label)}
      </button>
    </Form>
  );
  return (
    <>
      <p>
        <Link to="/settings/webhooks">← {t("webhooks.back")}</Link>
      </p>
      <h1>{t("webhooks.endpoint.title", { url: endpoint.url })}</h1>
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      <p>
        {t("webhooks.col.events")}: {endpoint.events.split(" ").join(", ")}
      </p>
      <p data-testid="webhook-status">
        {endpoint.status === "enabled"
          ? t("webhooks.status.enabled")
          : t("webhooks.status.disabled", { reason: endpoint.disabledReason ?? "" })}
        {endpoint.failingSince ? ` · ${t("webhooks.failing", { at: at(endpoint.failingSince) })}` : ""}
      </p>
      {actionData?.done ? <Notice tone="success">{t(actionData.done.key, actionData.done.params)}</Notice> : null}
      <ErrorSummary errors={[actionData?.errors?.form, actionData?.errors?.intent, actionData?.errors?.deliveryId]} />

      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t("webhooks.actions")}</h2>
        <div className="actions">
          {endpoint.status === "enabled" ? button("test", "webhooks.test") : null}
          {endpoint.status === "enabled" ? button("disable", "webhooks.disable", "secondary") : button("enable", "webhooks.enable")}
          {button("delete", "webhooks.delete", "secondary")}
        </div>
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">{t("webhooks.log")}</h2>
        {deliveries.length === 0 ? (
          <p>{t("webhooks.log.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("webhooks.log.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("webhooks.col.event")}</th>
                  <th scope="col">{t("webhooks.col.status")}</th>
                  <th scope="col">{t("webhooks.col.tries")}</th>
                  <th scope="col">{t("webhooks.col.created")}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} data-event={d.eventId}>
                    <td>
                      <code>{d.eventType}</code>
                      <div className="hint">
                        <code>{d.eventId}</code>
                      </div>
                    </td>
                    <td>
                      {t(`webhooks.delivery.${d.status}`)}
                      {d.status === "pending" && d.attempts > 0 ? (
                        <div className="hint">{t("webhooks.nextTry", { at: at(d.nextAttemptAt) })}</div>
                      ) : null}
                      {(d.status === "sent" || d.status === "failed") && endpoint.status === "enabled" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="resend" />
                          <input type="hidden" name="deliveryId" value={String(d.id)} />
                          <button type="submit" className="secondary" aria-label={`${t("webhooks.resend")}: ${d.eventId}`}>
                            {t("webhooks.resend")}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                    <td>
                      <ol className="plain">
                        {d.tries.map((a, i) => (
                          <li key={i}>
                            {a.statusCode !== null
                              ? t("webhooks.try.answer", { at: at(a.attemptedAt), status: a.statusCode, ms: a.durationMs })
                              : t("webhooks.try.noAnswer", { at: at(a.attemptedAt), error: a.error ?? "", ms: a.durationMs })}
                          </li>
                        ))}
                      </ol>
                    </td>
                    <td>{at(d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextCursor !== null ? (
          <p>
            <Link to={`?before=${nextCursor}`}>{t("webhooks.older")}</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
