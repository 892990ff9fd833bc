import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import { formatInstant } from "~/components/case-view";
import { useI18n } from "~/components/i18n";
import { ExportLink } from "~/components/export-link";
import { AUDIT_KINDS } from "~/domain/audit";
import { loadAuditTrail } from "~/services/audit-trail.server";
import { refusalResponse } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.audit");

// GET /settings/audit: the organisation's audit trail (org_admin). The filters are a GET form, so
// they work without JavaScript, stay in the address and carry over to the next page and the export.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const result = await loadAuditTrail(getDb(), actor, new URL(request.url).searchParams);
  if (!result.ok) throw refusalResponse(result);
  const { ok: _ok, ...view } = result;
  return data(view, { status: view.problems.length > 0 ? 400 : 200 });
}

type Field = "user" | "kind" | "from" | "to";

export default function AuditPage() {
  const { rows, problems, next, paged } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const errorOf = (field: string) => problems.find((p) => p.field === field)?.key;
  const firstParams = new URLSearchParams(params);
  firstParams.delete("cursor");
  const nextParams = new URLSearchParams(firstParams);
  if (next) nextParams.set("cursor", next);
  const fieldProps = (field: Field) => ({
    id: `a-${field}`,
    name: field,
    defaultValue: params.get(field) ?? "",
    "aria-invalid": errorOf(field) ? true : undefined,
    "aria-describedby": errorOf(field) ? `a-${field}-error` : undefined,
  });
  const errorText = (field: string) => {
    const key = errorOf(field);
    return key ? (
      <p className="field-error" id={`a-${field}-error`}>
        {t(key)}
      </p>
    ) : null;
  };
  return (
    <>
      <p>
        <Link to="/settings">← {t("settings.back")}</Link>
      </p>
      <h1>{t("settings.audit")}</h1>
      <p>{t("settings.audit.intro")}</p>
      <ErrorSummary errors={problems.map((p) => p.key)} />
      <Form method="get" className="card filter-form" aria-label={t("audit.filter.label")}>
        <div className="field">
          <label htmlFor="a-user">{t("audit.filter.user")}</label>
          <input type="text" autoComplete="off" maxLength={254} {...fieldProps("user")} />
          {errorText("user")}
        </div>
        <div className="field">
          <label htmlFor="a-kind">{t("audit.filter.kind")}</label>
          <select {...fieldProps("kind")}>
            <option value="">{t("audit.filter.anyKind")}</option>
            {AUDIT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`audit.kind.${kind}`)}
              </option>
            ))}
          </select>
          {errorText("kind")}
        </div>
        <div className="field">
          <label htmlFor="a-from">{t("audit.filter.from")}</label>
          <input type="date" {...fieldProps("from")} />
          {errorText("from")}
        </div>
        <div className="field">
          <label htmlFor="a-to">{t("audit.filter.to")}</label>
          <input type="date" {...fieldProps("to")} />
          {errorText("to")}
        </div>
        <button type="submit" className="secondary">
          {t("audit.filter.submit")}
        </button>
        <Link to="/settings/audit">{t("audit.filter.reset")}</Link>
      </Form>
      {problems.length === 0 ? <ExportLink path="/settings/audit/export.csv" params={firstParams} /> : null}
      {rows.length === 0 ? (
        problems.length === 0 ? (
          <p className="notice">{t("audit.none")}</p>
        ) : null
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("audit.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.col.at")}</th>
                <th scope="col">{t("audit.col.user")}</th>
                <th scope="col">{t("audit.col.kind")}</th>
                <th scope="col">{t("audit.col.entity")}</th>
                <th scope="col">{t("audit.col.details")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <time dateTime={r.at}>{formatInstant(r.at, "UTC", locale)}</time>
                  </td>
                  <td>{r.actor ? `${r.actor.name} (${r.actor.username})` : t("audit.nobody")}</td>
                  <td>{r.knownKind ? t(`audit.kind.${r.knownKind}`) : r.kind}</td>
                  <td>{r.entity}</td>
                  <td>{r.details ? <code className="audit-details">{r.details}</code> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {paged ? <Link to={`/settings/audit?${firstParams}`}>{t("audit.first")}</Link> : null}{" "}
        {next ? <Link to={`/settings/audit?${nextParams}`}>{t("audit.next")} →</Link> : null}
      </p>
    </>
  );
}
