import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatInstant, money } from "~/components/case-view";
import { useI18n } from "~/components/i18n";
import { isCaseType } from "~/domain/case-state";
import { parseMajorToMinor } from "~/domain/money";
import type { MessageKey } from "~/i18n";
import { reasonCodes, reviewQueue, REVIEW_LIMIT, type ReviewFilters } from "~/models/case-list.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Review queue · Dispute Portal" }];

function amount(text: string | null): number | undefined {
  if (!text || text.length > 20) return undefined;
  // Amount filters span currencies; two decimals covers EUR and USD, the currencies served.
  return parseMajorToMinor(text, "EUR") ?? undefined;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const db = getDb();
  const p = new URL(request.url).searchParams;
  const f: ReviewFilters = {};
  const type = p.get("type");
  if (isCaseType(type)) f.type = type;
  const reason = p.get("reason");
  if (reason && reason.length <= 16) f.reasonCode = reason;
  f.minAmountMinor = amount(p.get("min"));
  f.maxAmountMinor = amount(p.get("max"));
  const org = p.get("organisation");
  if (org && /^\d{1,9}$/.test(org)) f.organisationId = Number(org);
  f.urgentFirst = p.get("urgentFirst") === "1";
  const [queue, reasons, organisations] = await Promise.all([
    reviewQueue(db, actor, f),
    reasonCodes(db),
    db.selectFrom("organisations").select(["id", "name"]).orderBy("name").execute(),
  ]);
  return { ...queue, reasons, organisations };
}

export default function ReviewPage() {
  const { rows, total, reasons, organisations } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("home.review.title")}</h1>
      <p>
        <Link to="/review/new">{t("review.open")}</Link>
      </p>
      <Form method="get" className="card filter-form">
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
          <label htmlFor="r-min">{t("review.filter.minAmount")}</label>
          <input id="r-min" name="min" inputMode="decimal" size={8} defaultValue={params.get("min") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="r-max">{t("review.filter.maxAmount")}</label>
          <input id="r-max" name="max" inputMode="decimal" size={8} defaultValue={params.get("max") ?? ""} />
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
            <input type="checkbox" name="urgentFirst" value="1" defaultChecked={params.get("urgentFirst") === "1"} /> {t("review.filter.urgentFirst")}
          </label>
        </div>
        <button type="submit" className="secondary">
          {t("disputes.filter.submit")}
        </button>
      </Form>
      <p>
        <strong>{t("disputes.count", { count: total })}</strong>
        {total > REVIEW_LIMIT ? ` (${REVIEW_LIMIT})` : null}
      </p>
      {rows.length === 0 ? (
        <p className="notice">{t("review.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("review.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("disputes.col.case")}</th>
                <th scope="col">{t("disputes.col.type")}</th>
                <th scope="col">{t("review.col.organisation")}</th>
                <th scope="col">{t("disputes.col.account")}</th>
                <th scope="col" className="num">
                  {t("disputes.col.amount")}
                </th>
                <th scope="col">{t("disputes.col.reason")}</th>
                <th scope="col">{t("review.col.respondedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.caseNumber} data-case={r.caseNumber}>
                  <td>
                    <Link to={`/review/${r.caseNumber}`}>{r.caseNumber}</Link>{" "}
                    {r.urgentFlag === 1 ? <span className="tag tag-urgent">{t("disputes.urgent")}</span> : null}
                  </td>
                  <td>{t(`case.type.${r.type}` as MessageKey)}</td>
                  <td>{r.organisationName}</td>
                  <td>{r.accountName}</td>
                  <td className="num">{money(r.disputedAmountMinor, r.currency, locale)}</td>
                  <td>
                    {r.reasonCode}: {r.reasonText}
                  </td>
                  <td>{r.lastResponseAt ? formatInstant(r.lastResponseAt, "UTC", locale) + " UTC" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
