import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { CONTACT_METHODS, LANGUAGE_CHOICES, profileSchema } from "~/forms/settings";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { loadProfileForm, updateProfile } from "~/services/settings.server";
import { requireSignedIn } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.profile");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireSignedIn(request);
  const form = await loadProfileForm(getDb(), user.id);
  if (!form.ok) throw refusalResponse(form);
  return { values: form.values };
}

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; saved?: boolean; changed?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireSignedIn(request);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, profileSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await updateProfile(getDb(), user.id, parsed.data, systemClock());
  if (!result.ok) return data<ActionData>({ errors: fieldErrorsOf(result), values: echoValues(formData) }, { status: result.status });
  return data<ActionData>({ saved: true, changed: result.changed });
}

function SelectField({
  label,
  hint,
  error,
  options,
  field,
}: {
  label: string;
  hint?: string;
  error?: MessageKey;
  options: { value: string; label: string }[];
  field: Record<string, unknown>;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : "", error ? `${id}-error` : ""].join(" ").trim() || undefined}
        {...field}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

export default function ProfilePage() {
  const { values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const navigation = useNavigation();
  const defaults = { ...values, ...actionData?.values };
  const form = useValidatedForm(profileSchema, { defaultValues: defaults, serverErrors: actionData?.errors });
  const fields = ["email", "preferredContact", "phone", "language"];
  return (
    <div className="narrow">
      <p>
        <Link to="/settings">← {t("settings.back")}</Link>
      </p>
      <h1>{t("settings.profile")}</h1>
      {actionData?.saved ? <Notice tone="success">{t(actionData.changed ? "settings.saved" : "settings.unchanged")}</Notice> : null}
      <ErrorSummary errors={fields.map((f) => form.errorOf(f))} />
      <Form method="post" noValidate onSubmit={form.onSubmit} className="card">
        <TextField
          label={t("settings.email")}
          hint={t("settings.email.hint")}
          type="email"
          autoComplete="email"
          error={form.errorOf("email")}
          {...form.field("email")}
        />
        <SelectField
          label={t("settings.contact")}
          hint={t("settings.contact.hint")}
          error={form.errorOf("preferredContact")}
          options={CONTACT_METHODS.map((m) => ({ value: m, label: t(`settings.contact.${m}` as MessageKey) }))}
          field={form.field("preferredContact")}
        />
        <TextField
          label={t("settings.phone")}
          hint={t("settings.phone.hint")}
          type="tel"
          autoComplete="tel"
          error={form.errorOf("phone")}
          {...form.field("phone")}
        />
        <SelectField
          label={t("settings.language")}
          error={form.errorOf("language")}
          options={LANGUAGE_CHOICES.map((l) => ({
            value: l,
            label: t(l === "auto" ? "settings.language.auto" : (`language.${l}` as MessageKey)),
          }))}
          field={form.field("language")}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("settings.save")}
        </button>
      </Form>
    </div>
  );
}
