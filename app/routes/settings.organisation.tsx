import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { companySchema, handlingSchema } from "~/forms/settings";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { changeDisputeHandling, loadOrganisationSettings, updateCompanyDetails } from "~/services/settings.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.organisation");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const result = await loadOrganisationSettings(getDb(), actor);
  if (!result.ok) throw refusalResponse(result);
  return { company: result.company };
}

type Intent = "details" | "handling";
type ActionData = { intent: Intent; errors?: FieldErrors; values?: Record<string, string>; saved?: boolean; changed?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const now = systemClock();
  if (intent === "details") {
    const parsed = parseForm(formData, companySchema);
    if (!parsed.ok) return data<ActionData>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await updateCompanyDetails(getDb(), actor, parsed.data, now);
    if (!result.ok)
      return data<ActionData>({ intent, errors: fieldErrorsOf(result), values: echoValues(formData) }, { status: result.status });
    return data<ActionData>({ intent, saved: true, changed: result.changed });
  }
  if (intent === "handling") {
    const parsed = parseForm(formData, handlingSchema);
    if (!parsed.ok) return data<ActionData>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await changeDisputeHandling(getDb(), actor, parsed.data.handling, now);
    if (!result.ok) return data<ActionData>({ intent, errors: fieldErrorsOf(result) }, { status: result.status });
    return data<ActionData>({ intent, saved: true, changed: result.changed });
  }
  throw new Response("Bad Request", { status: 400 });
}

function Saved({ actionData, intent }: { actionData: ActionData | undefined; intent: Intent }) {
  const { t } = useI18n();
  if (actionData?.intent !== intent || !actionData.saved) return null;
  return <Notice tone="success">{t(actionData.changed ? "settings.saved" : "settings.unchanged")}</Notice>;
}

export default function OrganisationSettingsPage() {
  const { company } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const detailsData = actionData?.intent === "details" ? actionData : undefined;
  const handlingData = actionData?.intent === "handling" ? actionData : undefined;
  const details = useValidatedForm(companySchema, {
    defaultValues: {
      intent: "details",
      legalName: company.legalName,
      address: company.address,
      vatId: company.vatId ?? "",
      ...detailsData?.values,
    },
    serverErrors: detailsData?.errors,
  });
  const handling = useValidatedForm(handlingSchema, {
    defaultValues: { intent: "handling", handling: company.disputeHandling },
    serverErrors: handlingData?.errors,
  });
  const addressId = useId();
  const addressError = details.errorOf("address");
  return (
    <div className="narrow">
      <p>
        <Link to="/settings">← {t("settings.back")}</Link>
      </p>
      <h1>{t("settings.organisation")}</h1>

      <section aria-labelledby="company-heading">
        <h2 id="company-heading">{t("settings.company")}</h2>
        <Saved actionData={actionData} intent="details" />
        <ErrorSummary errors={["legalName", "address", "vatId", "form"].map((f) => details.errorOf(f))} />
        <Form method="post" noValidate onSubmit={details.onSubmit} className="card">
          <input type="hidden" {...details.field("intent")} />
          <TextField
            label={t("settings.legalName")}
            autoComplete="organization"
            error={details.errorOf("legalName")}
            {...details.field("legalName")}
          />
          <div className="field">
            <label htmlFor={addressId}>{t("settings.address")}</label>
            <textarea
              id={addressId}
              rows={3}
              aria-invalid={addressError ? true : undefined}
              aria-describedby={addressError ? `${addressId}-error` : undefined}
              {...details.field("address")}
            />
            {addressError ? (
              <p className="field-error" id={`${addressId}-error`}>
                {t(addressError)}
              </p>
            ) : null}
          </div>
          <TextField
            label={t("settings.vatId")}
            hint={t("settings.vatId.hint")}
            error={details.errorOf("vatId")}
            {...details.field("vatId")}
          />
          <button type="submit" name="intent" value="details" disabled={busy}>
            {t("settings.save")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="handling-heading">
        <h2 id="handling-heading">{t("settings.handling")}</h2>
        <Saved actionData={actionData} intent="handling" />
        <ErrorSummary errors={[handling.errorOf("handling"), handling.errorOf("form")]} />
        <Form method="post" noValidate onSubmit={handling.onSubmit} className="card">
          <input type="hidden" {...handling.field("intent")} />
          <p>{t("settings.handling.current", { handling: t(`handling.${company.disputeHandling}` as MessageKey) })}</p>
          <fieldset>
            <legend>{t("settings.handling")}</legend>
            <p className="hint">
              {t("settings.handling.hint")} <Link to="/help/disputes">{t("settings.handling.help")}</Link>
            </p>
            {(["central", "local"] as const).map((value) => (
              <div key={value} className="choice">
                <label>
                  <input type="radio" value={value} defaultChecked={company.disputeHandling === value} {...handling.register("handling")} />{" "}
                  <strong>{t(`handling.${value}`)}</strong> — {t(`handling.${value}.explained`)}
                </label>
              </div>
            ))}
            {handling.errorOf("handling") ? <p className="field-error">{t(handling.errorOf("handling")!)}</p> : null}
          </fieldset>
          <button type="submit" name="intent" value="handling" disabled={busy}>
            {t("settings.handling.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
