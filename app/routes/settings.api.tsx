import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatInstant } from "~/components/case-view";
import { ErrorSummary, FieldError, Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { withAccountList } from "~/forms/admin-users";
import { createApiKeySchema, revokeApiKeySchema } from "~/forms/api-keys";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import { createApiKey, loadApiKeys, revokeKey } from "~/services/api-keys.server";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.api");

// Only an org_admin; the service refuses anyone else too.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const result = await loadApiKeys(getDb(), actor);
  if (!result.ok) throw refusalResponse(result);
  return { keys: result.keys, accounts: result.accounts, organisation: result.organisationName };
}

type ActionData = {
  errors?: FieldErrors;
  values?: Record<string, string>;
  created?: { name: string; secret: string };
  revoked?: { name: string };
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const now = systemClock();
  if (intent === "revoke") {
    const parsed = parseForm(formData, revokeApiKeySchema);
    if (!parsed.ok) return data<ActionData>({ errors: parsed.errors }, { status: 400 });
    const result = await revokeKey(getDb(), actor, Number(parsed.data.keyId), now);
    if (result.ok) return data<ActionData>({ revoked: { name: result.name } });
    if (result.status === 403) throw refusalResponse(result);
    return data<ActionData>({ errors: fieldErrorsOf(result) }, { status: result.status });
  }
  if (intent !== "create") throw new Response("Bad Request", { status: 400 });
  const form = withAccountList(formData);
  const parsed = parseForm(form, createApiKeySchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { name, scope, accountsMode, accounts } = parsed.data;
  const chosen = accountsMode === "all" ? "all" : accounts.split(",").filter(Boolean).map(Number);
  const result = await createApiKey(getDb(), actor, { name, scope, accounts: chosen }, now);
  if (result.ok) return data<ActionData>({ created: { name, secret: result.secret } });
  if (result.status === 403) throw refusalResponse(result);
  return data<ActionData>({ errors: fieldErrorsOf(result), values: echoValues(form) }, { status: result.status });
}

const FIELDS = ["name", "scope", "accountsMode", "accounts", "form"] as const;

export default function ApiKeysPage() {
  const { keys, accounts, organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const errors = actionData?.errors ?? {};
  // After a key is made the form starts empty again; a refused form keeps what was typed.
  const typed = actionData?.created ? undefined : actionData?.values;
  const checked = new Set((typed?.accounts ?? "").split(",").filter(Boolean));
  const mode = typed?.accountsMode === "some" ? "some" : "all";
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  const timeZone = "UTC";
  return (
    <>
      <p>
        <Link to="/settings">← {t("settings.back")}</Link>
      </p>
      <h1>{t("api.title", { organisation })}</h1>
      <p>
        <Link to="/api/docs">{t("api.docs")}</Link>
      </p>
      {actionData?.created ? (
        <Notice tone="success">
          <p>{t("api.created", { name: actionData.created.name })}</p>
          <p>
            <label htmlFor="api-secret">{t("api.secret")}</label>{" "}
            <input id="api-secret" readOnly value={actionData.created.secret} size={60} data-testid="api-secret" />
          </p>
        </Notice>
      ) : null}
      {actionData?.revoked ? <Notice tone="success">{t("api.revoked.done", { name: actionData.revoked.name })}</Notice> : null}

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t("api.keys")}</h2>
        {keys.length === 0 ? (
          <p>{t("api.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("api.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("api.col.name")}</th>
                  <th scope="col">{t("api.col.id")}</th>
                  <th scope="col">{t("api.col.scopes")}</th>
                  <th scope="col">{t("api.col.accounts")}</th>
                  <th scope="col">{t("api.col.created")}</th>
                  <th scope="col">{t("api.col.lastUsed")}</th>
                  <th scope="col">{t("api.col.status")}</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id} data-key={k.publicId}>
                    <td>{k.name}</td>
                    <td>
                      <code>dp_{k.publicId}_…</code>
                    </td>
                    <td>{k.scopes.replace(",", ", ")}</td>
                    <td>
                      {k.allAccounts ? t("users.accounts.all") : k.accountIds.map((id) => accountName.get(id) ?? String(id)).join(", ")}
                    </td>
                    <td>{formatInstant(k.createdAt, timeZone, locale)} UTC</td>
                    <td>{k.lastUsedAt ? `${formatInstant(k.lastUsedAt, timeZone, locale)} UTC` : t("api.never")}</td>
                    <td>
                      {k.revokedAt ? (
                        t("api.revoked", { at: `${formatInstant(k.revokedAt, timeZone, locale)} UTC` })
                      ) : (
                        <Form method="post">
                          {t("api.active")} <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="keyId" value={String(k.id)} />
                          <button type="submit" className="secondary" aria-label={`${t("api.revoke")}: ${k.name}`}>
                            {t("api.revoke")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="create-heading" className="narrow">
        <h2 id="create-heading">{t("api.create")}</h2>
        <p>{t("api.create.intro")}</p>
        <ErrorSummary errors={FIELDS.map((f) => errors[f])} />
        <Form method="post" className="card" key={actionData?.created?.secret ?? "form"}>
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="api-name">{t("api.name")}</label>
            <p className="hint" id="api-name-hint">
              {t("api.name.hint")}
            </p>
            <input
              id="api-name"
              name="name"
              maxLength={200}
              defaultValue={typed?.name ?? ""}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? "api-name-hint api-name-error" : "api-name-hint"}
            />
            <FieldError id="api-name-error" error={errors.name} />
          </div>
          <fieldset>
            <legend>{t("api.scope")}</legend>
            {(["read", "respond"] as const).map((s) => (
              <div key={s} className="choice">
                <label>
                  <input type="radio" name="scope" value={s} defaultChecked={(typed?.scope ?? "read") === s} /> {t(`api.scope.${s}`)}
                </label>
              </div>
            ))}
            <FieldError id="api-scope-error" error={errors.scope} />
          </fieldset>
          <fieldset aria-describedby={errors.accounts ? "api-accounts-error" : undefined}>
            <legend>{t("api.accountsMode")}</legend>
            {(["all", "some"] as const).map((m) => (
              <div key={m} className="choice">
                <label>
                  <input type="radio" name="accountsMode" value={m} defaultChecked={mode === m} /> {t(`api.accounts.${m}`)}
                </label>
              </div>
            ))}
            {accounts.map((a) => (
              <div key={a.id} className="choice">
                <label>
                  <input type="checkbox" name="accounts" value={a.id} defaultChecked={checked.has(String(a.id))} /> {a.name} (
                  {a.merchantNumber})
                </label>
              </div>
            ))}
            <FieldError id="api-accounts-error" error={errors.accounts ?? errors.accountsMode} />
          </fieldset>
          <button type="submit">{t("api.create.submit")}</button>
        </Form>
      </section>
    </>
  );
}
