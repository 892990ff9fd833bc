import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary, FieldError, Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { TEMPLATE_PLACEHOLDERS } from "~/domain/support-templates";
import { TEMPLATE_NAME_MAX_LENGTH, templateDeleteSchema, templateSchema } from "~/forms/desk";
import { parseId } from "~/forms/statements";
import { MESSAGE_MAX_LENGTH } from "~/forms/support";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import { LOCALES, type MessageKey, type Params } from "~/i18n";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { deleteTemplate, loadTemplates, saveTemplate } from "~/services/support-desk.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "desk.templates.title");

// The desk's reply templates (SPEC 9): per language, with placeholders; kept by the desk itself.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["support"]);
  const result = await loadTemplates(getDb(), actor);
  if (!result.ok) throw refusalResponse(result);
  return { templates: result.templates };
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; params: Params; formId: string };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["support"]);
  const form = await readFormData(request);
  const idText = form.get("id");
  const formId = typeof idText === "string" && idText !== "" ? idText : "new";
  const refuse = (errors: FieldErrors, status: number, params: Params = {}) =>
    data<ActionData>({ errors, values: echoValues(form), params, formId }, { status });
  const version = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : -1);

  if (form.get("intent") === "delete") {
    const parsed = parseForm(form, templateDeleteSchema);
    const id = parsed.ok ? parseId(parsed.data.id) : null;
    if (!parsed.ok || id === null) return refuse({ form: "support.error.invalid" }, 400);
    const result = await deleteTemplate(getDb(), actor, id, version(parsed.data.version));
    if (result.ok) return redirect("/desk/templates?saved=deleted");
    if (result.status === 403) throw refusalResponse(result);
    return refuse(fieldErrorsOf(result), result.status);
  }

  const parsed = parseForm(form, templateSchema);
  if (!parsed.ok) return refuse(parsed.errors, 400);
  const id = parsed.data.id === "" ? null : parseId(parsed.data.id);
  if (parsed.data.id !== "" && id === null) return refuse({ form: "support.error.invalid" }, 400);
  const result = await saveTemplate(
    getDb(),
    actor,
    {
      locale: parsed.data.locale,
      name: parsed.data.name,
      body: parsed.data.body,
      id,
      version: id === null ? null : version(parsed.data.version),
    },
    systemClock(),
  );
  if (result.ok) return redirect(`/desk/templates?saved=${id === null ? "created" : "updated"}`);
  if (result.status === 403) throw refusalResponse(result);
  return refuse(fieldErrorsOf(result), result.status, result.problems.find((p) => p.params)?.params ?? {});
}

function TemplateFields({
  prefix,
  values,
  errors,
  params,
}: {
  prefix: string;
  values: { locale: string; name: string; body: string };
  errors: FieldErrors;
  params: Params;
}) {
  const { t } = useI18n();
  const describe = (field: string) => (errors[field] ? `${prefix}-${field}-error` : undefined);
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-locale`}>{t("desk.template.locale")}</label>
        <select id={`${prefix}-locale`} name="locale" defaultValue={values.locale} aria-describedby={describe("locale")}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {t(`language.${l}` as MessageKey)}
            </option>
          ))}
        </select>
        <FieldError id={`${prefix}-locale-error`} error={errors.locale} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-name`}>{t("desk.template.name")}</label>
        <input
          id={`${prefix}-name`}
          name="name"
          maxLength={TEMPLATE_NAME_MAX_LENGTH}
          defaultValue={values.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describe("name")}
        />
        <FieldError id={`${prefix}-name-error`} error={errors.name} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-body`}>{t("desk.template.body")}</label>
        <textarea
          id={`${prefix}-body`}
          name="body"
          rows={6}
          maxLength={MESSAGE_MAX_LENGTH}
          defaultValue={values.body}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={[`${prefix}-body-hint`, describe("body")].filter(Boolean).join(" ")}
        />
        <p className="hint" id={`${prefix}-body-hint`}>
          {t("desk.template.placeholders", { names: TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(", ") })}
        </p>
        {errors.body ? (
          <p className="field-error" id={`${prefix}-body-error`}>
            {t(errors.body, params)}
          </p>
        ) : null}
      </div>
    </>
  );
}

export default function DeskTemplatesPage() {
  const { templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, locale } = useI18n();
  const saved = search.get("saved");
  const savedKey = saved === "created" || saved === "updated" || saved === "deleted" ? saved : null;
  const forForm = (formId: string) => (actionData?.formId === formId ? actionData : undefined);
  const newForm = forForm("new");
  return (
    <>
      <p>
        <Link to="/desk">← {t("desk.back")}</Link>
      </p>
      <h1>{t("desk.templates.title")}</h1>
      <p>{t("desk.templates.intro")}</p>
      {savedKey ? <Notice tone="success">{t(`desk.templates.saved.${savedKey}`)}</Notice> : null}
      <ErrorSummary errors={[actionData?.errors.form]} />

      {templates.length === 0 ? <p>{t("desk.templates.none")}</p> : null}
      {templates.map((tpl) => {
        const mine = forForm(String(tpl.id));
        const values = mine
          ? { locale: mine.values.locale ?? tpl.locale, name: mine.values.name ?? "", body: mine.values.body ?? "" }
          : tpl;
        return (
          <section key={tpl.id} className="card" aria-labelledby={`template-${tpl.id}-heading`}>
            <h2 id={`template-${tpl.id}-heading`}>
              {tpl.name} ({t(`language.${tpl.locale}` as MessageKey)})
            </h2>
            <p className="hint">
              {t("desk.templates.updated", {
                name: tpl.updatedByName,
                date: new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, {
                  dateStyle: "medium",
                  timeZone: "Europe/Berlin",
                }).format(new Date(tpl.updatedAt)),
              })}
            </p>
            <Form method="post">
              <input type="hidden" name="id" value={String(tpl.id)} />
              <input type="hidden" name="version" value={String(tpl.version)} />
              <TemplateFields prefix={`template-${tpl.id}`} values={values} errors={mine?.errors ?? {}} params={mine?.params ?? {}} />
              <button type="submit" name="intent" value="save">
                {t("desk.templates.save")}
              </button>{" "}
              <button type="submit" name="intent" value="delete" className="secondary">
                {t("desk.templates.delete")}
              </button>
            </Form>
          </section>
        );
      })}

      <section className="card" aria-labelledby="template-new-heading">
        <h2 id="template-new-heading">{t("desk.templates.new")}</h2>
        <Form method="post">
          <TemplateFields
            prefix="template-new"
            values={{ locale: newForm?.values.locale ?? locale, name: newForm?.values.name ?? "", body: newForm?.values.body ?? "" }}
            errors={newForm?.errors ?? {}}
            params={newForm?.params ?? {}}
          />
          <button type="submit" name="intent" value="save">
            {t("desk.templates.create")}
          </button>
        </Form>
      </section>
    </>
  );
}
