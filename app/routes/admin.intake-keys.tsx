import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatInstant } from "~/components/case-view";
import { ErrorSummary, FieldError, Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { MAX_INTAKE_ROWS } from "~/domain/network-intake";
import { createIntakeKeySchema, revokeIntakeKeySchema } from "~/forms/intake-keys";
import { parseForm, type FieldErrors } from "~/forms/validation";
import { createIntakeKey, loadIntakeKeys, revokeIntakeKeyOf } from "~/services/network-intake-keys.server";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "intakeKeys.title");

// The platform admin's network intake keys (SPEC 4, 13); the service refuses anyone else too.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const result = await loadIntakeKeys(getDb(), actor);
  if (!result.ok) throw refusalResponse(result);
  return { keys: result.keys };
}

type ActionData = {
  errors?: FieldErrors;
  values?: Record<string, string>;
  created?: { name: string; secret: string };
  revoked?: { name: string };
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const now = systemClock();
  if (intent === "revoke") {
    const parsed = parseForm(formData, revokeIntakeKeySchema);
    if (!parsed.ok) return data<ActionData>({ errors: parsed.errors }, { status: 400 });
    const result = await revokeIntakeKeyOf(getDb(), actor, Number(parsed.data.keyId), now);
    if (result.ok) return data<ActionData>({ revoked: { name: result.name } });
    if (result.status === 403) throw refusalResponse(result);
    return data<ActionData>({ errors: fieldErrorsOf(result) }, { status: result.status });
  }
  if (intent !== "create") throw new Response("Bad Request", { status: 400 });
  const parsed = parseForm(formData, createIntakeKeySchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createIntakeKey(getDb(), actor, { name: parsed.data.name }, now);
  if (result.ok) return data<ActionData>({ created: { name: parsed.data.name, secret: result.secret } });
  if (result.status === 403) throw refusalResponse(result);
  return data<ActionData>({ errors: fieldErrorsOf(result), values: { name: parsed.data.name } }, { status: result.status });
}

export default function IntakeKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const errors = actionData?.errors ?? {};
  const typed = actionData?.created ? undefined : actionData?.values;
  const at = (instant: string) => `${formatInstant(instant, "UTC", locale)} UTC`;
  return (
    <>
      <p>
        <Link to="/admin">← {t("home.admin.title")}</Link>
      </p>
      <h1>{t("intakeKeys.title")}</h1>
      <p>{t("intakeKeys.intro", { max: MAX_INTAKE_ROWS })}</p>
      <p>
        <Link to="/api/docs">{t("api.docs")}</Link>
      </p>
      {actionData?.created ? (
        <Notice tone="success">
          <p>{t("intakeKeys.created", { name: actionData.created.name })}</p>
          <p>
            <label htmlFor="intake-secret">{t("api.secret")}</label>{" "}
            <input id="intake-secret" readOnly value={actionData.created.secret} size={60} data-testid="intake-secret" />
          </p>
        </Notice>
      ) : null}
      {actionData?.revoked ? <Notice tone="success">{t("intakeKeys.revoked.done", { name: actionData.revoked.name })}</Notice> : null}
      <ErrorSummary errors={[errors.name, errors.keyId, errors.form]} />

      <section aria-labelledby="intake-keys-heading">
        <h2 id="intake-keys-heading">{t("api.keys")}</h2>
        {keys.length === 0 ? (
          <p>{t("intakeKeys.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("intakeKeys.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("api.col.name")}</th>
                  <th scope="col">{t("api.col.id")}</th>
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
                      <code>dpn_{k.publicId}_…</code>
                    </td>
                    <td>
                      {at(k.createdAt)}
                      {k.createdByName ? ` · ${k.createdByName}` : ""}
                    </td>
                    <td>{k.lastUsedAt ? at(k.lastUsedAt) : t("api.never")}</td>
                    <td>
                      {k.revokedAt ? (
                        t("api.revoked", { at: at(k.revokedAt) })
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

      <section aria-labelledby="intake-create-heading" className="narrow">
        <h2 id="intake-create-heading">{t("intakeKeys.create.submit")}</h2>
        <p>{t("api.create.intro")}</p>
        <Form method="post" className="card" key={actionData?.created?.secret ?? "form"}>
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="intake-name">{t("api.name")}</label>
            <p className="hint" id="intake-name-hint">
              {t("intakeKeys.name.hint")}
            </p>
            <input
              id="intake-name"
              name="name"
              maxLength={200}
              defaultValue={typed?.name ?? ""}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? "intake-name-hint intake-name-error" : "intake-name-hint"}
            />
            <FieldError id="intake-name-error" error={errors.name} />
          </div>
          <button type="submit">{t("intakeKeys.create.submit")}</button>
        </Form>
      </section>
    </>
  );
}
