import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { berlinDate, Promises } from "~/components/support";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { supportCategoryLabelKey, supportStatusLabelKey } from "~/domain/support-request";
import { refusalResponse } from "~/services/result";
import { loadSupportList } from "~/services/support.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "support.title");

// The organisation's support requests a merchant user may see (SPEC 9): a location its accounts',
// a head office every location's; newest first, in keyset pages.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const result = await loadSupportList(getDb(), actor, new URL(request.url).searchParams.get("cursor"), systemClock());
  if (!result.ok) throw refusalResponse(result);
  return { rows: result.rows, next: result.next, paged: result.paged, showLocation: actor.role !== "location" };
}

export default function SupportListPage() {
  const { rows, next, paged, showLocation } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("support.title")}</h1>
      <p>{t("support.intro")}</p>
      <p>
        <Link to="/support/new" className="button">
          {t("support.new")}
        </Link>
      </p>
      {rows.length === 0 ? (
        <p>{t("support.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("support.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("support.col.number")}</th>
                <th scope="col">{t("support.col.subject")}</th>
                <th scope="col">{t("support.col.category")}</th>
                {showLocation ? <th scope="col">{t("support.col.location")}</th> : null}
                <th scope="col">{t("support.col.status")}</th>
                <th scope="col">{t("support.col.received")}</th>
                <th scope="col">{t("support.col.promises")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.requestNumber}>
                  <th scope="row">
                    <Link to={`/support/${r.requestNumber}`}>{r.requestNumber}</Link>
                  </th>
                  <td>{r.subject}</td>
                  <td>{t(supportCategoryLabelKey(r.category))}</td>
                  {showLocation ? <td>{r.accountName ?? t("support.form.accountAny")}</td> : null}
                  <td>{t(supportStatusLabelKey(r.status))}</td>
                  <td>{berlinDate(r.receivedAt, locale)}</td>
                  <td>
                    <Promises item={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {paged ? <Link to="/support">{t("support.first")}</Link> : null}{" "}
        {next ? <Link to={`?cursor=${encodeURIComponent(next)}`}>{t("support.next")}</Link> : null}
      </p>
    </>
  );
}
