import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SeverityTag, windowText } from "~/components/announcements";
import { ErrorSummary, FieldError, Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import {
  ANNOUNCEMENT_BODY_MAX,
  ANNOUNCEMENT_KINDS,
  ANNOUNCEMENT_SEVERITIES,
  ANNOUNCEMENT_TITLE_MAX,
  textFor,
} from "~/domain/announcements";
import { ANNOUNCEMENT_FIELDS, endAnnouncementSchema, postAnnouncementSchema } from "~/forms/announcements";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { endAnnouncement, loadAnnouncementsAdmin, postAnnouncement } from "~/services/announcements.server";
import { fieldErrorsOf, refusalResponse } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "announcements.admin.title");

// Only an admin; the service refuses anyone else too.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const result = await loadAnnouncementsAdmin(getDb(), actor, systemClock());
  if (!result.ok) throw refusalResponse(result);
  return { announcements: result.announcements };
}

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; done?: "posted" | "ended" };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const formData = await readFormData(request);
  if (formData.get("intent") === "end") {
    const parsed = parseForm(formData, endAnnouncementSchema);
    if (!parsed.ok) throw new Response("Not Found", { status: 404 });
    const result = await endAnnouncement(getDb(), actor, parsed.data.id, systemClock());
    if (!result.ok && result.status !== 409) throw refusalResponse(result);
    if (!result.ok) return data<ActionData>({ errors: fieldErrorsOf(result) }, { status: 409 });
    return data<ActionData>({ done: "ended" });
  }
  const parsed = parseForm(formData, postAnnouncementSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await postAnnouncement(getDb(), actor, parsed.data, systemClock());
  if (result.ok) return data<ActionData>({ done: "posted" });
  if (result.status === 403) throw refusalResponse(result);
  return data<ActionData>({ errors: fieldErrorsOf(result), values: echoValues(formData) }, { status: result.status });
}

type Field = (typeof ANNOUNCEMENT_FIELDS)[number];

export default function AdminAnnouncementsPage() {
  const { announcements } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  const errors: FieldErrors = actionData?.errors ?? {};
  // After a post the form starts empty again; a refused one keeps what was typed.
  const typed = actionData?.done ? undefined : actionData?.values;
  const value = (f: Field) => typed?.[f] ?? "";
  const described = (f: Field, hint?: string) =>
    [hint, errors[f] ? `announcement-${f}-error` : undefined].filter(Boolean).join(" ") || undefined;
  const input = (f: Field, label: MessageKey, options: { hint?: MessageKey; multiline?: boolean; type?: string } = {}) => {
    const id = `announcement-${f}`;
    const hintId = options.hint ? `${id}-hint` : undefined;
    const common = {
      id,
      name: f,
      defaultValue: value(f),
      "aria-invalid": errors[f] ? true : undefined,
      "aria-describedby": described(f, hintId),
    };
    return (
      <div className="field">
        <label htmlFor={id}>{t(label)}</label>
        {options.hint ? (
          <p className="hint" id={hintId}>
            {t(options.hint)}
          </p>
        ) : null}
        {options.multiline ? (
          <textarea {...common} rows={4} maxLength={ANNOUNCEMENT_BODY_MAX} />
        ) : (
          <input {...common} type={options.type ?? "text"} maxLength={options.type ? undefined : ANNOUNCEMENT_TITLE_MAX} />
        )}
        <FieldError id={`${id}-error`} error={errors[f]} />
      </div>
    );
  };
  const choice = (f: "kind" | "severity", options: readonly string[], fallback: string) => (
    <fieldset aria-describedby={errors[f] ? `announcement-${f}-error` : undefined}>
      <legend>{t(`announcements.field.${f}`)}</legend>
      {options.map((o) => (
        <label key={o} className="choice">
          <input type="radio" name={f} value={o} defaultChecked={(typed?.[f] ?? fallback) === o} />{" "}
          {t(`announcements.${f}.${o}` as MessageKey)}
        </label>
      ))}
      <FieldError id={`announcement-${f}-error`} error={errors[f]} />
    </fieldset>
  );
  return (
    <>
      <p>
        <Link to="/admin">← {t("admin.back")}</Link>
      </p>
      <h1>{t("announcements.admin.title")}</h1>
      <p>{t("announcements.admin.intro")}</p>
      <p>
        <Link to="/status">{t("announcements.admin.statusLink")}</Link>
      </p>
      {actionData?.done ? (
        <Notice tone="success">{t(actionData.done === "posted" ? "announcements.admin.posted" : "announcements.admin.ended")}</Notice>
      ) : null}
      {!typed && errors.form ? <ErrorSummary errors={[errors.form]} /> : null}

      <section aria-labelledby="announcements-heading">
        <h2 id="announcements-heading">{t("announcements.admin.list")}</h2>
        {announcements.length === 0 ? (
          <p>{t("announcements.admin.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("announcements.admin.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("announcements.col.announcement")}</th>
                  <th scope="col">{t("announcements.col.window")}</th>
                  <th scope="col">{t("announcements.col.state")}</th>
                  <th scope="col">{t("announcements.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {announcements.map((a) => {
                  const title = textFor(a.texts, locale).title;
                  return (
                    <tr key={a.id}>
                      <td>
                        <strong>{title}</strong>
                        <div className="hint">
                          {t(`announcements.kind.${a.kind}`)} · <SeverityTag severity={a.severity} />
                        </div>
                      </td>
                      <td>{windowText(a, t, locale)}</td>
                      <td>{t(`announcements.state.${a.state}`)}</td>
                      <td>
                        {a.state === "ended" ? null : (
                          <Form method="post">
                            <input type="hidden" name="id" value={a.id} />
                            <button type="submit" name="intent" value="end" aria-label={t("announcements.admin.endLabel", { title })}>
                              {t("announcements.admin.end")}
                            </button>
                          </Form>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p className="hint">{t("announcements.timeZone")}</p>
      </section>

      <section aria-labelledby="post-heading" className="narrow">
        <h2 id="post-heading">{t("announcements.admin.new")}</h2>
        {typed ? <ErrorSummary errors={[...ANNOUNCEMENT_FIELDS, "form"].map((f) => errors[f])} /> : null}
        <Form method="post" className="card" key={actionData?.done ? `done-${announcements.length}` : "form"}>
          <input type="hidden" name="intent" value="post" />
          {choice("kind", ANNOUNCEMENT_KINDS, "maintenance")}
          {choice("severity", ANNOUNCEMENT_SEVERITIES, "info")}
          <fieldset aria-describedby="announcement-languages-hint">
            <legend>{t("announcements.field.languages")}</legend>
            <p className="hint" id="announcement-languages-hint">
              {t("announcements.field.languages.hint")}
            </p>
            {input("titleEn", "announcements.field.titleEn")}
            {input("bodyEn", "announcements.field.bodyEn", { multiline: true })}
            {input("titleDe", "announcements.field.titleDe")}
            {input("bodyDe", "announcements.field.bodyDe", { multiline: true })}
            {input("titleNl", "announcements.field.titleNl")}
            {input("bodyNl", "announcements.field.bodyNl", { multiline: true })}
          </fieldset>
          <fieldset>
            <legend>{t("announcements.field.window")}</legend>
            {input("startsAt", "announcements.field.startsAt", { hint: "announcements.field.startsAt.hint", type: "datetime-local" })}
            {input("endsAt", "announcements.field.endsAt", { hint: "announcements.field.endsAt.hint", type: "datetime-local" })}
          </fieldset>
          <button type="submit" disabled={busy}>
            {t("announcements.admin.post")}
          </button>
        </Form>
      </section>
    </>
  );
}
