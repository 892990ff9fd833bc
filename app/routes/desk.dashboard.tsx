import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import { useI18n } from "~/components/i18n";
import type { DashboardFigures, Duration } from "~/domain/support-dashboard";
import { supportCategoryLabelKey } from "~/domain/support-request";
import type { Locale, MessageKey } from "~/i18n";
import { localeTag } from "~/i18n/formats";
import { refusalResponse } from "~/services/result";
import { loadSupportDashboard } from "~/services/support-dashboard.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supportDashboard.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["support"]);
  const params = new URL(request.url).searchParams;
  const result = await loadSupportDashboard(getDb(), actor, { from: params.get("from"), to: params.get("to") }, systemClock());
  if (!result.ok) throw refusalResponse(result);
  // A period that cannot be one is the form's message, answered 400, never an error page.
  return data(result.page, { status: result.page.ok ? 200 : 400 });
}

const HOUR = 3_600_000;

function useFormat(locale: Locale, t: (key: MessageKey, params?: Record<string, string>) => string) {
  const number = new Intl.NumberFormat(localeTag(locale), { maximumFractionDigits: 1 });
  const duration = (ms: number | null) => {
    if (ms === null) return t("supportDashboard.none");
    // Hours while they read well; days for the complaints' weeks.
    return ms < 48 * HOUR
      ? t("supportDashboard.hours", { value: number.format(ms / HOUR) })
      : t("supportDashboard.days", { value: number.format(ms / (24 * HOUR)) });
  };
  return {
    duration,
    rating: (value: number | null) => (value === null ? t("supportDashboard.none") : number.format(value)),
  };
}

const COLUMNS: MessageKey[] = [
  "supportDashboard.col.received",
  "supportDashboard.col.firstResponseMedian",
  "supportDashboard.col.firstResponseAverage",
  "supportDashboard.col.resolutionMedian",
  "supportDashboard.col.resolutionAverage",
  "supportDashboard.col.ackBreaches",
  "supportDashboard.col.resolveBreaches",
  "supportDashboard.col.ratings",
  "supportDashboard.col.averageRating",
];

function FigureCells({ figures, f }: { figures: DashboardFigures; f: ReturnType<typeof useFormat> }) {
  const d = (x: Duration, which: "median" | "average") => f.duration(x[which]);
  return (
    <>
      <td>{figures.received}</td>
      <td>{d(figures.firstResponse, "median")}</td>
      <td>{d(figures.firstResponse, "average")}</td>
      <td>{d(figures.resolution, "median")}</td>
      <td>{d(figures.resolution, "average")}</td>
      <td>{figures.acknowledgeBreaches}</td>
      <td>{figures.resolveBreaches}</td>
      <td>{figures.ratings}</td>
      <td>{f.rating(figures.averageRating)}</td>
    </>
  );
}

function FiguresTable({
  caption,
  firstColumn,
  rows,
  total,
  f,
}: {
  caption: string;
  firstColumn: string;
  rows: Array<{ key: string; label: string; figures: DashboardFigures }>;
  total: DashboardFigures;
  f: ReturnType<typeof useFormat>;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            {COLUMNS.map((key) => (
              <th scope="col" key={key}>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <FigureCells figures={row.figures} f={f} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("supportDashboard.total")}</th>
            <FigureCells figures={total} f={f} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export default function SupportDashboardPage() {
  const page = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const f = useFormat(locale, t);
  const period = { from: page.from, to: page.to };
  return (
    <>
      <p>
        <Link to="/desk">← {t("supportDashboard.back")}</Link>
      </p>
      <h1>{t("supportDashboard.title")}</h1>
      <p>{t("supportDashboard.intro")}</p>
      {page.ok ? null : <ErrorSummary errors={page.errors.map((e) => `supportDashboard.error.${e}` as MessageKey)} />}
      <Form method="get" className="filter-form card">
        <fieldset>
          <legend>{t("supportDashboard.period")}</legend>
          <div className="field">
            <label htmlFor="dashboard-from">{t("supportDashboard.from")}</label>
            <input id="dashboard-from" type="date" name="from" defaultValue={page.from} required />
          </div>
          <div className="field">
            <label htmlFor="dashboard-to">{t("supportDashboard.to")}</label>
            <input id="dashboard-to" type="date" name="to" defaultValue={page.to} required />
          </div>
        </fieldset>
        <button type="submit">{t("supportDashboard.show")}</button>
      </Form>
      {page.ok ? (
        <>
          <FiguresTable
            caption={t("supportDashboard.caption.category", period)}
            firstColumn={t("supportDashboard.col.category")}
            rows={page.dashboard.byCategory.map((r) => ({
              key: r.category,
              label: t(supportCategoryLabelKey(r.category)),
              figures: r.figures,
            }))}
            total={page.dashboard.total}
            f={f}
          />
          <FiguresTable
            caption={t("supportDashboard.caption.tier", period)}
            firstColumn={t("supportDashboard.col.tier")}
            rows={page.dashboard.byTier.map((r) => ({
              key: String(r.tier),
              label: t("supportDashboard.tier", { tier: String(r.tier) }),
              figures: r.figures,
            }))}
            total={page.dashboard.total}
            f={f}
          />
        </>
      ) : null}
    </>
  );
}
