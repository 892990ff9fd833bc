import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useT } from "~/components/i18n";
import { AccountChoices, RoleSelect, StatusTag } from "~/components/org-users";
import { withAccountList } from "~/forms/admin-users";
import { inviteSchema, parseListQuery } from "~/forms/org-users";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { inviteUser, loadOrganisationUsers } from "~/services/org-users.server";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { loadShell } from "~/services/shell.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.users");

// Only an org_admin: head office without admin rights (and everyone else) gets a 403.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const query = parseListQuery(new URL(request.url));
  const result = await loadOrganisationUsers(getDb(), actor, query);
  if (!result.ok) throw refusalResponse(result);
  return {
    users: result.users,
    nextAfter: result.nextAfter,
    total: result.total,
    accounts: result.accounts,
    search: query.search,
    paged: query.afterId !== null,
    organisation: result.organisationName,
  };
}

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; invited?: { name: string; username: string } };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const formData = await readFormData(request);
  if (formData.get("intent") !== "invite") throw new Response("Bad Request", { status: 400 });
  const form = withAccountList(formData);
  const parsed = parseForm(form, inviteSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { locale } = await loadShell(request);
  const result = await inviteUser(getDb(), actor, parsed.data, { now: systemClock(), appUrl: getEnv().APP_URL, locale });
  if (result.ok) return data<ActionData>({ invited: { name: parsed.data.displayName, username: result.username } });
  if (result.status === 403) throw refusalResponse(result);
  return data<ActionData>({ errors: fieldErrorsOf(result), values: echoValues(form) }, { status: result.status });
}

const FIELDS = ["displayName", "email", "role", "accounts", "form"] as const;

export default function OrganisationUsersPage() {
  const { users, nextAfter, total, accounts, search, paged, organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  // After an invitation the form starts empty again.
  const typed = actionData?.invited ? undefined : actionData?.values;
  const form = useValidatedForm(inviteSchema, { defaultValues: typed, serverErrors: actionData?.errors });
  const checked = new Set((typed?.accounts ?? "").split(",").filter(Boolean));
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  const searchParams = (extra: Record<string, string>) => new URLSearchParams({ ...(search ? { q: search } : {}), ...extra }).toString();
  return (
    <>
      <p>
        <Link to="/settings">← {t("settings.back")}</Link>
      </p>
      <h1>{t("users.title", { organisation })}</h1>
      {actionData?.invited ? <Notice tone="success">{t("users.invited", actionData.invited)}</Notice> : null}

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t("settings.users")}</h2>
        <Form method="get" className="card inline-form" role="search">
          <div className="field">
            <label htmlFor="user-search">{t("users.search")}</label>
            <input id="user-search" type="search" name="q" defaultValue={search} maxLength={100} />
          </div>
          <button type="submit" className="secondary">
            {t("users.search.submit")}
          </button>
          {search ? <Link to="/settings/users">{t("users.search.clear")}</Link> : null}
        </Form>
        <p>{t("users.count", { count: total })}</p>
        {users.length === 0 ? (
          <p>{t("users.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("users.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("user.name")}</th>
                  <th scope="col">{t("user.username")}</th>
                  <th scope="col">{t("user.email")}</th>
                  <th scope="col">{t("user.role")}</th>
                  <th scope="col">{t("users.accounts")}</th>
                  <th scope="col">{t("users.status")}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} data-user={u.username}>
                    <td>
                      <Link to={`/settings/users/${u.id}`}>{u.displayName}</Link>
                    </td>
                    <td>{u.username}</td>
                    <td>{u.email}</td>
                    <td>{t(`role.${u.role}` as MessageKey)}</td>
                    <td>
                      {u.role === "location"
                        ? u.accountIds.map((id) => accountName.get(id) ?? String(id)).join(", ")
                        : t("users.accounts.all")}
                    </td>
                    <td>
                      <StatusTag deactivatedAt={u.deactivatedAt} invitedAt={u.invitedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          {paged ? <Link to={`/settings/users?${searchParams({})}`}>{t("users.first")}</Link> : null}{" "}
          {nextAfter !== null ? (
            <Link to={`/settings/users?${searchParams({ after: String(nextAfter) })}`}>{t("users.next")} →</Link>
          ) : null}
        </p>
      </section>

      <section aria-labelledby="invite-heading" className="narrow">
        <h2 id="invite-heading">{t("users.invite")}</h2>
        <p>{t("users.invite.intro")}</p>
        <ErrorSummary errors={FIELDS.map((f) => form.errorOf(f))} />
        <Form method="post" noValidate onSubmit={form.onSubmit} className="card" key={actionData?.invited?.username ?? "form"}>
          <input type="hidden" name="intent" value="invite" />
          <TextField label={t("users.displayName")} autoComplete="off" error={form.errorOf("displayName")} {...form.field("displayName")} />
          <TextField label={t("users.email")} type="email" autoComplete="off" error={form.errorOf("email")} {...form.field("email")} />
          <RoleSelect form={form} />
          <AccountChoices form={form} accounts={accounts} checked={checked} />
          <button type="submit" disabled={busy}>
            {t("users.invite.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
