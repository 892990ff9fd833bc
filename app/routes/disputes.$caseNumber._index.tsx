import { useEffect, useRef } from "react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  CaseSummary,
  describedBy,
  Documents,
  FieldProblems,
  money,
  problemText,
  RequiredDocuments,
  Timeline,
} from "~/components/case-view";
import { Notice, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { responseSchema } from "~/forms/disputes";
import { minorToMajorString } from "~/domain/money";
import { answerRefusal, MERCHANT_ROLES } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";
import { findVisibleCase } from "~/models/case.server";
import { getAttachmentLimits } from "~/models/settings.server";
import { discardUploads, parseResponseUpload, RequestTooLargeError, type StagedUpload } from "~/services/disputes/attachment-store.server";
import { loadCasePage } from "~/services/disputes/case-page.server";
import type { Problem } from "~/services/disputes/common.server";
import { submitResponse } from "~/services/disputes/respond.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.page.case.caseNumber ?? "Case"} · Dispute Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const page = await loadCasePage(getDb(), actor, params.caseNumber ?? "", systemClock());
  if (!page) throw notFound();
  return { page };
}

const FILE_FIELD = /^file_(\d{1,2})$/;

type ActionData = { problems: Problem[]; values: { comment: string; credit: string; tags?: string[] }; hadFiles: boolean };

function refuse(status: number, problems: Problem[], values: ActionData["values"], hadFiles = false) {
  return data<ActionData>({ problems, values, hadFiles }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const db = getDb();
  const caseNumber = params.caseNumber ?? "";
  const empty = { comment: "", credit: "" };
  // Who may answer is settled before a single byte of the upload is read.
  const found = await findVisibleCase(db, actor, caseNumber);
  if (!found) throw notFound();
  const refusal = answerRefusal(actor, { accountId: found.accountId, organisationId: found.organisationId }, found.disputeHandling);
  if (refusal === "local_handling") return refuse(403, [{ field: "form", key: "disputes.localHandling" }], empty);
  if (refusal) return refuse(403, [{ field: "form", key: "disputes.error.forbidden" }], empty);

  let files: StagedUpload[] = [];
  try {
    const limits = await getAttachmentLimits(db);
    const limitParams = { maxMib: Math.round(limits.maxFileBytes / (1024 * 1024)), maxFiles: limits.maxFiles };
    const parsed = await parseResponseUpload(request, { db, limits }).catch((error: unknown) => {
      if (error instanceof RequestTooLargeError) return null;
      throw error;
    });
    if (!parsed) return refuse(413, [{ field: "attachments", key: "upload.error.requestTooLarge", params: limitParams }], empty);
    files = parsed.files;
    const form = parsed.form;
    const field = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : "";
    };
    const values = {
      comment: field("comment").slice(0, 10_000),
      credit: field("credit").slice(0, 40),
      // The document each file row was tagged with, so a refused form keeps the user's choices.
      tags: Array.from({ length: 10 }, (_, i) => field(`tag_${i}`).slice(0, 64)),
    };
    const hadFiles = parsed.files.length + parsed.rejections.length > 0;
    if (parsed.rejections.length > 0) {
      return refuse(
        400,
        parsed.rejections.map((r) => ({
          field: "attachments",
          key: `upload.error.${r.reason}` as MessageKey,
          params: { file: r.fileName, ...limitParams },
        })),
        values,
        hadFiles,
      );
    }
    // Files count only from the file_<n> inputs; one posted under a text field's name (comment,
    // version...) would otherwise read as that field's value and slip in as untagged evidence.
    if (files.some((f) => !FILE_FIELD.test(f.fieldName))) {
      return refuse(400, [{ field: "form", key: "disputes.error.invalid" }], values, hadFiles);
    }
    const intent = field("intent");
    const versionText = field("version");
    const version = Number(versionText);
    if ((intent !== "respond" && intent !== "accept") || !/^\d{1,9}$/.test(versionText)) {
      return refuse(400, [{ field: "form", key: "disputes.error.invalid" }], values, hadFiles);
    }
    // Each file input file_<n> has its tag in tag_<n>; an empty tag is extra evidence.
    for (const f of files) {
      const index = FILE_FIELD.exec(f.fieldName)?.[1];
      const tag = index !== undefined ? field(`tag_${index}`) : "";
      f.requiredDocument = tag === "" ? null : tag.slice(0, 64);
    }
    // Accepting goes through the same checks as a response: the domain refuses files or a credit with it.
    const result = await submitResponse(
      db,
      actor,
      caseNumber,
      { comment: values.comment, creditText: values.credit, accept: intent === "accept", version, attachments: files },
      systemClock(),
    );
    if (!result.ok) {
      if (result.status === 404) throw notFound();
      return refuse(result.status, result.problems, values, hadFiles);
    }
    files = [];
    const done = result.outcome === "credit_issued" ? "credit" : result.outcome === "accepted" ? "accepted" : "response";
    return redirect(`/disputes/${encodeURIComponent(caseNumber)}?done=${done}`);
  } finally {
    // Files of a refused submission never reach the store (promoted ones are no longer here).
    discardUploads(files.filter((f) => f.tempPath));
  }
}

const DONE: Record<string, MessageKey> = { response: "case.saved.response", credit: "case.saved.credit", accepted: "case.saved.accepted" };

export default function CasePageRoute() {
  const { page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [search] = useSearchParams();
  const { t } = useI18n();
  const c = page.case;
  const done = DONE[search.get("done") ?? ""];
  const canRespond = page.answerRefusal === null && page.allowed.includes("respond");
  const localHandling = page.answerRefusal === "local_handling";
  const lastDecision = [...page.timeline].reverse().find((e) => e.eventType === "decide");
  const lastRequest =
    c.status === "awaiting_response" ? [...page.timeline].reverse().find((e) => e.eventType === "request_information") : undefined;
  return (
    <>
      <p>
        <Link to="/disputes">← {t("disputes.list.title")}</Link>
      </p>
      <h1>{t("case.title", { type: t(`case.type.${c.type}` as MessageKey), caseNumber: c.caseNumber })}</h1>
      {done && !actionData ? <Notice tone="success">{t(done)}</Notice> : null}
      {localHandling ? <Notice tone="warning">{t("disputes.localHandling")}</Notice> : null}
      {lastRequest ? (
        <Notice tone="warning">
          <strong>{t("case.informationRequest")}:</strong> {lastRequest.details.message}
        </Notice>
      ) : null}
      {lastDecision ? (
        <section className="card" aria-labelledby="case-decision">
          <h2 id="case-decision">{t("case.decision")}</h2>
          <p>
            <strong>{t(`case.decision.${lastDecision.details.decision}`)}</strong>
          </p>
          {lastDecision.details.note ? (
            <p data-testid="decision-note">
              {t("case.decisionNote")}: {lastDecision.details.note}
            </p>
          ) : null}
        </section>
      ) : null}
      <CaseSummary page={page} basePath="/disputes" />
      <RequiredDocuments page={page} />
      {canRespond ? (
        <ResponseForm key={c.version} page={page} actionData={actionData} />
      ) : !localHandling ? (
        <>
          {actionData ? <Problems problems={actionData.problems} /> : null}
          <p className="notice">
            {c.status === "closed"
              ? t("case.noAnswer.closed")
              : c.status === "under_review"
                ? t("case.noAnswer.review")
                : t("case.noAnswer.overdue")}
          </p>
        </>
      ) : actionData ? (
        <Problems problems={actionData.problems} />
      ) : null}
      <Documents page={page} />
      <Timeline page={page} />
    </>
  );
}

/** The summary of what was wrong; after a refused submission it takes focus, so keyboard and
 * screen-reader users start from it (client-side problems leave focus where the user types). */
function Problems({ problems, focus = false }: { problems: Problem[]; focus?: boolean }) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, problems]);
  if (problems.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <p>{t("form.errorSummary")}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{problemText(p, t, locale)}</li>
        ))}
      </ul>
    </div>
  );
}

function ResponseForm({
  page,
  actionData,
}: {
  page: ReturnType<typeof useLoaderData<typeof loader>>["page"];
  actionData: ActionData | undefined;
}) {
  const { t, locale } = useI18n();
  const navigation = useNavigation();
  const c = page.case;
  const busy = navigation.state === "submitting";
  const form = useValidatedForm(responseSchema, {
    defaultValues: {
      comment: actionData?.values.comment ?? "",
      credit: actionData?.values.credit ?? "",
      version: String(c.version),
      intent: "",
    },
    serverErrors: null,
  });
  const inquiry = c.type === "inquiry";
  // One row per required document, then spare rows for extra evidence, within the file limit.
  const rows = Math.min(page.uploadLimits.maxFiles, page.requiredDocuments.length + 2);
  const clientErrors = ["comment", "credit"].map((f) => form.errorOf(f)).filter((e): e is MessageKey => Boolean(e));
  // Each problem also sits under its field, tied to it by aria-describedby; form-wide ones stay in the summary.
  const problemsOf = (field: string) => [
    ...(actionData?.problems ?? []).filter((p) => p.field === field),
    ...(form.errorOf(field) ? [{ field, key: form.errorOf(field)! }] : []),
  ];
  const commentProblems = problemsOf("comment");
  const creditProblems = problemsOf("credit");
  const attachmentProblems = problemsOf("attachments");
  return (
    <section className="card" aria-labelledby="respond-title">
      <h2 id="respond-title">{t("respond.title")}</h2>
      {actionData ? <Problems problems={actionData.problems} focus /> : null}
      {actionData?.hadFiles ? <Notice tone="warning">{t("upload.reselect")}</Notice> : null}
      {clientErrors.length > 0 ? <Problems problems={clientErrors.map((key) => ({ field: "form", key }))} /> : null}
      <Form method="post" encType="multipart/form-data" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="version" value={String(c.version)} />
        <div className="field">
          <label htmlFor="comment">{t("respond.comment")}</label>
          <textarea
            id="comment"
            rows={5}
            maxLength={5000}
            aria-invalid={commentProblems.length > 0 ? true : undefined}
            aria-describedby={describedBy(commentProblems.length > 0 && "comment-error")}
            {...form.field("comment")}
          />
          <FieldProblems id="comment-error" problems={commentProblems} />
        </div>
        <fieldset
          className="field"
          aria-describedby={describedBy("attachments-hint", attachmentProblems.length > 0 && "attachments-error")}
        >
          <legend>{t("respond.attachments")}</legend>
          <p className="hint" id="attachments-hint">
            {t("respond.attachmentsHint", page.uploadLimits)}
          </p>
          <FieldProblems id="attachments-error" problems={attachmentProblems} />
          {Array.from({ length: rows }, (_, i) => {
            const preset = actionData?.values.tags?.[i] ?? page.requiredDocuments[i]?.code ?? "";
            return (
              <div className="attachment-row" key={i}>
                <label htmlFor={`file_${i}`}>{t("respond.file", { n: i + 1 })}</label>
                <input
                  id={`file_${i}`}
                  name={`file_${i}`}
                  type="file"
                  accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"
                />
                {inquiry && page.requiredDocuments.length > 0 ? (
                  <>
                    <label htmlFor={`tag_${i}`}>{t("respond.tagOf", { n: i + 1 })}</label>
                    <select id={`tag_${i}`} name={`tag_${i}`} defaultValue={preset}>
                      <option value="">{t("respond.tag.none")}</option>
                      {page.requiredDocuments.map((d) => (
                        <option key={d.code} value={d.code}>
                          {t(`document.${d.code}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </>
                ) : null}
              </div>
            );
          })}
        </fieldset>
        {inquiry ? (
          page.credit.offered ? (
            <div className="field">
              <label htmlFor="credit">{t("respond.credit")}</label>
              <p className="hint" id="credit-hint">
                {t("respond.creditHint", { currency: c.currency, max: money(page.credit.remainingMinor, c.currency, locale) })}
              </p>
              <input
                id="credit"
                inputMode="decimal"
                autoComplete="off"
                placeholder={minorToMajorString(Math.min(page.credit.remainingMinor, 1000), c.currency)}
                aria-invalid={creditProblems.length > 0 ? true : undefined}
                aria-describedby={describedBy("credit-hint", creditProblems.length > 0 && "credit-error")}
                {...form.field("credit")}
              />
              <FieldProblems id="credit-error" problems={creditProblems} />
            </div>
          ) : page.credit.chargebackExists ? (
            <p className="hint">{t("respond.noCreditAfterChargeback")}</p>
          ) : null
        ) : null}
        <p>
          <button type="submit" name="intent" value="respond" disabled={busy}>
            {t("respond.submit")}
          </button>
        </p>
        {page.allowed.includes("accept") ? (
          <p>
            <span className="hint">{t("respond.acceptHint")}</span>{" "}
            <button type="submit" name="intent" value="accept" className="secondary" disabled={busy}>
              {t("respond.accept")}
            </button>
          </p>
        ) : null}
      </Form>
    </section>
  );
}
