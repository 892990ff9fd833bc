import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CaseTable } from "~/components/case-table";
import { CountdownTag, formatInstant, StatusText } from "~/components/case-view";
import { useI18n } from "~/components/i18n";
import { ExportLink } from "~/components/export-link";
import { CASE_OUTCOMES, CASE_STATUSES } from "~/domain/case-state";
import { MERCHANT_ROLES } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";
import { loadCaseList } from "~/services/disputes/case-list.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "disputes.list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  return loadCaseList(getDb(), actor, new URL(request.url).searchParams, systemClock());
}

export default function DisputesPage() {
  const { accounts, rows, counts, next, paged } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const total = counts.awaiting_response + counts.under_review + counts.closed;
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set("cursor", next);
  const firstParams = new URLSearchParams(params);
  firstParams.delete("cursor");
  return (
    <>
      <h1>{t("home.disputes.title")}</h1>
      <Form method="get" className="card filter-form" aria-label={t("disputes.filter.submit")}>
        <div className="field">
          <label htmlFor="f-type">{t("disputes.filter.type")}</label>
          <select id="f-type" name="type" defaultValue={params.get("type") ?? ""}>
            <option value="">{t("disputes.filter.any")}</option>
            <option value="inquiry">{t("case.type.inquiry")}</option>
            <option value="chargeback">{t("case.type.chargeback")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("disputes.filter.status")}</label>
          <select
            id="f-status"
            name="status"
            defaultValue={params.get("status") ?? (params.has("outcome") || params.get("q") ? "all" : "open")}
          >
            <option value="all">{t("disputes.filter.any")}</option>
            <option value="open">{t("disputes.filter.open")}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`case.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        {params
          .getAll("outcome")
          .filter((o) => (CASE_OUTCOMES as readonly string[]).includes(o))
          .map((o) => (
            <input key={o} type="hidden" name="outcome" value={o} />
          ))}
        {accounts.length > 1 ? (
          <div className="field">
            <label htmlFor="f-account">{t("disputes.filter.account")}</label>
            <select id="f-account" name="account" defaultValue={params.get("account") ?? ""}>
              <option value="">{t("disputes.filter.any")}</option>
              {accounts.map((a) => (
                <option key={a.id} value={String(a.id)}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="f-due">{t("disputes.filter.dueWithin")}</label>
          <input id="f-due" name="due" type="number" min={0} max={365} defaultValue={params.get("due") ?? ""} />
        </div>
        <div className="field choice">
          <label>
            <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} /> {t("disputes.filter.overdue")}
          </label>
        </div>
        <div className="field">
          <label htmlFor="f-q">{t("disputes.filter.search")}</label>
          <input id="f-q" name="q" type="search" maxLength={64} defaultValue={params.get("q") ?? ""} />
        </div>
        <button type="submit" className="secondary">
          {t("disputes.filter.submit")}
        </button>
        <Link to="/disputes">{t("disputes.filter.reset")}</Link>
      </Form>
      <p data-testid="counts">
        <strong>{t("disputes.count", { count: total })}</strong> · {t("disputes.counts.awaiting", { count: counts.awaiting_response })} ·{" "}
        {t("disputes.counts.review", { count: counts.under_review })} · {t("disputes.counts.closed", { count: counts.closed })}
      </p>
      <ExportLink path="/disputes/export.csv" params={firstParams} />
      {rows.length === 0 ? (
        <p className="notice">{t("disputes.none")}</p>
      ) : (
        <CaseTable
          rows={rows}
          caption="disputes.caption"
          linkBase="/disputes"
          after={[
            { header: "disputes.col.status", cell: (r) => <StatusText status={r.status} outcome={r.outcome} /> },
            {
              header: "disputes.col.respondBy",
              cell: (r) => (
                <>
                  {formatInstant(r.respondBy, r.timeZone, locale)}{" "}
                  {r.status === "awaiting_response" ? <CountdownTag countdown={r.countdown} urgent={r.urgent} /> : null}
                </>
              ),
            },
          ]}
        />
      )}
      <p>
        {paged ? <Link to={`/disputes?${firstParams}`}>{t("disputes.first")}</Link> : null}{" "}
        {next ? <Link to={`/disputes?${nextParams}`}>{t("disputes.next")} →</Link> : null}
      </p>
    </>
  );
}
