import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Notice } from "~/components/form";
import { useT } from "~/components/i18n";
import { formatOutboxTime, OutboxStatusTag, RetryButton } from "~/components/outbox";
import { isOutboxStatus, OUTBOX_STATUSES, parseOutboxId, retrySchema } from "~/forms/outbox";
import { parseForm } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { loadOutboxPage, retryEmail } from "~/services/outbox-admin.server";
import { refusalResponse } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const params = new URL(request.url).searchParams;
  const status = params.get("status") || null;
  const beforeParam = params.get("before") || null;
  const before = beforeParam === null ? null : parseOutboxId(beforeParam);
  if ((status !== null && !isOutboxStatus(status)) || (beforeParam !== null && before === null)) {
    throw new Response("Bad Request", { status: 400 });
  }
  const page = await loadOutboxPage(getDb(), actor, { status, before });
  if (!page.ok) throw refusalResponse(page);
  return {
    rows: page.rows,
    nextCursor: page.nextCursor,
    status,
    paged: before !== null,
    providerConfigured: Boolean(getEnv().EMAIL_API_URL),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const parsed = parseForm(await readFormData(request), retrySchema);
  if (!parsed.ok) throw new Response("Bad Request", { status: 400 });
  const result = await retryEmail(getDb(), actor, parsed.data.id, systemClock());
  if (!result.ok && result.status !== 409) throw refusalResponse(result);
  return data({ retried: result.ok }, { status: result.ok ? 200 : 409 });
}

export default function OutboxPage() {
  const { rows, nextCursor, status, paged, providerConfigured } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const filter = status ? `status=${status}&` : "";
  return (
    <>
      <p>
        <Link to="/admin">← {t("home.admin.title")}</Link>
      </p>
      <h1>{t("outbox.title")}</h1>
      <p>{t("outbox.intro")}</p>
      {providerConfigured ? null : <Notice tone="warning">{t("outbox.noProvider")}</Notice>}
      {actionData ? (
        <Notice tone={actionData.retried ? "success" : "warning"}>
          {t(actionData.retried ? "outbox.retried" : "outbox.notRetryable")}
        </Notice>
      ) : null}
      <Form method="get" className="card filter-form">
        <div className="field">
          <label htmlFor="status-filter">{t("outbox.filter.status")}</label>
          <select id="status-filter" name="status" defaultValue={status ?? ""}>
            <option value="">{t("outbox.filter.all")}</option>
            {OUTBOX_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`outbox.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("notifications.filter.submit")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("outbox.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("outbox.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outbox.col.created")}</th>
                <th scope="col">{t("outbox.col.to")}</th>
                <th scope="col">{t("outbox.col.subject")}</th>
                <th scope="col">{t("outbox.col.kind")}</th>
                <th scope="col">{t("outbox.col.status")}</th>
                <th scope="col" className="num">
                  {t("outbox.col.attempts")}
                </th>
                <th scope="col">{t("outbox.col.lastError")}</th>
                <th scope="col">{t("outbox.col.sent")}</th>
                <th scope="col">
                  <span className="sr-only">{t("outbox.retry")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id} data-message={m.id}>
                  <td>{formatOutboxTime(m.created_at)}</td>
                  <td>{m.to_address}</td>
                  <td>
                    <Link to={`/admin/outbox/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>{m.kind}</td>
                  <td>
                    <OutboxStatusTag status={m.status} />
                  </td>
                  <td className="num">{m.attempts}</td>
                  <td>{m.last_error ?? "—"}</td>
                  <td>{formatOutboxTime(m.sent_at)}</td>
                  <td>{m.status === "failed" ? <RetryButton id={m.id} busy={busy} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {paged ? <Link to={status ? `/admin/outbox?status=${status}` : "/admin/outbox"}>{t("outbox.newest")}</Link> : null}{" "}
        {nextCursor !== null ? <Link to={`/admin/outbox?${filter}before=${nextCursor}`}>{t("outbox.older")}</Link> : null}
      </p>
    </>
  );
}
