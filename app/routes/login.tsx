import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useEffect } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextField, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { homePath } from "~/domain/permissions";
import { loginSchema } from "~/forms/auth";
import { parseForm, type FieldErrors } from "~/forms/validation";
import { loadServiceStatus } from "~/services/announcements.server";
import { signIn } from "~/services/auth.server";
import { fieldErrorsOf } from "~/services/result";
import { getSignedIn } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { safeRedirect } from "~/utils/redirect";
import { sessionCookie } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(request);
  if (signedIn) {
    const redirectTo = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirect(redirectTo, homePath(signedIn.actor.role)));
  }
  // The desk's service hours (a setting, SPEC 9): the same "open now" as /help and /status.
  const service = await loadServiceStatus(getDb(), systemClock());
  return { phoneOpen: service.openNow };
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; params?: Record<string, string | number> };

export async function action({ request, context }: ActionFunctionArgs) {
  await enforceRateLimit("signIn", request, context);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, loginSchema, { secrets: ["password"] });
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });

  const now = systemClock();
  const result = await signIn(getDb(), { identifier: parsed.data.username, password: parsed.data.password }, now);
  const values = { username: parsed.data.username, redirectTo: parsed.data.redirectTo ?? "" };
  if (!result.ok) {
    const params = result.problems[0]?.params;
    return data<ActionData>({ errors: fieldErrorsOf(result), values, params }, { status: result.status });
  }
  throw redirect(safeRedirect(parsed.data.redirectTo, homePath(result.user.role)), {
    headers: { "Set-Cookie": await sessionCookie.serialize(result.token) },
  });
}

export default function LoginPage() {
  const { phoneOpen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useI18n();
  const navigation = useNavigation();
  const defaults = {
    username: actionData?.values.username ?? "",
    password: "",
    redirectTo: actionData?.values.redirectTo ?? searchParams.get("redirectTo") ?? "",
  };
  const form = useValidatedForm(loginSchema, { defaultValues: defaults, serverErrors: actionData?.errors });
  const formError = actionData?.errors.form;
  // A refused password is never shown again, with or without JavaScript.
  const { setValue } = form;
  useEffect(() => {
    if (actionData) setValue("password", "");
  }, [actionData, setValue]);
  return (
    <div className="narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {formError ? (
        <div className="error-summary" role="alert">
          <p>{t(formError, actionData?.params)}</p>
        </div>
      ) : (
        <ErrorSummary errors={[form.errorOf("username"), form.errorOf("password")]} />
      )}
      <Form method="post" action="/login" noValidate onSubmit={form.onSubmit} className="card">
        <input type="hidden" {...form.field("redirectTo")} />
        <TextField
          label={t("login.username")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          error={form.errorOf("username")}
          {...form.field("username")}
        />
        <TextField
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          error={form.errorOf("password")}
          {...form.field("password")}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot">{t("login.forgot")}</Link>
      </p>
      <p className="muted">
        {t("login.phoneHelp")} {phoneOpen ? t("login.phoneHelp.open") : null}
      </p>
    </div>
  );
}
