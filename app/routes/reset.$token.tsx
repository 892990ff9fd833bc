import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useT } from "~/components/i18n";
import { resetSchema } from "~/forms/auth";
import { parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { isResetTokenUsable, resetPassword } from "~/services/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "reset.title"),
  // The token is in the URL: keep it out of other sites' logs.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: await isResetTokenUsable(getDb(), params.token ?? "", systemClock()) };
}

type ActionData = { done: true } | { done: false; invalid: boolean; errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  await enforceRateLimit("resetLink", request, context);
  const parsed = parseForm(await readFormData(request), resetSchema, { secrets: ["password", "confirm"] });
  if (!parsed.ok) return data<ActionData>({ done: false, invalid: false, errors: parsed.errors }, { status: 400 });
  const result = await resetPassword(getDb(), params.token ?? "", parsed.data.password, systemClock());
  if (result.ok) return data<ActionData>({ done: true });
  if (result.error === "invalidToken") return data<ActionData>({ done: false, invalid: true, errors: {} }, { status: 410 });
  const first = result.problems[0];
  return data<ActionData>({ done: false, invalid: false, errors: { password: `password.error.${first}` as MessageKey } }, { status: 400 });
}

export default function ResetPage() {
  const { usable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const form = useValidatedForm(resetSchema, {
    defaultValues: { password: "", confirm: "" },
    serverErrors: actionData && !actionData.done ? actionData.errors : null,
  });
  if (actionData?.done) {
    return (
      <div className="narrow">
        <h1>{t("reset.title")}</h1>
        <Notice tone="success">{t("reset.done")}</Notice>
        <Link to="/login">{t("login.title")}</Link>
      </div>
    );
  }
  if (!usable || (actionData && !actionData.done && actionData.invalid)) {
    return (
      <div className="narrow">
        <h1>{t("reset.title")}</h1>
        <div className="error-summary" role="alert">
          <p>{t("reset.invalid")}</p>
        </div>
        <Link to="/forgot">{t("forgot.title")}</Link>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("reset.title")}</h1>
      <ErrorSummary errors={[form.errorOf("password"), form.errorOf("confirm")]} />
      <Form method="post" noValidate onSubmit={form.onSubmit} className="card">
        <TextField
          label={t("reset.password")}
          hint={t("password.rules")}
          type="password"
          autoComplete="new-password"
          error={form.errorOf("password")}
          {...form.field("password")}
        />
        <TextField
          label={t("reset.confirm")}
          type="password"
          autoComplete="new-password"
          error={form.errorOf("confirm")}
          {...form.field("confirm")}
        />
        <button type="submit">{t("reset.submit")}</button>
      </Form>
    </div>
  );
}
