import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { berlinDate } from "~/components/support";
import { DESK_QUEUES, isDeskQueue } from "~/domain/support-rules";
import { supportCategoryLabelKey, supportStatusLabelKey } from "~/domain/support-request";
import { refusalResponse } from "~/services/result";
import { loadDeskQueue } from "~/services/support-desk.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "desk.title");

// The support desk's queues (SPEC 9, issue 14 item 3): mine, my tier, unassigned, close to a
// broken promise, breached, and the phone call-backs; oldest first, in keyset pages.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["support"]);
  const search = new URL(request.url).searchParams;
  const asked = search.get("queue");
  const queue = isDeskQueue(asked) ? asked : "mine";
  const result = await loadDeskQueue(getDb(), actor, queue, search.get("cursor"), systemClock());
  if (!result.ok) throw refusalResponse(result);
  return result.page;
}

export default function DeskPage() {
  const { agent, queue, counts, rows, next, paged } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("desk.title")}</h1>
      <p>{t("desk.intro", { name: agent.displayName, tier: agent.tier })}</p>
      <p>
        <Link to="/desk/templates">{t("desk.templates.link")}</Link> · <Link to="/desk/dashboard">{t("desk.dashboardLink")}</Link>
      </p>
      <nav aria-label={t("desk.queues")}>
        <ul className="tabs">
          {DESK_QUEUES.map((q) => (
            <li key={q}>
              <Link to={`/desk?queue=${q}`} aria-current={q === queue ? "page" : undefined}>
                {t(`desk.queue.${q}`)} ({counts[q]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{t(`desk.queue.${queue}`)}</h2>
      {rows.length === 0 ? (
        <p>{t("desk.queue.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t(`desk.queue.${queue}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t("support.col.number")}</th>
                <th scope="col">{t("desk.col.merchant")}</th>
                <th scope="col">{t("support.col.subject")}</th>
                <th scope="col">{t("support.col.category")}</th>
                <th scope="col">{t("desk.col.tier")}</th>
                <th scope="col">{t("support.col.status")}</th>
                <th scope="col">{t("desk.col.holder")}</th>
                <th scope="col">{t("support.col.received")}</th>
                <th scope="col">{t("desk.col.nextPromise")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.requestNumber}>
                  <th scope="row">
                    <Link to={`/desk/${r.requestNumber}`}>{r.requestNumber}</Link>
                  </th>
                  <td>{r.organisationName}</td>
                  <td>
                    {r.subject}
                    {r.replyChannel === "phone" ? <> ({t("support.channel.phone")})</> : null}
                  </td>
                  <td>{t(supportCategoryLabelKey(r.category))}</td>
                  <td>
                    {r.tier}
                    {r.managementFlag ? <> · {t("desk.managementFlag")}</> : null}
                  </td>
                  <td>{t(supportStatusLabelKey(r.status))}</td>
                  <td>{r.holderName ?? t("desk.nobody")}</td>
                  <td>{berlinDate(r.receivedAt, locale)}</td>
                  <td>
                    {r.nextPromise
                      ? `${t(`desk.promise.${r.nextPromise.kind}`, { date: berlinDate(r.nextPromise.dueAt, locale) })} (${t(`support.promise.${r.nextPromise.state}`)})`
                      : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {paged ? <Link to={`/desk?queue=${queue}`}>{t("support.first")}</Link> : null}{" "}
        {next ? <Link to={`/desk?queue=${queue}&cursor=${encodeURIComponent(next)}`}>{t("support.next")}</Link> : null}
      </p>
    </>
  );
}
