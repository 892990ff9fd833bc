import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  CaseSummary,
  describedBy,
  Documents,
  FieldProblems,
  formatInstant,
  money,
  problemText,
  ReasonGuidance,
  RequiredDocuments,
  Timeline,
} from "~/components/case-view";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { DECISIONS_BY_TYPE } from "~/domain/case-state";
import { DEFAULT_DEADLINE_DAYS } from "~/domain/deadlines";
import { decisionSchema, requestInformationSchema } from "~/forms/disputes";
import { parseForm, type FieldErrors } from "~/forms/validation";
import { translate, type MessageKey } from "~/i18n";
import { loadReviewCase } from "~/services/disputes/review-case.server";
import { refusalResponse } from "~/services/result";
import type { Problem } from "~/services/disputes/common.server";
import { decideCase } from "~/services/disputes/decide.server";
import { setUrgentFlag } from "~/services/disputes/flag-urgent.server";
import { requestInformation } from "~/services/disputes/request-information.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { localeOf, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const review = translate(localeOf(matches), "nav.review");
  return pageTitle(matches, "case.facts", undefined, d ? `${d.page.case.caseNumber} · ${review}` : undefined);
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const result = await loadReviewCase(getDb(), actor, params.caseNumber ?? "", systemClock());
  if (!result.ok) throw refusalResponse(result);
  return { page: result.page, requestDays: result.requestDays };
}

type ActionData = { intent: string; problems: Problem[]; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const db = getDb();
  const caseNumber = params.caseNumber ?? "";
  const formData = await readFormData(request);
  const intentField = formData.get("intent");
  const intent = typeof intentField === "string" ? intentField : "";
  const versionText = formData.get("version");
  const version = Number(versionText);
  const bad = (problems: Problem[], values: Record<string, string> = {}, status = 400) =>
    data<ActionData>({ intent, problems, values }, { status });
  const invalid = ({ errors, values }: { errors: FieldErrors; values: Record<string, string> }) =>
    bad(
      Object.entries(errors).map(([field, key]) => ({ field, key })),
      values,
    );
  if (typeof versionText !== "string" || !/^\d{1,9}$/.test(versionText)) return bad([{ field: "form", key: "disputes.error.invalid" }]);
  const now = systemClock();
  let result;
  let done: string;
  if (intent === "decide") {
    const parsed = parseForm(formData, decisionSchema);
    if (!parsed.ok) return invalid(parsed);
    result = await decideCase(db, actor, caseNumber, { decision: parsed.data.decision, note: parsed.data.note, version }, now);
    done = "decision";
  } else if (intent === "request_information") {
    const parsed = parseForm(formData, requestInformationSchema);
    if (!parsed.ok) return invalid(parsed);
    result = await requestInformation(
      db,
      actor,
      caseNumber,
      { message: parsed.data.message, days: Number(parsed.data.days), version },
      now,
    );
    done = "request";
  } else if (intent === "flag_urgent" || intent === "unflag_urgent") {
    result = await setUrgentFlag(db, actor, caseNumber, { urgent: intent === "flag_urgent", version }, now);
    done = "flag";
  } else {
    return bad([{ field: "form", key: "disputes.error.invalid" }]);
  }
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    const values: Record<string, string> = {};
    for (const key of ["decision", "note", "message", "days"]) {
      const v = formData.get(key);
      if (typeof v === "string") values[key] = v.slice(0, 5000);
    }
    return bad(result.problems, values, result.status);
  }
  return redirect(`/review/${encodeURIComponent(caseNumber)}?done=${done}`);
}

const DONE: Record<string, MessageKey> = { decision: "case.saved.decision", request: "case.saved.request", flag: "case.saved.flag" };

export default function ReviewCasePage() {
  const { page, requestDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { t, locale } = useI18n();
  const c = page.case;
  const done = DONE[search.get("done") ?? ""];
  const problems = (intent: string) =>
    actionData && actionData.intent === intent && actionData.problems.length > 0 ? (
      <div className="error-summary" role="alert">
        <ul>
          {actionData.problems.map((p, i) => (
            <li key={i}>{problemText(p, t, locale)}</li>
          ))}
        </ul>
      </div>
    ) : null;
  const fieldProblems = (intent: string, field: string) =>
    actionData?.intent === intent ? actionData.problems.filter((p) => p.field === field) : [];
  /** Props tying a field to its problems (shown under it) for screen readers. */
  const errorProps = (intent: string, field: string) =>
    fieldProblems(intent, field).length > 0 ? { "aria-invalid": true as const, "aria-describedby": describedBy(`${field}-error`) } : {};
  const value = (intent: string, key: string) => (actionData?.intent === intent ? actionData.values[key] : undefined);
  const chargebackAmount = c.type === "inquiry" ? money(page.credit.remainingMinor, c.currency, locale) : null;
  return (
    <>
      <p>
        <Link to="/review">← {t("home.review.title")}</Link>
      </p>
      <h1>{t("case.title", { type: t(`case.type.${c.type}` as MessageKey), caseNumber: c.caseNumber })}</h1>
      {done && !actionData ? <Notice tone="success">{t(done)}</Notice> : null}
      {problems("") ?? problems("flag_urgent") ?? problems("unflag_urgent")}
      <CaseSummary page={page} basePath="/review" />
      <ReasonGuidance page={page} />
      <RequiredDocuments page={page} />
      <section className="card" aria-labelledby="responses">
        <h2 id="responses">{t("review.responses")}</h2>
        {page.responses.length === 0 ? (
          <p className="muted">{t("review.responses.none")}</p>
        ) : (
          <ul className="link-list">
            {page.responses.map((r) => (
              <li key={r.id}>
                <strong>{r.submittedBy}</strong>, {formatInstant(r.submittedAt, c.timeZone, locale)}
                {r.accepted ? ` · ${t("case.event.accept")}` : null}
                {r.creditMinor ? ` · ${t("case.timeline.credit", { amount: money(r.creditMinor, c.currency, locale) })}` : null}
                {r.comment ? <p className="email-text">{r.comment}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Documents page={page} />
      {page.allowed.includes("decide") ? (
        <section className="card" aria-labelledby="decide">
          <h2 id="decide">{t("review.decide.title")}</h2>
          {problems("decide")}
          <Form method="post">
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="version" value={String(c.version)} />
            <fieldset
              className="field"
              {...(fieldProblems("decide", "decision").length > 0 ? { "aria-describedby": "decision-error" } : {})}
            >
              <legend>{t("case.decision")}</legend>
              <FieldProblems id="decision-error" problems={fieldProblems("decide", "decision")} />
              {DECISIONS_BY_TYPE[c.type].map((d) => (
                <label key={d} className="choice">
                  <input
                    type="radio"
                    name="decision"
                    value={d}
                    defaultChecked={(value("decide", "decision") ?? DECISIONS_BY_TYPE[c.type][0]) === d}
                  />{" "}
                  {t(`case.decision.${d}` as MessageKey)}
                </label>
              ))}
              {chargebackAmount ? <p className="hint">{t("review.chargebackWillBe", { amount: chargebackAmount })}</p> : null}
            </fieldset>
            <div className="field">
              <label htmlFor="note">{t("review.decide.note")}</label>
              <textarea
                id="note"
                name="note"
                rows={4}
                required
                maxLength={5000}
                defaultValue={value("decide", "note") ?? ""}
                {...errorProps("decide", "note")}
              />
              <FieldProblems id="note-error" problems={fieldProblems("decide", "note")} />
            </div>
            <button type="submit" disabled={busy}>
              {t("review.decide.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      {page.allowed.includes("request_information") ? (
        <section className="card" aria-labelledby="request">
          <h2 id="request">{t("review.request.title")}</h2>
          {problems("request_information")}
          <Form method="post">
            <input type="hidden" name="intent" value="request_information" />
            <input type="hidden" name="version" value={String(c.version)} />
            <div className="field">
              <label htmlFor="message">{t("review.request.message")}</label>
              <textarea
                id="message"
                name="message"
                rows={3}
                required
                maxLength={5000}
                defaultValue={value("request_information", "message") ?? ""}
                {...errorProps("request_information", "message")}
              />
              <FieldProblems id="message-error" problems={fieldProblems("request_information", "message")} />
            </div>
            <div className="field">
              <label htmlFor="days">{t("review.request.days")}</label>
              <input
                id="days"
                name="days"
                type="number"
                min={1}
                max={90}
                defaultValue={value("request_information", "days") ?? String(requestDays ?? DEFAULT_DEADLINE_DAYS.information_request)}
                {...errorProps("request_information", "days")}
              />
              <FieldProblems id="days-error" problems={fieldProblems("request_information", "days")} />
            </div>
            <button type="submit" className="secondary" disabled={busy}>
              {t("review.request.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      {page.allowed.includes("flag_urgent") ? (
        <section className="card" aria-labelledby="flag">
          <h2 id="flag">{t("review.flag.title")}</h2>
          <Form method="post">
            <input type="hidden" name="version" value={String(c.version)} />
            <button
              type="submit"
              name="intent"
              value={c.urgentFlag ? "unflag_urgent" : "flag_urgent"}
              className="secondary"
              disabled={busy}
            >
              {c.urgentFlag ? t("review.flag.off") : t("review.flag.on")}
            </button>
          </Form>
        </section>
      ) : null}
      <Timeline page={page} />
    </>
  );
}
