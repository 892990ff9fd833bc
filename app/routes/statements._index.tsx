import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { formatDay, formatMonth, formatSignedAmount, lastDayOf } from "~/domain/statement-format";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { paperlessSchema, parseId } from "~/forms/statements";
import { parseForm } from "~/forms/validation";
import { refusalResponse } from "~/services/result";
import { loadStatementsPage, setPaperless } from "~/services/statements.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "statements.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const params = new URL(request.url).searchParams;
  const param = params.get("account");
  let accountId: number | null = null;
  if (param) {
    accountId = parseId(param);
    if (accountId === null) throw notFound();
  }
  const page = await loadStatementsPage(getDb(), actor, {
    accountId,
    after: params.get("after"),
    now: systemClock(),
  });
  if (!page) throw notFound();
  return page;
}

type ActionData = { done: { enrolled: boolean; changed: boolean; account: string; appliesFrom: string } };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const parsed = parseForm(await readFormData(request), paperlessSchema);
  if (!parsed.ok) throw new Response("Bad Request", { status: 400 });
  const enrolled = parsed.data.intent === "enrol";
  const result = await setPaperless(getDb(), actor, parsed.data.accountId, enrolled, systemClock());
  if (!result.ok) throw refusalResponse(result);
  return data<ActionData>({ done: { enrolled, changed: result.changed, account: result.accountName, appliesFrom: result.appliesFrom } });
}

export default function StatementsPage() {
  const { accounts, statements, nextCursor, selectedAccountId, filterOptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const accountById = new Map(accounts.map((a) => [a.account.id, a.account]));
  const done = actionData?.done;
  const showAccountColumn = filterOptions.length > 1 && selectedAccountId === null;

  return (
    <>
      <h1>{t("statements.title")}</h1>
      <p>{t("statements.intro")}</p>
      <p>
        <Link to="/help/statements">{t("statements.help")}</Link>
      </p>
      {done ? (
        <Notice tone="success">
          {t(done.changed ? (done.enrolled ? "paperless.done.enrolled" : "paperless.done.left") : "paperless.done.unchanged", {
            account: done.account,
            month: formatMonth(done.appliesFrom, locale),
          })}
        </Notice>
      ) : null}

      {filterOptions.length > 1 ? (
        <Form method="get" className="card filter-form">
          <div className="field">
            <label htmlFor="account-filter">{t("statements.filter.account")}</label>
            <select id="account-filter" name="account" defaultValue={selectedAccountId ?? ""}>
              <option value="">{t("statements.filter.all")}</option>
              {filterOptions.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.merchantNumber})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t("statements.filter.submit")}
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="paperless-heading">
        <h2 id="paperless-heading">{t("paperless.heading")}</h2>
        <div className="grid">
          {accounts.map(({ account, paperless }) => (
            <div className="card" key={account.id} data-account={account.merchantNumber}>
              <h3>
                {account.name} <span className="muted">({account.merchantNumber})</span>
              </h3>
              <p>
                <span className={`tag ${paperless.enrolled ? "tag-ok" : ""}`}>
                  {t(paperless.enrolled ? "paperless.status.on" : "paperless.status.off")}
                </span>
              </p>
              <p className="muted">
                {paperless.lastChange
                  ? t(paperless.lastChange.enrolled ? "paperless.lastChange.enrolled" : "paperless.lastChange.left", {
                      date: formatDay(paperless.lastChange.at, account.timeZone, locale),
                      name: paperless.lastChange.byName ?? t("paperless.lastChange.onboarding"),
                    })
                  : t("paperless.never")}
              </p>
              <p>
                {t(paperless.currentMonthPaperless ? "paperless.current.online" : "paperless.current.paper", {
                  month: formatMonth(paperless.currentMonth, locale),
                })}{" "}
                {paperless.appliesFrom !== paperless.currentMonth
                  ? t("paperless.appliesFrom", { month: formatMonth(paperless.appliesFrom, locale) })
                  : null}
              </p>
              {paperless.canChange ? (
                // A plain form, not Remix's <Form>: a head office has a card per location, hundreds
                // of forms, and each <Form> resolves its action and wires up submission while the
                // page is rendered. Sending one loads the page anew with the outcome.
                <form method="post" className="inline-form">
                  <input type="hidden" name="accountId" value={account.id} />
                  {paperless.enrolled ? (
                    <button type="submit" name="intent" value="leave" className="secondary">
                      {t("paperless.leave")}
                    </button>
                  ) : (
                    <button type="submit" name="intent" value="enrol">
                      {t("paperless.enrol")}
                    </button>
                  )}
                </form>
              ) : (
                <p className="hint">{t("paperless.notAllowed")}</p>
              )}
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t("statements.title")}</h2>
        {statements.length === 0 ? (
          <p>{t("statements.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("statements.list.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("statements.col.month")}</th>
                  {showAccountColumn ? <th scope="col">{t("statements.col.account")}</th> : null}
                  <th scope="col">{t("statements.col.period")}</th>
                  <th scope="col" className="num">
                    {t("statements.col.net")}
                  </th>
                  <th scope="col">{t("statements.col.delivery")}</th>
                  <th scope="col">{t("statements.col.downloads")}</th>
                </tr>
              </thead>
              <tbody>
                {statements.map((s) => {
                  const account = accountById.get(s.accountId);
                  const timeZone = account?.timeZone ?? "UTC";
                  return (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/statements/${s.id}`}>{formatMonth(s.month, locale)}</Link>
                      </td>
                      {showAccountColumn ? <td>{account ? `${account.name} (${account.merchantNumber})` : null}</td> : null}
                      <td>
                        {t("statement.periodRange", {
                          from: formatDay(s.opensAt, timeZone, locale),
                          to: formatDay(lastDayOf(s.closesAt), timeZone, locale),
                        })}
                      </td>
                      <td className="num">
                        {s.totals.map((totals, i) => (
                          <span key={totals.currency}>
                            {i > 0 ? <br /> : null}
                            {formatSignedAmount(totals.net, totals.currency, locale)}
                          </span>
                        ))}
                      </td>
                      <td>{t(s.deliveredOnPaper ? "statements.delivery.paper" : "statements.delivery.online")}</td>
                      <td>
                        <a href={`/statements/${s.id}/pdf`} download>
                          {t("statements.pdf")}
                        </a>{" "}
                        ·{" "}
                        <a href={`/statements/${s.id}/csv`} download>
                          {t("statements.csv")}
                        </a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {nextCursor ? (
          <p>
            <Link
              to={`?${new URLSearchParams({ ...(selectedAccountId !== null ? { account: String(selectedAccountId) } : {}), after: nextCursor })}`}
            >
              {t("statements.older")}
            </Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
