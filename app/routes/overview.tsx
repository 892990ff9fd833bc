import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { money } from "~/components/case-view";
import { useT, useI18n } from "~/components/i18n";
import { loadOverview } from "~/services/overview.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["head_office", "org_admin"]);
  return loadOverview(getDb(), actor, systemClock());
}

function CountLink({ count, to }: { count: number; to: string }) {
  return count === 0 ? <>0</> : <Link to={to}>{count}</Link>;
}

export default function OverviewPage() {
  const { rows, windowDays, handling } = useLoaderData<typeof loader>();
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
              <th scope="col" className="num">
                {t("overview.col.openInquiries")}
              </th>
              <th scope="col" className="num">
                {t("overview.col.openChargebacks")}
              </th>
              <th scope="col" className="num">
                {t("overview.col.dueSoon", { days: windowDays })}
              </th>
              <th scope="col" className="num">
                {t("overview.col.overdue")}
              </th>
              <th scope="col" className="num">
                {t("overview.col.atRisk")}
              </th>
              <th scope="col" className="num">
                {t("overview.col.won")}
              </th>
              <th scope="col" className="num">
                {t("overview.col.lost")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const base = `/disputes?account=${r.accountId}`;
              return (
                <tr key={r.accountId} data-account={r.merchantNumber}>
                  <th scope="row">
                    <Link to={base}>{r.accountName}</Link> <span className="muted">({r.merchantNumber})</span>
                  </th>
                  <td className="num">
                    <CountLink count={r.openInquiries} to={`${base}&type=inquiry&status=open`} />
                  </td>
                  <td className="num">
                    <CountLink count={r.openChargebacks} to={`${base}&type=chargeback&status=open`} />
                  </td>
                  <td className="num">
                    <CountLink count={r.dueSoon} to={`${base}&due=${windowDays}`} />
                  </td>
                  <td className="num">
                    <CountLink count={r.overdue} to={`${base}&overdue=1`} />
                  </td>
                  <td className="num">
                    <Link to={`${base}&status=open`}>{money(r.amountAtRiskMinor, r.currency, locale)}</Link>
                  </td>
                  <td className="num">
                    <CountLink count={r.won} to={`${base}&outcome=won`} />
                  </td>
                  <td className="num">
                    <CountLink count={r.lost} to={`${base}&outcome=lost&outcome=expired`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
