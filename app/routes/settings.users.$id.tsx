import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Notice, useValidatedForm } from "~/components/form";
import { useT } from "~/components/i18n";
import { AccountChoices, RoleSelect, StatusTag } from "~/components/org-users";
import { withAccountList } from "~/forms/admin-users";
import { accessSchema, parseUserId } from "~/forms/org-users";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { changeUserAccess, loadOrganisationUser, resendInvitation, setOrganisationUserActive } from "~/services/org-users.server";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { loadShell } from "~/services/shell.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.users");

function userIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = parseUserId(params.id);
  if (id === null) throw new Response("Not Found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const result = await loadOrganisationUser(getDb(), actor, userIdOf(params));
  if (!result.ok) throw refusalResponse(result);
  return { user: result.user, accounts: result.accounts, activeOrgAdmins: result.activeOrgAdmins, isSelf: result.isSelf };
}

type Intent = "access" | "deactivate" | "reactivate" | "resend";
type ActionData = { intent: Intent; errors?: FieldErrors; values?: Record<string, string>; done?: { changed: boolean } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const userId = userIdOf(params);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const db = getDb();
  const now = systemClock();
  const answer = (intent: Intent, result: Awaited<ReturnType<typeof setOrganisationUserActive>>, values?: Record<string, string>) => {
    if (result.ok) return data<ActionData>({ intent, done: { changed: result.changed } });
    // Another organisation's user, or no admin any more: the bare status page.
    if (result.status === 403 || result.status === 404) throw refusalResponse(result);
    return data<ActionData>({ intent, errors: fieldErrorsOf(result), values }, { status: result.status });
  };
  if (intent === "access") {
    const form = withAccountList(formData);
    const parsed = parseForm(form, accessSchema);
    if (!parsed.ok) return data<ActionData>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await changeUserAccess(db, actor, userId, parsed.data, now);
    // An org_admin who gave up their own admin role may not see this page any more.
    if (result.ok && userId === actor.userId && parsed.data.role !== "org_admin") throw redirect("/settings");
    return answer(intent, result, echoValues(form));
  }
  if (intent === "deactivate" || intent === "reactivate") {
    return answer(intent, await setOrganisationUserActive(db, actor, userId, intent === "reactivate", now));
  }
  if (intent === "resend") {
    const { locale } = await loadShell(request);
    const result = await resendInvitation(db, actor, userId, { now, appUrl: getEnv().APP_URL, locale });
    return answer(intent, result.ok ? { ok: true, changed: true } : result);
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function OrganisationUserPage() {
  const { user, accounts, activeOrgAdmins, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const accessData = actionData?.intent === "access" ? actionData : undefined;
  const typed = accessData?.values;
  const access = useValidatedForm(accessSchema, {
    defaultValues: typed ?? { role: user.role },
    serverErrors: accessData?.errors,
  });
  const checked = new Set(typed ? (typed.accounts ?? "").split(",").filter(Boolean) : user.accountIds.map(String));
  const otherError = actionData && actionData.intent !== "access" ? actionData.errors?.form : undefined;
  const lastAdmin = user.role === "org_admin" && user.active && activeOrgAdmins <= 1;
  const done = actionData?.done;
  const doneText: Record<Intent, MessageKey> = {
    access: done?.changed ? "users.access.saved" : "users.access.unchanged",
    deactivate: "users.deactivated",
    reactivate: "users.reactivated",
    resend: "users.resent",
  };
  return (
    <div className="narrow">
      <p>
        <Link to="/settings/users">← {t("users.back")}</Link>
      </p>
      <h1>{t("users.detail.title", { name: user.displayName })}</h1>
      <p>
        {user.username} · {user.email} · <StatusTag deactivatedAt={user.deactivatedAt} invitedAt={user.invitedAt} />
      </p>
      {actionData && done ? <Notice tone="success">{t(doneText[actionData.intent], { name: user.displayName })}</Notice> : null}
      {otherError ? <Notice tone="warning">{t(otherError)}</Notice> : null}

      <section aria-labelledby="access-heading">
        <h2 id="access-heading">{t("users.access")}</h2>
        {lastAdmin ? <p className="hint">{t("users.lastAdmin.hint")}</p> : null}
        <ErrorSummary errors={["role", "accounts", "form"].map((f) => access.errorOf(f))} />
        <Form method="post" noValidate onSubmit={access.onSubmit} className="card">
          <input type="hidden" name="intent" value="access" />
          <RoleSelect form={access} />
          <AccountChoices form={access} accounts={accounts} checked={checked} />
          <button type="submit" name="intent" value="access" disabled={busy}>
            {t("users.access.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">{t("users.activity")}</h2>
        {user.active && user.invited ? (
          <Form method="post" className="card">
            <p>{t("users.invitedSince")}</p>
            <p className="hint">{t("users.resend.hint")}</p>
            <button type="submit" name="intent" value="resend" className="secondary" disabled={busy}>
              {t("users.resend")}
            </button>
          </Form>
        ) : null}
        {isSelf ? null : user.active ? (
          <Form method="post" className="card">
            <p className="hint">{t("users.deactivate.hint")}</p>
            <button type="submit" name="intent" value="deactivate" className="secondary" disabled={busy}>
              {t("users.deactivate")}
            </button>
          </Form>
        ) : (
          <Form method="post" className="card">
            <button type="submit" name="intent" value="reactivate" disabled={busy}>
              {t("users.reactivate")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
