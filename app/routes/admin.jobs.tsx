import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Notice } from "~/components/form";
import { useT } from "~/components/i18n";
import { formatOutboxTime } from "~/components/outbox";
import { runJobSchema } from "~/forms/admin-jobs";
import { parseForm } from "~/forms/validation";
import type { MessageKey, Translate } from "~/i18n";
import { jobs } from "~/jobs/scheduler.server";
import { loadJobs, runJobNow } from "~/services/platform-admin.server";
import { refusalResponse } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.jobs.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const result = await loadJobs(getDb(), actor, jobs);
  if (!result.ok) throw refusalResponse(result);
  return { jobs: result.jobs };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const parsed = parseForm(await readFormData(request), runJobSchema);
  if (!parsed.ok) throw new Response("Bad Request", { status: 400 });
  const result = await runJobNow(getDb(), actor, parsed.data.job, systemClock, jobs);
  if (!result.ok) throw refusalResponse(result);
  return data({ job: parsed.data.job, succeeded: result.succeeded });
}

function interval(everyMs: number, t: Translate): string {
  const seconds = Math.round(everyMs / 1000);
  if (seconds % 3600 === 0) return t("admin.jobs.every.hours", { count: seconds / 3600 });
  if (seconds % 60 === 0) return t("admin.jobs.every.minutes", { count: seconds / 60 });
  return t("admin.jobs.every.seconds", { count: seconds });
}

/** A job's report (JSON) as "name: value" lines; anything else as it is. */
function summaryLines(summary: string | null): string[] {
  if (summary === null) return [];
  try {
    const value: unknown = JSON.parse(summary);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.entries(value).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
    }
    return [String(value)];
  } catch {
    return [summary];
  }
}

export default function AdminJobsPage() {
  const { jobs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const jobName = (name: string) => t(`admin.jobs.name.${name}` as MessageKey);
  return (
    <>
      <p>
        <Link to="/admin">← {t("admin.back")}</Link>
      </p>
      <h1>{t("admin.jobs.title")}</h1>
      <p>{t("admin.jobs.intro")}</p>
      {actionData ? (
        <Notice tone={actionData.succeeded ? "success" : "warning"}>
          {t(actionData.succeeded ? "admin.jobs.ran" : "admin.jobs.failed", { job: jobName(actionData.job) })}
        </Notice>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t("admin.jobs.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.jobs.col.job")}</th>
              <th scope="col">{t("admin.jobs.col.interval")}</th>
              <th scope="col">{t("admin.jobs.col.started")}</th>
              <th scope="col">{t("admin.jobs.col.finished")}</th>
              <th scope="col">{t("admin.jobs.col.outcome")}</th>
              <th scope="col">{t("admin.jobs.col.summary")}</th>
              <th scope="col">
                <span className="sr-only">{t("admin.jobs.runNow")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => {
              const run = job.lastRun;
              const lines = run?.outcome === "ok" ? summaryLines(run.summary) : [];
              return (
                <tr key={job.name} data-job={job.name}>
                  <th scope="row">
                    {jobName(job.name)} <code>{job.name}</code>
                  </th>
                  <td>{interval(job.everyMs, t)}</td>
                  <td>{run ? formatOutboxTime(run.startedAt) : t("admin.jobs.neverRun")}</td>
                  <td>{run ? formatOutboxTime(run.finishedAt) : "—"}</td>
                  <td>
                    {run ? (
                      <span className={`tag ${run.outcome === "ok" ? "tag-ok" : "tag-urgent"}`}>
                        {t(`admin.jobs.outcome.${run.outcome}`)}
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="job-summary">
                    {run?.outcome === "error" ? run.error : null}
                    {run?.outcome === "ok" && lines.length === 0 ? t("admin.jobs.noReport") : null}
                    {lines.length > 0 ? (
                      <ul>
                        {lines.map((line) => (
                          <li key={line}>{line}</li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="job" value={job.name} />
                      <button type="submit" name="intent" value="run" className="secondary" disabled={busy}>
                        {t("admin.jobs.runNow")} <span className="sr-only">({jobName(job.name)})</span>
                      </button>
                    </Form>
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
