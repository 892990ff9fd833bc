import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useT } from "~/components/i18n";
import { resetSchema } from "~/forms/auth";
import { parseForm, type FieldErrors } from "~/forms/validation";
import { isResetTokenUsable, setPasswordWithLink } from "~/services/auth.server";
import { fieldErrorsOf } from "~/services/result";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { pageTitle } from "~/utils/meta";

// The link of an invitation from /settings/users: the invited user chooses their first password.
// Only invitation links work here (and only reset links on /reset/:token).

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "invite.title"),
  // The token is in the URL: keep it out of other sites' logs.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: await isResetTokenUsable(getDb(), params.token ?? "", systemClock(), "invitation") };
}

type ActionData = { done: true } | { done: false; invalid: boolean; errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  await enforceRateLimit("resetLink", request, context);
  const parsed = parseForm(await readFormData(request), resetSchema, { secrets: ["password", "confirm"] });
  if (!parsed.ok) return data<ActionData>({ done: false, invalid: false, errors: parsed.errors }, { status: 400 });
  const result = await setPasswordWithLink(getDb(), params.token ?? "", "invitation", parsed.data.password, systemClock());
  if (result.ok) return data<ActionData>({ done: true });
  if (result.status === 410) return data<ActionData>({ done: false, invalid: true, errors: {} }, { status: 410 });
  return data<ActionData>({ done: false, invalid: false, errors: fieldErrorsOf(result) }, { status: result.status });
}

export default function InvitationPage() {
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
        <h1>{t("invite.title")}</h1>
        <Notice tone="success">{t("invite.done")}</Notice>
        <Link to="/login">{t("login.title")}</Link>
      </div>
    );
  }
  if (!usable || (actionData && !actionData.done && actionData.invalid)) {
    return (
      <div className="narrow">
        <h1>{t("invite.title")}</h1>
        <div className="error-summary" role="alert">
          <p>{t("invite.invalid")}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("invite.title")}</h1>
      <p>{t("invite.intro")}</p>
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
        <button type="submit">{t("invite.submit")}</button>
      </Form>
    </div>
  );
}
