import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { money } from "~/components/case-view";
import { useT, useI18n } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { OverviewAnalytics } from "~/components/overview-analytics";
import { loadAnalytics } from "~/services/analytics.server";
import { loadOverview, type OverviewLocation } from "~/services/overview.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["head_office", "org_admin"]);
  const url = new URL(request.url);
  const now = systemClock();
  const query = { period: url.searchParams.get("period"), sort: url.searchParams.get("sort"), dir: url.searchParams.get("dir") };
  const [overview, analytics] = await Promise.all([loadOverview(getDb(), actor, now), loadAnalytics(getDb(), actor, now, query)]);
  return { ...overview, analytics };
}

// Plain links, not Remix's <Link>: a head office's table holds thousands of them, and each <Link>
// resolves its path and sets up prefetching while the page is rendered (most of the page's time).
// Following one loads the list as a new page.
function CountLink({ count, to }: { count: number; to: string }) {
  return count === 0 ? <>0</> : <a href={to}>{count}</a>;
}

/** The count columns after the location: heading, and the filtered case list its figure links to. */
const COUNT_COLUMNS: readonly { label: MessageKey; count: (r: OverviewLocation) => number; filter: (windowDays: number) => string }[] = [
  { label: "overview.col.openInquiries", count: (r) => r.openInquiries, filter: () => "&type=inquiry&status=open" },
  { label: "overview.col.openChargebacks", count: (r) => r.openChargebacks, filter: () => "&type=chargeback&status=open" },
  { label: "overview.col.dueSoon", count: (r) => r.dueSoon, filter: (days) => `&due=${days}` },
  { label: "overview.col.overdue", count: (r) => r.overdue, filter: () => "&overdue=1" },
];
const OUTCOME_COLUMNS: typeof COUNT_COLUMNS = [
  { label: "overview.col.won", count: (r) => r.won, filter: () => "&outcome=won" },
  { label: "overview.col.lost", count: (r) => r.lost, filter: () => "&outcome=lost&outcome=expired" },
];

export default function OverviewPage() {
  const { rows, windowDays, handling, analytics } = useLoaderData<typeof loader>();
  const t = useT();
  const { locale } = useI18n();
  return (
    <>
      <h1>{t("home.overview.title")}</h1>
      {handling ? <p className="notice">{t(handling === "central" ? "overview.handling.central" : "overview.handling.local")}</p> : null}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t("overview.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("overview.col.location")}</th>
              {COUNT_COLUMNS.map((c) => (
                <th key={c.label} scope="col" className="num">
                  {t(c.label, { days: windowDays })}
                </th>
              ))}
              <th scope="col" className="num">
                {t("overview.col.atRisk")}
              </th>
              {OUTCOME_COLUMNS.map((c) => (
                <th key={c.label} scope="col" className="num">
                  {t(c.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const base = `/disputes?account=${r.accountId}`;
              return (
                <tr key={r.accountId} data-account={r.merchantNumber}>
                  <th scope="row">
                    <a href={base}>{r.accountName}</a> <span className="muted">({r.merchantNumber})</span>
                  </th>
                  {COUNT_COLUMNS.map((c) => (
                    <td key={c.label} className="num">
                      <CountLink count={c.count(r)} to={base + c.filter(windowDays)} />
                    </td>
                  ))}
                  <td className="num">
                    <a href={`${base}&status=open`}>{money(r.amountAtRiskMinor, r.currency, locale)}</a>
                  </td>
                  {OUTCOME_COLUMNS.map((c) => (
                    <td key={c.label} className="num">
                      <CountLink count={c.count(r)} to={base + c.filter(windowDays)} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <OverviewAnalytics view={analytics} />
    </>
  );
}
