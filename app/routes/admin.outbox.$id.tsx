import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Notice } from "~/components/form";
import { useT } from "~/components/i18n";
import { formatOutboxTime, OutboxStatusTag, RetryButton } from "~/components/outbox";
import { parseOutboxId, retrySchema } from "~/forms/outbox";
import { parseForm } from "~/forms/validation";
import { loadOutboxMessage, retryEmail } from "~/services/outbox-admin.server";
import { refusalResponse } from "~/services/result";
import { notFound, requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outbox.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const id = parseOutboxId(params.id);
  if (id === null) throw notFound();
  const message = await loadOutboxMessage(getDb(), actor, id);
  if (!message.ok) throw refusalResponse(message);
  return { message };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  if (parseOutboxId(params.id) === null) throw notFound();
  const parsed = parseForm(await readFormData(request), retrySchema);
  if (!parsed.ok || String(parsed.data.id) !== params.id) throw new Response("Bad Request", { status: 400 });
  const result = await retryEmail(getDb(), actor, parsed.data.id, systemClock());
  if (!result.ok && result.status !== 409) throw refusalResponse(result);
  return data({ retried: result.ok }, { status: result.ok ? 200 : 409 });
}

export default function OutboxMessagePage() {
  const { message } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/admin/outbox">← {t("outbox.back")}</Link>
      </p>
      <h1>{message.subject}</h1>
      {actionData ? (
        <Notice tone={actionData.retried ? "success" : "warning"}>
          {t(actionData.retried ? "outbox.retried" : "outbox.notRetryable")}
        </Notice>
      ) : null}
      <dl className="facts card">
        <dt>{t("outbox.col.to")}</dt>
        <dd>{message.to}</dd>
        <dt>{t("outbox.col.kind")}</dt>
        <dd>{message.kind}</dd>
        <dt>{t("outbox.col.status")}</dt>
        <dd>
          <OutboxStatusTag status={message.status} />
        </dd>
        <dt>{t("outbox.col.attempts")}</dt>
        <dd>{message.attempts}</dd>
        <dt>{t("outbox.col.lastError")}</dt>
        <dd>{message.lastError ?? "—"}</dd>
        <dt>{t("outbox.col.created")}</dt>
        <dd>{formatOutboxTime(message.createdAt)}</dd>
        <dt>{t("outbox.col.sent")}</dt>
        <dd>{formatOutboxTime(message.sentAt)}</dd>
        {message.status === "pending" ? (
          <>
            <dt>{t("outbox.col.nextAttempt")}</dt>
            <dd>{formatOutboxTime(message.nextAttemptAt)}</dd>
          </>
        ) : null}
        <dt>{t("outbox.col.idempotencyKey")}</dt>
        <dd>
          <code>{message.idempotencyKey}</code>
        </dd>
      </dl>
      {message.status === "failed" ? <RetryButton id={message.id} busy={busy} /> : null}
      <h2>{t("outbox.textBody")}</h2>
      <pre className="card email-text">{message.text}</pre>
    </>
  );
}
