import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { API_OPERATIONS, operationBodyFields } from "~/forms/api-openapi";
import { RATE_LIMITS } from "~/utils/rate-limit.server";
import { pageTitle } from "~/utils/meta";
import { WEBHOOK_EVENT_TYPES } from "~/domain/webhooks";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apiDocs.title");

// The API reference, read from the same list the OpenAPI document is generated from, so the two
// cannot disagree. Public, like the document itself: it holds nothing of any merchant.
export function loader() {
  return {
    rateLimit: RATE_LIMITS.api,
    operations: API_OPERATIONS.map((op) => ({
      method: op.method.toUpperCase(),
      path: op.path,
      operationId: op.operationId,
      summary: op.summary,
      scope: op.scope,
      query: op.query ?? [],
      body: operationBodyFields(op),
      answer: { status: op.answer.status, description: op.answer.description },
      refusals: op.refusals,
    })),
  };
}

export default function ApiDocsPage() {
  const { operations, rateLimit } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <h1>{t("apiDocs.title")}</h1>
      <p>{t("apiDocs.intro")}</p>
      <ul>
        <li>{t("apiDocs.auth")}</li>
        <li>{t("apiDocs.idempotency")}</li>
        <li>{t("apiDocs.rateLimit", { points: rateLimit.points, seconds: rateLimit.duration })}</li>
        <li>{t("apiDocs.problems")}</li>
      </ul>
      <p>
        <a href="/api/v1/openapi.json">{t("apiDocs.openapi")}</a>
      </p>
      <nav aria-labelledby="api-operations-heading">
        <h2 id="api-operations-heading">{t("apiDocs.operations")}</h2>
        <ul>
          {operations.map((op) => (
            <li key={op.operationId}>
              <a href={`#${op.operationId}`}>
                <code>
                  {op.method} {op.path}
                </code>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map((op) => (
        <section key={op.operationId} id={op.operationId} aria-labelledby={`${op.operationId}-heading`} className="card">
          <h2 id={`${op.operationId}-heading`}>
            <code>
              {op.method} {op.path}
            </code>
          </h2>
          <p>{op.summary}</p>
          <p>{op.scope ? t("apiDocs.scope", { scope: op.scope }) : t("apiDocs.noKey")}</p>
          {op.query.length > 0 ? (
            <table>
              <caption>{t("apiDocs.query")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("apiDocs.col.name")}</th>
                  <th scope="col">{t("apiDocs.col.description")}</th>
                </tr>
              </thead>
              <tbody>
                {op.query.map((q) => (
                  <tr key={q.name}>
                    <th scope="row">
                      <code>{q.name}</code>
                    </th>
                    <td>{q.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {op.body.length > 0 ? (
            <table>
              <caption>{t("apiDocs.body")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("apiDocs.col.name")}</th>
                  <th scope="col">{t("apiDocs.col.type")}</th>
                  <th scope="col">{t("apiDocs.col.required")}</th>
                </tr>
              </thead>
              <tbody>
                {op.body.map((field) => (
                  <tr key={field.name}>
                    <th scope="row">
                      <code>{field.name}</code>
                    </th>
                    <td>{field.type}</td>
                    <td>{field.required ? t("apiDocs.yes") : t("apiDocs.no")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p>
            {t("apiDocs.answer", { status: op.answer.status, description: op.answer.description })}
            {op.refusals.length > 0 ? ` ${t("apiDocs.refusals", { statuses: op.refusals.join(", ") })}` : null}
          </p>
        </section>
      ))}
      <section id="webhooks" aria-labelledby="webhooks-heading" className="card">
        <h2 id="webhooks-heading">{t("apiDocs.webhooks")}</h2>
        <p>{t("apiDocs.webhooks.intro")}</p>
        <ul>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <li key={type}>{t(`webhooks.event.${type}`)}</li>
          ))}
        </ul>
        <p>{t("apiDocs.webhooks.headers")}</p>
        <p>{t("apiDocs.webhooks.signature")}</p>
        <p>{t("apiDocs.webhooks.retries")}</p>
      </section>
    </>
  );
}
