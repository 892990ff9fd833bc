import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { OutsideHoursNote } from "~/components/announcements";
import { ErrorSummary, FieldError, Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { AttachmentInput, AttachmentList, berlinDate, Conversation, Promises, TransactionText } from "~/components/support";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { replyChannelLabelKey, supportCategoryLabelKey, supportStatusLabelKey } from "~/domain/support-request";
import { decisionSchema, MESSAGE_MAX_LENGTH, rateSchema, RATING_COMMENT_MAX_LENGTH, replySchema } from "~/forms/support";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import { loadServiceStatus } from "~/services/announcements.server";
import { fieldErrorsOf, refusalResponse, type Problem } from "~/services/result";
import { discardUploads } from "~/services/disputes/attachment-store.server";
import { actOnRequest, loadRequestPage, readSupportUpload, type MerchantAction } from "~/services/support.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "support.title");

// One support request as the merchant sees it (SPEC 9): the public conversation (never the desk's
// internal notes), a reply, and once solved: confirm, reopen within 14 days, rate 1 to 5.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const result = await loadRequestPage(getDb(), actor, (params.requestNumber ?? "").toUpperCase(), systemClock());
  if (!result.ok) throw refusalResponse(result);
  return { ...result.page, service: await loadServiceStatus(getDb(), systemClock()) };
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; intent: string; fileProblems: Problem[] };
const INTENTS = ["reply", "confirm", "reopen", "rate"] as const;
type Intent = (typeof INTENTS)[number];

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const upload = await readSupportUpload(getDb(), request);
  const form = upload.form;
  const intentValue = form.get("intent");
  const intent: Intent | undefined = INTENTS.find((i) => i === intentValue);
  const files = upload.ok ? upload.files : [];
  const refuse = (errors: FieldErrors, status: number, fileProblems: Problem[] = []) => {
    discardUploads(files);
    return data<ActionData>(
      { errors, values: echoValues(form), intent: intent ?? "", fileProblems },
      { status, headers: status === 413 ? { Connection: "close" } : undefined },
    );
  };
  if (!upload.ok) return refuse({}, upload.status, upload.problems);
  if (!intent) return refuse({ form: "support.error.invalid" }, 400);
  if (files.length > 0 && intent !== "reply") return refuse({ form: "support.error.invalid" }, 400);
  let act: MerchantAction;
  let versionText: string;
  const message = form.get("message");
  if (intent === "reply" || (intent === "reopen" && typeof message === "string" && message.trim() !== "")) {
    const parsed = parseForm(form, replySchema);
    if (!parsed.ok) return refuse(parsed.errors, 400);
    act =
      intent === "reply"
        ? { kind: "reply", message: parsed.data.message, attachments: files }
        : { kind: "reopen", message: parsed.data.message };
    versionText = parsed.data.version;
  } else if (intent === "reopen") {
    // Reopening may say why, or not.
    const parsed = parseForm(form, decisionSchema);
    if (!parsed.ok) return refuse(parsed.errors, 400);
    act = { kind: "reopen", message: "" };
    versionText = parsed.data.version;
  } else if (intent === "rate") {
    const parsed = parseForm(form, rateSchema);
    if (!parsed.ok) return refuse(parsed.errors, 400);
    act = { kind: "rate", rating: Number(parsed.data.rating), comment: parsed.data.comment };
    versionText = parsed.data.version;
  } else {
    const parsed = parseForm(form, decisionSchema);
    if (!parsed.ok) return refuse(parsed.errors, 400);
    act = { kind: "confirm" };
    versionText = parsed.data.version;
  }
  const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : -1;
  const number = (params.requestNumber ?? "").toUpperCase();
  const result = await actOnRequest(getDb(), actor, number, act, version, systemClock());
  if (result.ok) return redirect(`/support/${result.requestNumber}?saved=${intent}`);
  if (result.status === 403 || result.status === 404) throw refusalResponse(result);
  return refuse(fieldErrorsOf(result), result.status);
}

export default function SupportRequestPage() {
  const { request: r, messages, attachments, allowed, service, statement, transaction } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, locale } = useI18n();
  const errors = actionData?.errors ?? {};
  const typed = (intent: Intent, field: string) => (actionData?.intent === intent ? (actionData.values[field] ?? "") : "");
  const saved = search.get("saved");
  const savedKey = INTENTS.find((i) => i === saved);
  const can = (event: string) => (allowed as string[]).includes(event);
  return (
    <>
      <p>
        <Link to="/support">← {t("support.request.back")}</Link>
      </p>
      <h1>{t("support.request.title", { number: r.requestNumber })}</h1>
      {search.get("filed") ? <Notice tone="success">{t("support.filed", { number: r.requestNumber })}</Notice> : null}
      {search.get("added") ? <Notice tone="success">{t("support.added", { number: r.requestNumber })}</Notice> : null}
      {savedKey ? <Notice tone="success">{t(`support.saved.${savedKey}`)}</Notice> : null}
      <ErrorSummary errors={[errors.form, errors.message, errors.rating, errors.comment]} />

      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t("support.request.facts")}</h2>
        <dl className="facts">
          <dt>{t("support.col.subject")}</dt>
          <dd>{r.subject}</dd>
          <dt>{t("support.col.category")}</dt>
          <dd>{t(supportCategoryLabelKey(r.category))}</dd>
          <dt>{t("support.col.status")}</dt>
          <dd data-testid="support-status">{t(supportStatusLabelKey(r.status))}</dd>
          <dt>{t("support.col.received")}</dt>
          <dd>{berlinDate(r.receivedAt, locale)}</dd>
          <dt>{t("support.col.promises")}</dt>
          <dd>
            <Promises item={r} />
          </dd>
          <dt>{t("support.request.filedBy")}</dt>
          <dd>{r.filedByName}</dd>
          <dt>{t("support.request.channel")}</dt>
          <dd>{t(replyChannelLabelKey(r.replyChannel))}</dd>
          {r.accountName ? (
            <>
              <dt>{t("support.col.location")}</dt>
              <dd>{r.accountName}</dd>
            </>
          ) : null}
          {statement ? (
            <>
              <dt>{t("support.request.statement")}</dt>
              <dd>
                <Link to={`/statements/${statement.id}`}>{statement.month}</Link>
              </dd>
            </>
          ) : null}
          {transaction ? (
            <>
              <dt>{t("support.request.transaction")}</dt>
              <dd>
                <TransactionText transaction={transaction} />
              </dd>
            </>
          ) : null}
          {r.caseNumber ? (
            <>
              <dt>{t("support.request.case")}</dt>
              <dd>
                <Link to={`/disputes/${r.caseNumber}`}>{r.caseNumber}</Link>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">{t("support.request.conversation")}</h2>
        <Conversation viewer="merchant" opening={r} messages={messages} />
      </section>

      {attachments.length > 0 ? (
        <section aria-labelledby="files-heading">
          <h2 id="files-heading">{t("support.request.files")}</h2>
          <AttachmentList base={`/support/${r.requestNumber}`} files={attachments} />
        </section>
      ) : null}

      {r.status === "solved" && r.reopenUntil ? (
        <p>{t("support.request.solvedNotice", { date: berlinDate(r.reopenUntil, locale) })}</p>
      ) : null}
      {r.status === "closed" ? <p>{t("support.request.closedNotice")}</p> : null}

      {can("merchant_reply") ? (
        <Form method="post" className="card narrow" encType="multipart/form-data">
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="version" value={String(r.version)} />
          <OutsideHoursNote service={service} />
          <div className="field">
            <label htmlFor="support-reply">{t("support.request.reply")}</label>
            <textarea
              id="support-reply"
              name="message"
              rows={4}
              maxLength={MESSAGE_MAX_LENGTH}
              defaultValue={typed("reply", "message")}
              aria-invalid={actionData?.intent === "reply" && errors.message ? true : undefined}
              aria-describedby={actionData?.intent === "reply" && errors.message ? "support-reply-error" : undefined}
            />
            <FieldError id="support-reply-error" error={actionData?.intent === "reply" ? errors.message : undefined} />
          </div>
          <AttachmentInput problems={actionData?.intent === "reply" ? actionData.fileProblems : []} />
          <button type="submit">{t("support.request.send")}</button>
        </Form>
      ) : null}

      {can("confirm") ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="version" value={String(r.version)} />
          <button type="submit">{t("support.request.confirm")}</button>
        </Form>
      ) : null}

      {can("reopen") ? (
        <Form method="post" className="card narrow">
          <input type="hidden" name="intent" value="reopen" />
          <input type="hidden" name="version" value={String(r.version)} />
          <div className="field">
            <label htmlFor="support-reopen">{t("support.request.reopenMessage")}</label>
            <textarea
              id="support-reopen"
              name="message"
              rows={3}
              maxLength={MESSAGE_MAX_LENGTH}
              defaultValue={typed("reopen", "message")}
            />
            <FieldError id="support-reopen-error" error={actionData?.intent === "reopen" ? errors.message : undefined} />
          </div>
          <button type="submit" className="secondary">
            {t("support.request.reopen")}
          </button>
        </Form>
      ) : null}

      {r.rating !== null ? <p>{t("support.request.rated", { rating: r.rating })}</p> : null}
      {can("rate") ? (
        <Form method="post" className="card narrow">
          <input type="hidden" name="intent" value="rate" />
          <input type="hidden" name="version" value={String(r.version)} />
          <fieldset aria-describedby={actionData?.intent === "rate" && errors.rating ? "support-rating-error" : undefined}>
            <legend>{t("support.request.rating")}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className="choice-inline">
                <input type="radio" name="rating" value={String(n)} defaultChecked={typed("rate", "rating") === String(n)} /> {n}
              </label>
            ))}
            <FieldError id="support-rating-error" error={actionData?.intent === "rate" ? errors.rating : undefined} />
          </fieldset>
          <div className="field">
            <label htmlFor="support-rating-comment">{t("support.request.ratingComment")}</label>
            <textarea
              id="support-rating-comment"
              name="comment"
              rows={2}
              maxLength={RATING_COMMENT_MAX_LENGTH}
              defaultValue={typed("rate", "comment")}
            />
            <FieldError id="support-rating-comment-error" error={actionData?.intent === "rate" ? errors.comment : undefined} />
          </div>
          <button type="submit">{t("support.request.sendRating")}</button>
        </Form>
      ) : null}
    </>
  );
}
