import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CaseTable } from "~/components/case-table";
import { formatInstant } from "~/components/case-view";
import { useI18n } from "~/components/i18n";
import { ExportLink } from "~/components/export-link";
import { loadReviewQueue, type ReviewFilterProblem } from "~/services/disputes/review-queue.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.review");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  return loadReviewQueue(getDb(), actor, new URL(request.url).searchParams);
}

export default function ReviewPage() {
  const { rows, total, next, paged, reasons, currencies, organisations, problems } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set("cursor", next);
  const firstParams = new URLSearchParams(params);
  firstParams.delete("cursor");
  const problemOf = (field: ReviewFilterProblem["field"]) => problems.find((p) => p.field === field);
  const describedBy = (field: ReviewFilterProblem["field"]) => (problemOf(field) ? `r-${field}-error` : undefined);
  const problemText = (field: ReviewFilterProblem["field"]) => {
    const p = problemOf(field);
    return p ? (
      <p className="field-error" id={`r-${field}-error`}>
        {t(p.key, p.params)}
      </p>
    ) : null;
  };
  return (
    <>
      <h1>{t("home.review.title")}</h1>
      <p>
        <Link to="/review/new">{t("review.open")}</Link> · <Link to="/review/import">{t("review.import")}</Link>
      </p>
      <Form method="get" className="card filter-form" aria-label={t("disputes.filter.submit")}>
        <div className="field">
          <label htmlFor="r-type">{t("disputes.filter.type")}</label>
          <select id="r-type" name="type" defaultValue={params.get("type") ?? ""}>
            <option value="">{t("disputes.filter.any")}</option>
            <option value="inquiry">{t("case.type.inquiry")}</option>
            <option value="chargeback">{t("case.type.chargeback")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-reason">{t("review.filter.reason")}</label>
          <select id="r-reason" name="reason" defaultValue={params.get("reason") ?? ""}>
            <option value="">{t("disputes.filter.any")}</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-currency">{t("review.filter.currency")}</label>
          <select
            id="r-currency"
            name="currency"
            defaultValue={params.get("currency") ?? ""}
            aria-invalid={problemOf("currency") ? true : undefined}
            aria-describedby={describedBy("currency")}
          >
            <option value="">—</option>
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {problemText("currency")}
        </div>
        <div className="field">
          <label htmlFor="r-min">{t("review.filter.minAmount")}</label>
          <input
            id="r-min"
            name="min"
            inputMode="decimal"
            size={8}
            defaultValue={params.get("min") ?? ""}
            aria-invalid={problemOf("min") ? true : undefined}
            aria-describedby={describedBy("min")}
          />
          {problemText("min")}
        </div>
        <div className="field">
          <label htmlFor="r-max">{t("review.filter.maxAmount")}</label>
          <input
            id="r-max"
            name="max"
            inputMode="decimal"
            size={8}
            defaultValue={params.get("max") ?? ""}
            aria-invalid={problemOf("max") ? true : undefined}
            aria-describedby={describedBy("max")}
          />
          {problemText("max")}
        </div>
        <div className="field">
          <label htmlFor="r-org">{t("review.filter.organisation")}</label>
          <select id="r-org" name="organisation" defaultValue={params.get("organisation") ?? ""}>
            <option value="">{t("disputes.filter.any")}</option>
            {organisations.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field choice">
          <label>
            <input type="checkbox" name="urgentFirst" value="1" defaultChecked={params.get("urgentFirst") === "1"} />{" "}
            {t("review.filter.urgentFirst")}
          </label>
        </div>
        <button type="submit" className="secondary">
          {t("disputes.filter.submit")}
        </button>
      </Form>
      <p data-testid="counts">
        <strong>{t("disputes.count", { count: total })}</strong>
      </p>
      {problems.length === 0 ? <ExportLink path="/review/export.csv" params={firstParams} /> : null}
      {rows.length === 0 ? (
        <p className="notice">{t("review.none")}</p>
      ) : (
        <CaseTable
          rows={rows}
          caption="review.caption"
          linkBase="/review"
          before={[{ header: "review.col.organisation", cell: (r) => r.organisationName }]}
          after={[
            {
              header: "review.col.respondedAt",
              cell: (r) => (r.lastResponseAt ? `${formatInstant(r.lastResponseAt, "UTC", locale)} UTC` : ""),
            },
          ]}
        />
      )}
      <p>
        {paged ? <Link to={`/review?${firstParams}`}>{t("review.first")}</Link> : null}{" "}
        {next ? <Link to={`/review?${nextParams}`}>{t("review.next")} →</Link> : null}
      </p>
    </>
  );
}
