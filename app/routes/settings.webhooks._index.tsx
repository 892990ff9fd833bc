import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatInstant } from "~/components/case-view";
import { ErrorSummary, FieldError, Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX } from "~/domain/webhooks";
import { withJoinedList } from "~/forms/admin-users";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import { createWebhookSchema } from "~/forms/webhooks";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { createWebhookEndpoint, loadWebhookEndpoints } from "~/services/webhooks.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.webhooks");

// Only an org_admin; the service refuses anyone else too.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const result = await loadWebhookEndpoints(getDb(), actor);
  if (!result.ok) throw refusalResponse(result);
  return { endpoints: result.endpoints, organisation: result.organisationName };
}

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; created?: { id: number; url: string; secret: string } };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const form = withJoinedList(await readFormData(request), "events");
  const parsed = parseForm(form, createWebhookSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createWebhookEndpoint(getDb(), actor, parsed.data, systemClock());
  if (result.ok) return data<ActionData>({ created: { id: result.id, url: parsed.data.url, secret: result.secret } });
  if (result.status === 403) throw refusalResponse(result);
  return data<ActionData>({ errors: fieldErrorsOf(result), values: echoValues(form) }, { status: result.status });
}

const FIELDS = ["url", "description", "events", "form"] as const;

export default function WebhooksPage() {
  const { endpoints, organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const errors = actionData?.errors ?? {};
  // After an endpoint is added the form starts empty again; a refused form keeps what was typed.
  const typed = actionData?.created ? undefined : actionData?.values;
  const checked = new Set((typed?.events ?? WEBHOOK_EVENT_TYPES.join(",")).split(",").filter(Boolean));
  const at = (iso: string) => `${formatInstant(iso, "UTC", locale)} UTC`;
  return (
    <>
      <p>
        <Link to="/settings">← {t("settings.back")}</Link>
      </p>
      <h1>{t("webhooks.title", { organisation })}</h1>
      <p>{t("webhooks.intro")}</p>
      <p>
        <Link to="/api/docs#webhooks">{t("api.docs")}</Link>
      </p>
      {actionData?.created ? (
        <Notice tone="success">
          <p>{t("webhooks.created")}</p>
          <p>
            <label htmlFor="webhook-secret">{t("webhooks.secret")}</label>{" "}
            <input id="webhook-secret" readOnly value={actionData.created.secret} size={50} data-testid="webhook-secret" />
          </p>
        </Notice>
      ) : null}

      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">{t("webhooks.endpoints")}</h2>
        {endpoints.length === 0 ? (
          <p>{t("webhooks.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("webhooks.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("webhooks.col.url")}</th>
                  <th scope="col">{t("webhooks.col.events")}</th>
                  <th scope="col">{t("webhooks.col.status")}</th>
                  <th scope="col">{t("webhooks.col.created")}</th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link to={`/settings/webhooks/${e.id}`} aria-label={t("webhooks.open", { url: e.url })}>
                        {e.url}
                      </Link>
                      {e.description ? <div className="hint">{e.description}</div> : null}
                    </td>
                    <td>{e.events.split(" ").join(", ")}</td>
                    <td>
                      {e.status === "enabled"
                        ? t("webhooks.status.enabled")
                        : t("webhooks.status.disabled", { reason: e.disabledReason ?? "" })}
                      {e.failingSince ? <div className="hint">{t("webhooks.failing", { at: at(e.failingSince) })}</div> : null}
                    </td>
                    <td>{at(e.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="create-heading" className="narrow">
        <h2 id="create-heading">{t("webhooks.create")}</h2>
        <p>{t("webhooks.create.intro")}</p>
        <ErrorSummary errors={FIELDS.map((f) => errors[f])} />
        <Form method="post" className="card" key={actionData?.created?.secret ?? "form"}>
          <div className="field">
            <label htmlFor="webhook-url">{t("webhooks.url")}</label>
            <p className="hint" id="webhook-url-hint">
              {t("webhooks.url.hint")}
            </p>
            <input
              id="webhook-url"
              name="url"
              type="url"
              maxLength={WEBHOOK_URL_MAX}
              defaultValue={typed?.url ?? ""}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={errors.url ? "webhook-url-hint webhook-url-error" : "webhook-url-hint"}
            />
            <FieldError id="webhook-url-error" error={errors.url} />
          </div>
          <div className="field">
            <label htmlFor="webhook-description">{t("webhooks.description")}</label>
            <p className="hint" id="webhook-description-hint">
              {t("webhooks.description.hint")}
            </p>
            <input
              id="webhook-description"
              name="description"
              maxLength={WEBHOOK_DESCRIPTION_MAX}
              defaultValue={typed?.description ?? ""}
              aria-invalid={errors.description ? true : undefined}
              aria-describedby={errors.description ? "webhook-description-hint webhook-description-error" : "webhook-description-hint"}
            />
            <FieldError id="webhook-description-error" error={errors.description} />
          </div>
          <fieldset aria-describedby={errors.events ? "webhook-events-error" : undefined}>
            <legend>{t("webhooks.events")}</legend>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <div key={type} className="choice">
                <label>
                  <input type="checkbox" name="events" value={type} defaultChecked={checked.has(type)} /> {t(`webhooks.event.${type}`)}
                </label>
              </div>
            ))}
            <FieldError id="webhook-events-error" error={errors.events} />
          </fieldset>
          <button type="submit">{t("webhooks.create.submit")}</button>
        </Form>
      </section>
    </>
  );
}
