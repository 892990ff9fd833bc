import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { problemText } from "~/components/case-view";
import { useI18n } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { importCases, INTAKE_COLUMNS, MAX_INTAKE_ROWS, readIntakeCsv, type IntakeReport } from "~/services/disputes/intake.server";
import { refusalResponse } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { MAX_IMPORT_BODY_BYTES, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "intake.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["analyst"]);
  return null;
}

type ActionData = { error?: { key: MessageKey; params?: Record<string, string | number> }; report?: IntakeReport; fileName?: string };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const form = await readFormData(request, MAX_IMPORT_BODY_BYTES);
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return data<ActionData>({ error: { key: "intake.error.file" } }, { status: 400 });
  const read = readIntakeCsv(await file.text());
  if (!read.ok) return data<ActionData>({ error: read.problems[0]!, fileName: file.name }, { status: read.status });
  const result = await importCases(getDb(), actor, read.rows, systemClock());
  if (!result.ok) {
    if (result.status === 403) throw refusalResponse(result);
    return data<ActionData>({ error: result.problems[0]!, fileName: file.name }, { status: result.status });
  }
  return data<ActionData>({ report: result.report, fileName: file.name });
}

export default function ImportCasesPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const report = actionData?.report;
  const error = actionData?.error ? problemText(actionData.error, t, locale) : undefined;
  return (
    <div className="narrow">
      <p>
        <Link to="/review">← {t("home.review.title")}</Link>
      </p>
      <h1>{t("intake.title")}</h1>
      <p>{t("intake.intro", { max: MAX_INTAKE_ROWS })}</p>
      <p>
        <a href="/review/import/template.csv" download>
          {t("intake.template")}
        </a>
      </p>
      {error ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{error}</p>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card" replace>
        <div className="field">
          <label htmlFor="intake-file">{t("intake.file")}</label>
          <p className="hint" id="intake-file-hint">
            {t("intake.file.hint", { columns: INTAKE_COLUMNS.join(", ") })}
          </p>
          <input
            id="intake-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "intake-file-hint intake-file-error" : "intake-file-hint"}
          />
          {error ? (
            <p className="field-error" id="intake-file-error">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("intake.submit")}
        </button>
      </Form>
      {report ? (
        <section aria-labelledby="intake-result" aria-live="polite">
          <h2 id="intake-result">
            {t("intake.result", { created: report.created, duplicates: report.duplicates, refused: report.refused })}
          </h2>
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("intake.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("intake.col.row")}</th>
                  <th scope="col">{t("intake.col.networkCaseId")}</th>
                  <th scope="col">{t("intake.col.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => (
                  <tr key={r.row} data-outcome={r.outcome}>
                    <td>{r.row}</td>
                    <th scope="row">{r.networkCaseId}</th>
                    <td>
                      {r.outcome === "refused" ? (
                        t("intake.outcome.refused", { field: r.field, reason: problemText({ key: r.reason, params: r.params }, t, locale) })
                      ) : (
                        <Link to={`/review/${r.caseNumber}`}>{t(`intake.outcome.${r.outcome}`, { caseNumber: r.caseNumber })}</Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
