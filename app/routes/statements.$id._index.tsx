import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { StatementTotalsTable, lineDescription } from "~/components/statement-totals";
import { formatDay, formatMonth, formatSignedAmount, lastDayOf } from "~/domain/statement-format";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { lineSign } from "~/domain/statements";
import { parseId } from "~/forms/statements";
import type { MessageKey } from "~/i18n";
import { loadStatementDocument } from "~/services/statements.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "statements.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const id = parseId(params.id);
  if (id === null) throw notFound();
  const doc = await loadStatementDocument(getDb(), actor, id);
  if (!doc) throw notFound();
  return doc;
}

export default function StatementPage() {
  const { statement, lines, account, organisation } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const tz = account.timeZone;
  return (
    <>
      <p>
        <Link to="/statements">← {t("statement.back")}</Link>
      </p>
      <h1>{t("statement.title", { month: formatMonth(statement.month, locale) })}</h1>
      <div className="grid">
        <section className="card">
          <dl className="facts">
            <dt>{t("statement.account")}</dt>
            <dd>
              {account.name} ({account.merchantNumber})
              <br />
              <span className="muted">{account.address}</span>
            </dd>
            <dt>{t("statement.organisation")}</dt>
            <dd>
              {organisation.legalName}
              <br />
              <span className="muted">{organisation.address}</span>
              {organisation.vatId ? (
                <>
                  <br />
                  <span className="muted">
                    {t("statement.vatId")} {organisation.vatId}
                  </span>
                </>
              ) : null}
            </dd>
            <dt>{t("statement.period")}</dt>
            <dd>
              {t("statement.periodRange", {
                from: formatDay(statement.opensAt, tz, locale),
                to: formatDay(lastDayOf(statement.closesAt), tz, locale),
              })}{" "}
              <span className="muted">({tz})</span>
            </dd>
            <dt>{t("statement.currency")}</dt>
            <dd>{statement.totals.map((totals) => totals.currency).join(", ")}</dd>
            <dt>{t("statement.delivery")}</dt>
            <dd>{t(statement.deliveredOnPaper ? "statements.delivery.paper" : "statements.delivery.online")}</dd>
            <dt>{t("statement.generatedAt")}</dt>
            <dd>{formatDay(statement.generatedAt, tz, locale)}</dd>
          </dl>
          <p>
            <a className="button" href={`/statements/${statement.id}/pdf`} download>
              {t("statements.downloadPdf")}
            </a>{" "}
            <a className="button secondary" href={`/statements/${statement.id}/csv`} download>
              {t("statements.downloadCsv")}
            </a>
          </p>
        </section>
        <section className="card" aria-labelledby="totals-heading">
          <h2 id="totals-heading">{t("statement.totals")}</h2>
          <StatementTotalsTable totals={statement.totals} />
        </section>
      </div>

      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading">{t("statement.lines")}</h2>
        {lines.length === 0 ? (
          <p>{t("statement.noLines")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("statement.lines.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("statement.col.date")}</th>
                  <th scope="col">{t("statement.col.kind")}</th>
                  <th scope="col">{t("statement.col.description")}</th>
                  <th scope="col">{t("statement.col.reference")}</th>
                  <th scope="col" className="num">
                    {t("statement.col.amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.position} data-kind={line.kind} data-code={line.code ?? undefined}>
                    <td>{formatDay(line.occurredAt, tz, locale)}</td>
                    <td>{t(`statement.kind.${line.kind}` as MessageKey)}</td>
                    <td>{lineDescription(line, t)}</td>
                    <td>{line.reference ?? ""}</td>
                    <td className="num">{formatSignedAmount(lineSign(line.kind) * line.amountMinor, line.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <p>
        <Link to="/help/statements">{t("statements.help")}</Link>
      </p>
    </>
  );
}
