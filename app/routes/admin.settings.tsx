import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useT } from "~/components/i18n";
import { minorToMajorString } from "~/domain/money";
import { PLATFORM_SETTINGS, type PlatformSettings, type SettingName } from "~/domain/settings";
import { platformSettingsSchema } from "~/forms/platform-settings";
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

// The fee is one number in minor units for every currency; shown with two decimals, like EUR and USD.
const formatFee = (minor: number) => minorToMajorString(minor, "EUR");

function formValues(settings: PlatformSettings): Record<string, string> {
  const { paperStatementFeeMinor, ...days } = settings;
  return {
    ...Object.fromEntries(Object.entries(days).map(([k, v]) => [k, String(v)])),
    paperStatementFee: formatFee(paperStatementFeeMinor),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const result = await loadPlatformSettings(getDb(), actor);
  if (!result.ok) throw refusalResponse(result);
  return { values: formValues(result.settings) };
}

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; changed?: number };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const parsed = parseForm(await readFormData(request), platformSettingsSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { paperStatementFee, ...rest } = parsed.data;
  const result = await changePlatformSettings(getDb(), actor, { ...rest, paperStatementFeeMinor: paperStatementFee }, systemClock());
  if (!result.ok) throw refusalResponse(result);
  return data<ActionData>({ changed: result.changes.length });
}

const SECTIONS: Array<{
  heading: MessageKey;
  fields: Array<{ name: SettingName; formName: string; hint: MessageKey; inputMode: "numeric" | "decimal" }>;
}> = [
  {
    heading: "admin.settings.deadlines",
    fields: [
      { name: "inquiryDeadlineDays", formName: "inquiryDeadlineDays", hint: "admin.settings.deadlineDays.hint", inputMode: "numeric" },
      {
        name: "chargebackDeadlineDays",
        formName: "chargebackDeadlineDays",
        hint: "admin.settings.deadlineDays.hint",
        inputMode: "numeric",
      },
      {
        name: "informationRequestDeadlineDays",
        formName: "informationRequestDeadlineDays",
        hint: "admin.settings.deadlineDays.hint",
        inputMode: "numeric",
      },
      { name: "urgentWindowDays", formName: "urgentWindowDays", hint: "admin.settings.urgentWindowDays.hint", inputMode: "numeric" },
    ],
  },
  {
    heading: "admin.settings.statements",
    fields: [
      {
        name: "paperStatementFeeMinor",
        formName: "paperStatementFee",
        hint: "admin.settings.paperStatementFee.hint",
        inputMode: "decimal",
      },
    ],
  },
  {
    heading: "admin.settings.attachments",
    fields: [
      {
        name: "attachmentMaxFileMib",
        formName: "attachmentMaxFileMib",
        hint: "admin.settings.attachmentMaxFileMib.hint",
        inputMode: "numeric",
      },
      { name: "attachmentMaxFiles", formName: "attachmentMaxFiles", hint: "admin.settings.attachmentMaxFiles.hint", inputMode: "numeric" },
    ],
  },
];

function boundsOf(name: SettingName): { min: string | number; max: string | number } {
  const { min, max } = PLATFORM_SETTINGS[name];
  return name === "paperStatementFeeMinor" ? { min: formatFee(min), max: formatFee(max) } : { min, max };
}

export default function AdminSettingsPage() {
  const { values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const form = useValidatedForm(platformSettingsSchema, {
    defaultValues: { ...values, ...actionData?.values },
    serverErrors: actionData?.errors,
  });
  const allFields = SECTIONS.flatMap((s) => s.fields.map((f) => f.formName));
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
        {SECTIONS.map((section) => (
          <fieldset key={section.heading}>
            <legend>{t(section.heading)}</legend>
            {section.fields.map((f) => (
              <TextField
                key={f.formName}
                label={t(`admin.settings.${f.formName}` as MessageKey)}
                hint={t(f.hint, boundsOf(f.name))}
                inputMode={f.inputMode}
                error={form.errorOf(f.formName)}
                {...form.field(f.formName)}
              />
            ))}
          </fieldset>
        ))}
        <button type="submit" disabled={busy}>
          {t("admin.settings.save")}
        </button>
      </Form>
    </div>
  );
}
