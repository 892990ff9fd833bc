import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Notice, TextField, useValidatedForm } from "~/components/form";
import { useT } from "~/components/i18n";
import { forgotSchema } from "~/forms/auth";
import { parseForm, type FieldErrors } from "~/forms/validation";
import { requestPasswordReset } from "~/services/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { getEnv } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forgot.title");

type ActionData = { sent: true } | { sent: false; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  await enforceRateLimit("passwordReset", request, context);
  const parsed = parseForm(await readFormData(request), forgotSchema);
  if (!parsed.ok) return data<ActionData>({ sent: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  await requestPasswordReset(getDb(), parsed.data.email, { now: systemClock(), appUrl: getEnv().APP_URL });
  // The same answer whether or not the address is registered.
  return data<ActionData>({ sent: true });
}

export default function ForgotPage() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const serverErrors = actionData && !actionData.sent ? actionData.errors : null;
  const form = useValidatedForm(forgotSchema, {
    defaultValues: { email: actionData && !actionData.sent ? (actionData.values.email ?? "") : "" },
    serverErrors,
  });
  return (
    <div className="narrow">
      <h1>{t("forgot.title")}</h1>
      {actionData?.sent ? (
        <Notice tone="success">{t("forgot.sent")}</Notice>
      ) : (
        <>
          <p>{t("forgot.intro")}</p>
          <Form method="post" noValidate onSubmit={form.onSubmit} className="card">
            <TextField label={t("forgot.email")} type="email" autoComplete="email" error={form.errorOf("email")} {...form.field("email")} />
            <button type="submit">{t("forgot.submit")}</button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">{t("login.title")}</Link>
      </p>
      <p className="muted">{t("login.phoneHelp")}</p>
    </div>
  );
}
