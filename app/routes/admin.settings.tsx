import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useT } from "~/components/i18n";
import { exampleMajorAmount, majorInputString } from "~/domain/money";
import { formatReminderDays, MAX_REMINDER_DAY, MAX_REMINDER_STAGES } from "~/domain/reminders";
import { PLATFORM_SETTINGS, type PlatformSettings, type SettingName } from "~/domain/settings";
import { feeCurrenciesPosted, feeField, platformSettingsSchema } from "~/forms/platform-settings";
import { parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { changePlatformSettings, loadPlatformSettings } from "~/services/platform-admin.server";
import { refusalResponse } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.settings.title");

function formValues(settings: PlatformSettings, feeCurrencies: readonly string[]): Record<string, string> {
  const { paperStatementFees, reminderDays, ...numbers } = settings;
  return {
    ...Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, String(v)])),
    reminderDays: formatReminderDays(reminderDays),
    // Each fee in its own currency's decimals; a currency without a fee is an empty field.
    ...Object.fromEntries(
      feeCurrencies.map((c) => {
        const fee = paperStatementFees[c];
        return [feeField(c), fee === undefined ? "" : majorInputString(fee, c)];
      }),
    ),
    newFeeCurrency: "",
    newFee: "",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const result = await loadPlatformSettings(getDb(), actor);
  if (!result.ok) throw refusalResponse(result);
  return {
    values: formValues(result.settings, result.feeCurrencies),
    feeCurrencies: result.feeCurrencies,
    currenciesWithoutFee: result.currenciesWithoutFee,
  };
}

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; changed?: number };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, platformSettingsSchema(feeCurrenciesPosted(formData)));
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await changePlatformSettings(getDb(), actor, parsed.data, systemClock());
  if (!result.ok) throw refusalResponse(result);
  return data<ActionData>({ changed: result.changes.length });
}

type NumberField = { name: SettingName; hint: MessageKey };

const DEADLINE_FIELDS: NumberField[] = [
  { name: "inquiryDeadlineDays", hint: "admin.settings.deadlineDays.hint" },
  { name: "chargebackDeadlineDays", hint: "admin.settings.deadlineDays.hint" },
  { name: "informationRequestDeadlineDays", hint: "admin.settings.deadlineDays.hint" },
  { name: "urgentWindowDays", hint: "admin.settings.urgentWindowDays.hint" },
];
const ATTACHMENT_FIELDS: NumberField[] = [
  { name: "attachmentMaxFileMib", hint: "admin.settings.attachmentMaxFileMib.hint" },
  { name: "attachmentMaxFiles", hint: "admin.settings.attachmentMaxFiles.hint" },
];

export default function AdminSettingsPage() {
  const { values, feeCurrencies, currenciesWithoutFee } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const form = useValidatedForm(platformSettingsSchema(feeCurrencies), {
    defaultValues: { ...values, ...actionData?.values },
    serverErrors: actionData?.errors,
  });
  const feeFields = [...feeCurrencies.map(feeField), "newFeeCurrency", "newFee"];
  const allFields = [
    ...DEADLINE_FIELDS.map((f) => f.name as string),
    "reminderDays",
    ...ATTACHMENT_FIELDS.map((f) => f.name as string),
  ].concat(feeFields);
  const numberField = (f: NumberField) => (
    <TextField
      key={f.name}
      label={t(`admin.settings.${f.name}` as MessageKey)}
      hint={t(f.hint, { min: PLATFORM_SETTINGS[f.name].min, max: PLATFORM_SETTINGS[f.name].max })}
      inputMode="numeric"
      error={form.errorOf(f.name)}
      {...form.field(f.name)}
    />
  );
  return (
    <div className="narrow">
      <p>
        <Link to="/admin">← {t("admin.back")}</Link>
      </p>
      <h1>{t("admin.settings.title")}</h1>
      <p>{t("admin.settings.intro")}</p>
      {actionData?.changed !== undefined ? (
        <Notice tone="success">
          {actionData.changed > 0 ? t("admin.settings.saved", { count: actionData.changed }) : t("admin.settings.unchanged")}
        </Notice>
      ) : null}
      <ErrorSummary errors={allFields.map((f) => form.errorOf(f))} />
      <Form method="post" noValidate onSubmit={form.onSubmit} className="card">
        <fieldset>
          <legend>{t("admin.settings.deadlines")}</legend>
          {DEADLINE_FIELDS.map(numberField)}
          <TextField
            label={t("admin.settings.reminderDays")}
            hint={t("admin.settings.reminderDays.hint", { max: MAX_REMINDER_STAGES, maxDay: MAX_REMINDER_DAY })}
            error={form.errorOf("reminderDays")}
            {...form.field("reminderDays")}
          />
        </fieldset>
        <fieldset>
          <legend>{t("admin.settings.statements")}</legend>
          <p className="hint">{t("admin.settings.paperStatementFee.intro")}</p>
          {currenciesWithoutFee.length > 0 ? (
            <Notice tone="warning">{t("admin.settings.paperStatementFee.missing", { currencies: currenciesWithoutFee.join(", ") })}</Notice>
          ) : null}
          {feeCurrencies.map((currency) => (
            <TextField
              key={currency}
              label={t("admin.settings.paperStatementFee", { currency })}
              hint={t("admin.settings.paperStatementFee.hint", { example: exampleMajorAmount(currency) })}
              inputMode="decimal"
              error={form.errorOf(feeField(currency))}
              {...form.field(feeField(currency))}
            />
          ))}
          <TextField
            label={t("admin.settings.newFeeCurrency")}
            hint={t("admin.settings.newFeeCurrency.hint")}
            autoCapitalize="characters"
            maxLength={3}
            error={form.errorOf("newFeeCurrency")}
            {...form.field("newFeeCurrency")}
          />
          <TextField label={t("admin.settings.newFee")} inputMode="decimal" error={form.errorOf("newFee")} {...form.field("newFee")} />
        </fieldset>
        <fieldset>
          <legend>{t("admin.settings.attachments")}</legend>
          {ATTACHMENT_FIELDS.map(numberField)}
        </fieldset>
        <button type="submit" disabled={busy}>
          {t("admin.settings.save")}
        </button>
      </Form>
    </div>
  );
}
