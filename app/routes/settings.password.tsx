import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { passwordSchema } from "~/forms/settings";
import { parseForm, type FieldErrors } from "~/forms/validation";
import { fieldErrorsOf } from "~/services/result";
import { changePassword } from "~/services/settings.server";
import { requireSignedIn } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.password");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedIn(request);
  return null;
}

type ActionData = { errors?: FieldErrors; changed?: boolean };
const SECRETS = ["currentPassword", "newPassword", "confirm"];

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireSignedIn(request);
  const parsed = parseForm(await readFormData(request), passwordSchema, { secrets: SECRETS });
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors }, { status: 400 });
  const result = await changePassword(getDb(), user, sessionId, parsed.data, systemClock());
  if (!result.ok) return data<ActionData>({ errors: fieldErrorsOf(result) }, { status: result.status });
  return data<ActionData>({ changed: true });
}

export default function PasswordPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const navigation = useNavigation();
  const form = useValidatedForm(passwordSchema, {
    defaultValues: { currentPassword: "", newPassword: "", confirm: "" },
    serverErrors: actionData?.errors,
  });
  // Passwords are never shown again, whether the change worked or was refused.
  const { reset } = form;
  useEffect(() => {
    if (actionData) reset({ currentPassword: "", newPassword: "", confirm: "" }, { keepErrors: true });
  }, [actionData, reset]);
  return (
    <div className="narrow">
      <p>
        <Link to="/settings">← {t("settings.back")}</Link>
      </p>
      <h1>{t("settings.password")}</h1>
      {actionData?.changed ? <Notice tone="success">{t("settings.password.changed")}</Notice> : null}
      <ErrorSummary errors={SECRETS.map((f) => form.errorOf(f))} />
      <Form method="post" noValidate onSubmit={form.onSubmit} className="card">
        <TextField
          label={t("settings.currentPassword")}
          type="password"
          autoComplete="current-password"
          error={form.errorOf("currentPassword")}
          {...form.field("currentPassword")}
        />
        <TextField
          label={t("settings.newPassword")}
          hint={t("password.rules")}
          type="password"
          autoComplete="new-password"
          error={form.errorOf("newPassword")}
          {...form.field("newPassword")}
        />
        <TextField
          label={t("settings.confirmPassword")}
          type="password"
          autoComplete="new-password"
          error={form.errorOf("confirm")}
          {...form.field("confirm")}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("settings.password.submit")}
        </button>
      </Form>
    </div>
  );
}
