import { useEffect, useRef, useState, type MouseEvent, type ReactNode, type RefObject } from "react";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  CaseSummary,
  DeadlineBanner,
  describedBy,
  Documents,
  formatInstant,
  FieldProblems,
  MissingDocuments,
  money,
  problemText,
  ReasonGuidance,
  RequiredDocuments,
  Timeline,
} from "~/components/case-view";
import { Notice, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { responseSchema } from "~/forms/disputes";
import { echoValues, parseForm } from "~/forms/validation";
import { majorInputString } from "~/domain/money";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { documentChecklist } from "~/domain/reason-codes";
import { COMMENT_MAX_LENGTH } from "~/domain/response-rules";
import { MIB, type AttachmentLimits } from "~/domain/settings";
import type { MessageKey } from "~/i18n";
import { discardUploads, parseResponseUpload, RequestTooLargeError } from "~/services/disputes/attachment-store.server";
import { acceptableNow } from "~/services/disputes/accept-confirmation.server";
import { loadCasePage } from "~/services/disputes/case-page.server";
import { refused, type Problem, type Refused } from "~/services/disputes/common.server";
import { answerOrSaveDraft, type AnswerOrDraft } from "~/services/disputes/drafts.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  pageTitle(matches, "case.facts", undefined, d?.page.case.caseNumber);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const page = await loadCasePage(getDb(), actor, params.caseNumber ?? "", systemClock());
  if (!page) throw notFound();
  return { page };
}

type CasePageData = Awaited<ReturnType<typeof loader>>["page"];

const FILE_FIELD = /^file_(\d{1,2})$/;

type ActionData = {
  problems: Problem[];
  values: { comment: string; credit: string; tags?: string[]; version?: string };
  hadFiles: boolean;
  /** "Accept the chargeback" was posted without `confirmed=yes`: the page asks before anything is written. */
  confirmAccept?: boolean;
};

// An upload cut off over its limit was not read to its end: the action says to close the connection.
export const headers: HeadersFunction = ({ parentHeaders, actionHeaders }) => {
  const merged = new Headers(parentHeaders);
  const connection = actionHeaders.get("Connection");
  if (connection) merged.set("Connection", connection);
  return merged;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const caseNumber = params.caseNumber ?? "";
  const kept: ActionData = { problems: [], values: { comment: "", credit: "" }, hadFiles: false };
  const now = systemClock();
  // The upload is read only once the service has settled that this user may answer the case.
  const result = await answerOrSaveDraft(getDb(), actor, caseNumber, (limits) => readResponse(request, limits, kept), now);
  if (kept.confirmAccept) {
    // Accepting closes the case for good: first the confirmation page (the dialog's fallback),
    // shown only if the case could be accepted now; otherwise the refusal the acceptance would get.
    const acceptable = await acceptableNow(getDb(), actor, caseNumber, now);
    if (acceptable.ok) return data<ActionData>(kept);
    if (acceptable.status === 404) throw notFound();
    return data<ActionData>({ ...kept, confirmAccept: false, problems: acceptable.problems }, { status: acceptable.status });
  }
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    const close = result.status === 413 ? { Connection: "close" } : undefined;
    return data<ActionData>({ ...kept, problems: result.problems }, { status: result.status, headers: close });
  }
  if ("draft" in result)
    return redirect(`/disputes/${encodeURIComponent(caseNumber)}?done=${result.draft === "saved" ? "draft" : "discarded"}`);
  const done = result.outcome === "credit_issued" ? "credit" : result.outcome === "accepted" ? "accepted" : "response";
  return redirect(`/disputes/${encodeURIComponent(caseNumber)}?done=${done}`);
}

/** The multipart form, checked with the schema the browser uses; `kept` gets what to show again. */
async function readResponse(request: Request, limits: AttachmentLimits, kept: ActionData): Promise<AnswerOrDraft | Refused> {
  const limitParams = { maxMib: Math.round(limits.maxFileBytes / MIB), maxFiles: limits.maxFiles };
  const upload = await parseResponseUpload(request, { limits }).catch((error: unknown) => {
    if (error instanceof RequestTooLargeError) return null;
    throw error;
  });
  if (!upload) return refused(413, [{ field: "attachments", key: "upload.error.requestTooLarge", params: limitParams }]);
  const typed = echoValues(upload.form);
  kept.values = {
    comment: typed.comment ?? "",
    credit: (typed.credit ?? "").slice(0, 40),
    // The document each file row was tagged with, so a refused form keeps the user's choices.
    tags: Array.from({ length: 10 }, (_, i) => (typed[`tag_${i}`] ?? "").slice(0, 64)),
  };
  kept.hadFiles = upload.files.length + upload.rejections.length > 0;
  const problems: Problem[] = upload.rejections.map((r) => ({
    field: "attachments",
    key: `upload.error.${r.reason}` as MessageKey,
    params: { file: r.fileName, ...limitParams },
  }));
  if (upload.unreadable) problems.push({ field: "form", key: "upload.error.unreadable" });
  const parsed = parseForm(upload.form, responseSchema);
  if (!parsed.ok) {
    for (const [field, key] of Object.entries(parsed.errors)) {
      problems.push({
        field,
        key,
        params: field === "comment" ? { max: COMMENT_MAX_LENGTH, length: kept.values.comment.length } : undefined,
      });
    }
  }
  const { intent, version } = parsed.ok ? parsed.data : { intent: "", version: "" };
  // Files count only from the file_<n> inputs; one posted under a text field's name (comment,
  // version...) would otherwise read as that field's value and slip in as untagged evidence.
  const forged = upload.files.some((f) => !FILE_FIELD.test(f.fieldName));
  const draftVersion = typed.draftVersion ?? "0";
  if (parsed.ok && (forged || !isIntent(intent) || !/^\d{1,9}$/.test(version) || !/^\d{1,9}$/.test(draftVersion))) {
    problems.push({ field: "form", key: "disputes.error.invalid" });
  }
  if (problems.length > 0) {
    discardUploads(upload.files);
    return refused(400, problems);
  }
  if (intent === "accept" && typed.confirmed !== "yes") {
    discardUploads(upload.files);
    kept.values.version = version;
    kept.confirmAccept = true;
    // The service writes nothing for it; the action answers with the confirmation step.
    return refused(409, []);
  }
  // Each file input file_<n> has its tag in tag_<n>; an empty tag is extra evidence.
  for (const f of upload.files) f.requiredDocument = (typed[`tag_${FILE_FIELD.exec(f.fieldName)?.[1]}`] ?? "").slice(0, 64) || null;
  const { comment, credit } = parsed.ok ? parsed.data : { comment: "", credit: "" };
  const removeFileIds = upload.form
    .getAll("removeDraftFile")
    .map((v) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : null))
    .filter((id): id is number => id !== null);
  return {
    intent: intent as AnswerOrDraft["intent"],
    comment,
    creditText: credit,
    accept: intent === "accept",
    version: Number(version),
    attachments: upload.files,
    draft: { version: Number(draftVersion), removeFileIds },
  };
}

const INTENTS: readonly string[] = ["respond", "accept", "draft", "discard-draft"] satisfies AnswerOrDraft["intent"][];
const isIntent = (intent: string): intent is AnswerOrDraft["intent"] => INTENTS.includes(intent);

const DONE: Record<string, MessageKey> = {
  response: "case.saved.response",
  credit: "case.saved.credit",
  accepted: "case.saved.accepted",
  draft: "draft.saved",
  discarded: "draft.discarded",
};

export default function CasePageRoute() {
  const { page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
        <Link to="/disputes">← {t("disputes.list.title")}</Link> ·{" "}
        <Link to={`/support/new?case=${encodeURIComponent(c.caseNumber)}`}>{t("support.askAboutCase")}</Link>
      </p>
      <h1>{t("case.title", { type: t(`case.type.${c.type}` as MessageKey), caseNumber: c.caseNumber })}</h1>
      {c.status === "awaiting_response" ? (
        <DeadlineBanner respondBy={c.respondBy} timeZone={c.timeZone} countdown={page.countdown} urgent={page.urgent} />
      ) : null}
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
      <ReasonGuidance page={page} />
      <RequiredDocuments page={page} />
      {canRespond && actionData?.confirmAccept && page.allowed.includes("accept") ? (
        <section className="card confirm-accept" aria-labelledby="accept-confirm-title">
          <ConfirmAccept
            page={page}
            idPrefix="accept-confirm"
            comment={actionData.values.comment}
            version={actionData.values.version ?? String(c.version)}
            filesDropped={actionData.hadFiles}
            cancel={<Link to={`/disputes/${encodeURIComponent(c.caseNumber)}`}>{t("accept.confirm.back")}</Link>}
          />
        </section>
      ) : canRespond ? (
        <ResponseForm key={`${c.version}-${page.draft?.version ?? 0}`} page={page} actionData={actionData} />
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
      comment: actionData?.values.comment ?? page.draft?.comment ?? "",
      credit: actionData?.values.credit ?? page.draft?.creditText ?? "",
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
  const acceptDialog = useRef<HTMLDialogElement>(null);
  const acceptComment = useRef<HTMLTextAreaElement>(null);
  // The live checklist (SPEC 3.10): the server's one counts the draft's files; with JavaScript the
  // files chosen and tagged here (and draft files marked for removal) are counted as they change.
  const formRef = useRef<HTMLFormElement>(null);
  const [chosen, setChosen] = useState<{ requiredDocument: string | null }[] | null>(null);
  const recount = () => {
    const el = formRef.current;
    if (!el || !inquiry) return;
    const picked: { requiredDocument: string | null }[] = [];
    for (let i = 0; i < rows; i++) {
      const file = el.elements.namedItem(`file_${i}`);
      const tag = el.elements.namedItem(`tag_${i}`);
      if (file instanceof HTMLInputElement && file.files && file.files.length > 0) {
        picked.push({ requiredDocument: tag instanceof HTMLSelectElement && tag.value ? tag.value : null });
      }
    }
    const removed = new Set(
      Array.from(el.querySelectorAll<HTMLInputElement>('input[name="removeDraftFile"]:checked')).map((i) => Number(i.value)),
    );
    setChosen([...(page.draft?.files ?? []).filter((f) => !removed.has(f.id)), ...picked]);
  };
  const checklist = chosen ? documentChecklist(page.checklist.items, chosen) : page.checklist;
  // With JavaScript the acceptance is confirmed in a dialog, which takes over what was typed as the
  // comment; without it (or a browser without <dialog>) the button posts and the page asks instead.
  const askToAccept = (event: MouseEvent<HTMLButtonElement>) => {
    const dialog = acceptDialog.current;
    if (!dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    const typed = event.currentTarget.form?.elements.namedItem("comment");
    if (acceptComment.current && typed instanceof HTMLTextAreaElement) acceptComment.current.value = typed.value;
    dialog.showModal();
  };
  return (
    <section className="card" aria-labelledby="respond-title">
      <h2 id="respond-title">{t("respond.title")}</h2>
      {actionData ? <Problems problems={actionData.problems} focus /> : null}
      {actionData?.hadFiles ? <Notice tone="warning">{t("upload.reselect")}</Notice> : null}
      {clientErrors.length > 0 ? <Problems problems={clientErrors.map((key) => ({ field: "form", key }))} /> : null}
      <Form ref={formRef} method="post" encType="multipart/form-data" noValidate onSubmit={form.onSubmit} onChange={recount}>
        <input type="hidden" name="version" value={String(c.version)} />
        <input type="hidden" name="draftVersion" value={String(page.draft?.version ?? 0)} />
        {page.draft ? <DraftNotice draft={page.draft} timeZone={c.timeZone} /> : null}
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
                // Never a three-decimal "1.000", which reads as a thousand.
                placeholder={majorInputString(Math.min(page.credit.remainingMinor, 1000), c.currency)}
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
        {inquiry ? <MissingDocuments checklist={checklist} creditOffered={page.credit.offered} /> : null}
        <p>
          <button type="submit" name="intent" value="respond" disabled={busy}>
            {t("respond.submit")}
          </button>
        </p>
        <p>
          <span className="hint" id="draft-hint">
            {t("draft.saveHint")}
          </span>{" "}
          <button type="submit" name="intent" value="draft" className="secondary" disabled={busy} aria-describedby="draft-hint">
            {t("draft.save")}
          </button>{" "}
          {page.draft ? (
            <button type="submit" name="intent" value="discard-draft" className="secondary" disabled={busy}>
              {t("draft.discard")}
            </button>
          ) : null}
        </p>
        {page.allowed.includes("accept") ? (
          <p>
            <span className="hint">{t("respond.acceptHint")}</span>{" "}
            <button type="submit" name="intent" value="accept" className="secondary" disabled={busy} onClick={askToAccept}>
              {t("respond.accept")}
            </button>
          </p>
        ) : null}
      </Form>
      {page.allowed.includes("accept") ? (
        <dialog ref={acceptDialog} className="confirm-dialog confirm-accept" aria-labelledby="accept-dialog-title">
          <ConfirmAccept
            page={page}
            idPrefix="accept-dialog"
            comment=""
            version={String(c.version)}
            commentRef={acceptComment}
            cancel={
              <button type="button" className="secondary" onClick={() => acceptDialog.current?.close()}>
                {t("accept.confirm.cancel")}
              </button>
            }
          />
        </dialog>
      ) : null}
    </section>
  );
}

/**
 * The confirmation of "Accept the chargeback" (it closes the case for good), in the dialog or as
 * the page's own step: the second form posts `confirmed=yes`, with an optional comment that the
 * acceptance keeps on the timeline.
 */
function ConfirmAccept({
  page,
  idPrefix,
  comment,
  version,
  filesDropped = false,
  commentRef,
  cancel,
}: {
  page: CasePageData;
  idPrefix: string;
  comment: string;
  version: string;
  filesDropped?: boolean;
  commentRef?: RefObject<HTMLTextAreaElement>;
  cancel: ReactNode;
}) {
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  const c = page.case;
  return (
    <>
      <h2 id={`${idPrefix}-title`}>{t("accept.confirm.title")}</h2>
      <p id={`${idPrefix}-text`}>{t("accept.confirm.text", { amount: money(c.disputedAmountMinor, c.currency, locale) })}</p>
      {filesDropped ? <Notice tone="warning">{t("accept.confirm.filesDropped")}</Notice> : null}
      <Form method="post" encType="multipart/form-data" aria-describedby={`${idPrefix}-text`}>
        <input type="hidden" name="intent" value="accept" />
        <input type="hidden" name="confirmed" value="yes" />
        <input type="hidden" name="version" value={version} />
        <div className="field">
          <label htmlFor={`${idPrefix}-comment`}>{t("accept.confirm.comment")}</label>
          <p className="hint" id={`${idPrefix}-comment-hint`}>
            {t("accept.confirm.commentHint")}
          </p>
          <textarea
            id={`${idPrefix}-comment`}
            name="comment"
            rows={4}
            maxLength={COMMENT_MAX_LENGTH}
            defaultValue={comment}
            ref={commentRef}
            aria-describedby={`${idPrefix}-comment-hint`}
          />
        </div>
        <p className="actions">
          <button type="submit" className="danger" disabled={busy}>
            {t("accept.confirm.yes")}
          </button>{" "}
          {cancel}
        </p>
      </Form>
    </>
  );
}

/** Who saved the shared draft and when, and its files (each can be taken out with the next save or submit). */
function DraftNotice({ draft, timeZone }: { draft: NonNullable<CasePageData["draft"]>; timeZone: string }) {
  const { t, locale } = useI18n();
  return (
    <div className="notice" data-testid="draft">
      <p>
        <strong>{t("draft.title")}:</strong>{" "}
        {t("draft.savedBy", { name: draft.savedBy, at: formatInstant(draft.savedAt, timeZone, locale) })}
      </p>
      {draft.files.length > 0 ? (
        <fieldset>
          <legend>{t("draft.files")}</legend>
          <ul>
            {draft.files.map((f) => (
              <li key={f.id}>
                {f.originalName}
                {f.requiredDocument
                  ? ` (${t("draft.fileProvides", { document: t(`document.${f.requiredDocument}` as MessageKey) })})`
                  : ""}{" "}
                <label>
                  <input type="checkbox" name="removeDraftFile" value={String(f.id)} /> {t("draft.removeFile", { file: f.originalName })}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
    </div>
  );
}
