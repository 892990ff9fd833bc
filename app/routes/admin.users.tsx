import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useT } from "~/components/i18n";
import { UserTable } from "~/components/user-table";
import { ALL_ROLES } from "~/domain/permissions";
import { createUserSchema, userActiveSchema, withAccountList } from "~/forms/admin-users";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { createUser, loadUserAdmin, setUserActive } from "~/services/user-admin.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const result = await loadUserAdmin(getDb(), actor);
  if (!result.ok) throw refusalResponse(result);
  return { users: result.users, organisations: result.organisations, accounts: result.accounts, operatorId: actor.userId };
}

type ActionData = {
  errors?: FieldErrors;
  values?: Record<string, string>;
  created?: string;
  active?: { intent: "deactivate" | "reactivate"; changed: boolean };
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "deactivate" || intent === "reactivate") {
    const parsed = parseForm(formData, userActiveSchema);
    if (!parsed.ok) throw new Response("Bad Request", { status: 400 });
    const result = await setUserActive(getDb(), actor, parsed.data.userId, intent === "reactivate", systemClock());
    if (!result.ok && result.status !== 409) throw refusalResponse(result);
    if (!result.ok) return data<ActionData>({ errors: fieldErrorsOf(result) }, { status: result.status });
    return data<ActionData>({ active: { intent, changed: result.changed } });
  }
  if (intent !== "create") throw new Response("Bad Request", { status: 400 });
  const form = withAccountList(formData);
  const parsed = parseForm(form, createUserSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createUser(getDb(), actor, parsed.data, { now: systemClock(), appUrl: getEnv().APP_URL });
  if (result.ok) return data<ActionData>({ created: parsed.data.username });
  if (result.status === 403) throw refusalResponse(result);
  return data<ActionData>({ errors: fieldErrorsOf(result), values: echoValues(form) }, { status: result.status });
}

const FIELDS = ["username", "email", "displayName", "role", "organisationId", "accounts"] as const;

export default function AdminUsersPage() {
  const { users, organisations, accounts, operatorId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  // After a user was created the form starts empty again.
  const typed = actionData?.created ? undefined : actionData?.values;
  const form = useValidatedForm(createUserSchema, { defaultValues: typed, serverErrors: actionData?.errors });
  const checkedAccounts = new Set((typed?.accounts ?? "").split(",").filter(Boolean));
  const fieldError = (name: string) => {
    const key = form.errorOf(name);
    return key ? (
      <p className="field-error" id={`${name}-error`}>
        {t(key)}
      </p>
    ) : null;
  };
  return (
    <>
      <p>
        <Link to="/admin">← {t("admin.back")}</Link>
      </p>
      <h1>{t("admin.users.title")}</h1>
      {actionData?.created ? <Notice tone="success">{t("admin.users.created", { username: actionData.created })}</Notice> : null}
      {actionData?.active ? (
        <Notice tone="success">
          {t(actionData.active.intent === "deactivate" ? "admin.users.deactivatedNotice" : "admin.users.reactivatedNotice")}
        </Notice>
      ) : null}
      {actionData?.errors?.form ? <Notice tone="warning">{t(actionData.errors.form)}</Notice> : null}

      <section aria-labelledby="create-heading" className="narrow">
        <h2 id="create-heading">{t("admin.users.create")}</h2>
        <p>{t("admin.users.create.intro")}</p>
        <ErrorSummary errors={FIELDS.map((f) => form.errorOf(f))} />
        <Form method="post" noValidate onSubmit={form.onSubmit} className="card" key={actionData?.created ?? "form"}>
          <input type="hidden" name="intent" value="create" />
          <TextField
            label={t("admin.users.username")}
            hint={t("admin.users.username.hint")}
            autoComplete="off"
            error={form.errorOf("username")}
            {...form.field("username")}
          />
          <TextField
            label={t("admin.users.email")}
            type="email"
            autoComplete="off"
            error={form.errorOf("email")}
            {...form.field("email")}
          />
          <TextField
            label={t("admin.users.displayName")}
            autoComplete="off"
            error={form.errorOf("displayName")}
            {...form.field("displayName")}
          />
          <div className="field">
            <label htmlFor="role">{t("admin.users.role")}</label>
            <select
              id="role"
              aria-invalid={form.errorOf("role") ? true : undefined}
              aria-describedby={form.errorOf("role") ? "role-error" : undefined}
              {...form.field("role")}
            >
              <option value="">—</option>
              {ALL_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}` as MessageKey)}
                </option>
              ))}
            </select>
            {fieldError("role")}
          </div>
          <div className="field">
            <label htmlFor="organisationId">{t("admin.users.organisation")}</label>
            <p className="hint" id="organisationId-hint">
              {t("admin.users.organisation.hint")}
            </p>
            <select
              id="organisationId"
              aria-invalid={form.errorOf("organisationId") ? true : undefined}
              aria-describedby={form.errorOf("organisationId") ? "organisationId-hint organisationId-error" : "organisationId-hint"}
              {...form.field("organisationId")}
            >
              <option value="">{t("admin.users.organisation.none")}</option>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            {fieldError("organisationId")}
          </div>
          <fieldset aria-describedby={form.errorOf("accounts") ? "accounts-hint accounts-error" : "accounts-hint"}>
            <legend>{t("admin.users.accounts")}</legend>
            <p className="hint" id="accounts-hint">
              {t("admin.users.accounts.hint")}
            </p>
            {organisations.map((o) => (
              <div key={o.id}>
                <p>
                  <strong>{o.name}</strong>
                </p>
                {accounts
                  .filter((a) => a.organisationId === o.id)
                  .map((a) => (
                    <div key={a.id} className="choice">
                      <label>
                        <input
                          type="checkbox"
                          value={a.id}
                          defaultChecked={checkedAccounts.has(String(a.id))}
                          {...form.register("accounts")}
                        />{" "}
                        {a.name} ({a.merchantNumber})
                      </label>
                    </div>
                  ))}
              </div>
            ))}
            {fieldError("accounts")}
          </fieldset>
          <button type="submit" disabled={busy}>
            {t("admin.users.submit")}
          </button>
        </Form>
      </section>

      <h2>{t("home.admin.users")}</h2>
      <UserTable
        users={users}
        actions={(u) =>
          u.id === operatorId ? null : (
            <Form method="post" className="inline-form">
              <input type="hidden" name="userId" value={u.id} />
              <button
                type="submit"
                name="intent"
                value={u.deactivatedAt ? "reactivate" : "deactivate"}
                className="secondary"
                disabled={busy}
              >
                {t(u.deactivatedAt ? "admin.users.reactivate" : "admin.users.deactivate")} <span className="sr-only">{u.username}</span>
              </button>
            </Form>
          )
        }
      />
    </>
  );
}
