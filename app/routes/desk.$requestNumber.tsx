import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate, formatInstant, money } from "~/components/case-view";
import { ErrorSummary, FieldError, Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { AttachmentInput, AttachmentList, berlinDate, Conversation, TransactionText } from "~/components/support";
import { replyChannelLabelKey, SUPPORT_CATEGORIES, supportCategoryLabelKey, supportStatusLabelKey } from "~/domain/support-request";
import {
  DESK_INTENTS,
  deskReplySchema,
  escalateSchema,
  handOverSchema,
  NOTE_MAX_LENGTH,
  noteSchema,
  recategoriseSchema,
  takeSchema,
  type DeskIntent,
} from "~/forms/desk";
import { parseId } from "~/forms/statements";
import { MESSAGE_MAX_LENGTH } from "~/forms/support";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { discardUploads } from "~/services/disputes/attachment-store.server";
import { fieldErrorsOf, refusalResponse, type Problem } from "~/services/result";
import { actAsDesk, loadDeskRequest, type DeskAction } from "~/services/support-desk.server";
import { readSupportUpload } from "~/services/support.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "desk.title");

// One support request on the desk (SPEC 9): the conversation with internal notes, the timeline,
// the linked case read-only beside it, and the desk's actions for the agent's tier.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["support"]);
  const templateId = parseId(new URL(request.url).searchParams.get("template"));
  const number = (params.requestNumber ?? "").toUpperCase();
  const result = await loadDeskRequest(getDb(), actor, number, { templateId }, systemClock());
  if (!result.ok) throw refusalResponse(result);
  return result.page;
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; intent: string; fileProblems: Problem[] };

function parseAction(
  form: FormData,
  intent: DeskIntent,
): { ok: true; action: DeskAction; version: string } | { ok: false; errors: FieldErrors } {
  switch (intent) {
    case "take": {
      const p = parseForm(form, takeSchema);
      return p.ok ? { ok: true, action: { kind: "take" }, version: p.data.version } : p;
    }
    case "hand_over": {
      const p = parseForm(form, handOverSchema);
      return p.ok
        ? { ok: true, action: { kind: "hand_over", toUserId: Number(p.data.toUserId), note: p.data.note }, version: p.data.version }
        : p;
    }
    case "escalate":
    case "flag_management": {
      const p = parseForm(form, escalateSchema);
      return p.ok ? { ok: true, action: { kind: intent, note: p.data.note }, version: p.data.version } : p;
    }
    case "recategorise": {
      const p = parseForm(form, recategoriseSchema);
      return p.ok
        ? { ok: true, action: { kind: "recategorise", category: p.data.category, note: p.data.note }, version: p.data.version }
        : p;
    }
    case "note": {
      const p = parseForm(form, noteSchema);
      return p.ok ? { ok: true, action: { kind: "note", body: p.data.body }, version: p.data.version } : p;
    }
    case "reply":
    case "ask_merchant":
    case "solve": {
      const p = parseForm(form, deskReplySchema);
      return p.ok ? { ok: true, action: { kind: "reply", body: p.data.body, mode: intent }, version: p.data.version } : p;
    }
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["support"]);
  const upload = await readSupportUpload(getDb(), request);
  const form = upload.form;
  const intentValue = form.get("intent");
  const intent = DESK_INTENTS.find((i) => i === intentValue);
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
  const isReply = intent === "reply" || intent === "ask_merchant" || intent === "solve";
  if (files.length > 0 && !isReply) return refuse({ form: "support.error.invalid" }, 400);
  const parsed = parseAction(form, intent);
  if (!parsed.ok) return refuse(parsed.errors, 400);
  if (parsed.action.kind === "reply") parsed.action.attachments = files;
  const version = /^\d{1,9}$/.test(parsed.version) ? Number(parsed.version) : -1;
  const number = (params.requestNumber ?? "").toUpperCase();
  const result = await actAsDesk(getDb(), actor, number, parsed.action, version, systemClock());
  if (result.ok) return redirect(`/desk/${result.requestNumber}?saved=${intent}`);
  if (result.status === 403 || result.status === 404) throw refusalResponse(result);
  return refuse(fieldErrorsOf(result), result.status);
}

export default function DeskRequestPage() {
  const page = useLoaderData<typeof loader>();
  const {
    request: r,
    messages,
    attachments,
    timeline,
    linkedCase,
    linkedStatement,
    linkedTransaction,
    allowed,
    handOverTo,
    templates,
    draftReply,
    agent,
  } = page;
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, locale } = useI18n();
  const errors = actionData?.errors ?? {};
  const mine = (intents: readonly string[]) => actionData !== undefined && intents.includes(actionData.intent);
  const typed = (intents: readonly string[], field: string) => (mine(intents) ? (actionData?.values[field] ?? "") : "");
  const errorOf = (intents: readonly string[], field: string) => (mine(intents) ? errors[field] : undefined);
  const saved = DESK_INTENTS.find((i) => i === search.get("saved"));
  const at = (iso: string) => formatInstant(iso, "Europe/Berlin", locale);
  const can = (event: string) => (allowed as string[]).includes(event);
  const version = String(r.version);
  const replyIntents = ["reply", "ask_merchant", "solve"] as const;
  const isHolder = r.assignedUserId === agent.userId;

  return (
    <>
      <p>
        <Link to="/desk">← {t("desk.back")}</Link>
      </p>
      <h1>{t("support.request.title", { number: r.requestNumber })}</h1>
      {saved ? <Notice tone="success">{t(`desk.saved.${saved}`)}</Notice> : null}
      <ErrorSummary errors={[errors.form, errors.body, errors.note, errors.toUserId, errors.category]} />

      <div className="desk-layout">
        <div>
          <section aria-labelledby="facts-heading">
            <h2 id="facts-heading">{t("support.request.facts")}</h2>
            <dl className="facts">
              <dt>{t("desk.col.merchant")}</dt>
              <dd>
                {r.organisationName}
                {r.accountName ? ` · ${r.accountName}` : ""}
              </dd>
              <dt>{t("support.request.filedBy")}</dt>
              <dd>{r.filedByName}</dd>
              <dt>{t("support.col.subject")}</dt>
              <dd>{r.subject}</dd>
              <dt>{t("support.col.category")}</dt>
              <dd data-testid="desk-category">{t(supportCategoryLabelKey(r.category))}</dd>
              <dt>{t("support.col.status")}</dt>
              <dd data-testid="desk-status">{t(supportStatusLabelKey(r.status))}</dd>
              <dt>{t("desk.col.tier")}</dt>
              <dd data-testid="desk-tier">
                {r.tier}
                {r.managementFlag === 1 ? ` · ${t("desk.managementFlag")}` : ""}
              </dd>
              <dt>{t("desk.col.holder")}</dt>
              <dd data-testid="desk-holder">
                {r.assignedUserId === null ? t("desk.nobody") : isHolder ? t("desk.you") : t("desk.someone")}
              </dd>
              <dt>{t("support.request.channel")}</dt>
              <dd>{t(replyChannelLabelKey(r.replyChannel))}</dd>
              <dt>{t("support.col.received")}</dt>
              <dd>{at(r.receivedAt)}</dd>
              <dt>{t("desk.col.nextPromise")}</dt>
              <dd>
                {r.nextPromise
                  ? `${t(`desk.promise.${r.nextPromise.kind}`, { date: berlinDate(r.nextPromise.dueAt, locale) })} (${t(`support.promise.${r.nextPromise.state}`)})`
                  : "–"}
              </dd>
              <dt>{t("desk.language")}</dt>
              <dd>{t(`language.${r.locale}` as MessageKey)}</dd>
            </dl>
          </section>

          <section aria-labelledby="conversation-heading">
            <h2 id="conversation-heading">{t("support.request.conversation")}</h2>
            <Conversation viewer="desk" opening={r} messages={messages} />
          </section>
          {attachments.length > 0 ? (
            <section aria-labelledby="files-heading">
              <h2 id="files-heading">{t("support.request.files")}</h2>
              <AttachmentList base={`/desk/${r.requestNumber}`} files={attachments} />
            </section>
          ) : null}
        </div>

        <aside aria-labelledby="linked-heading" className="card">
          <h2 id="linked-heading">{t("desk.linked.title")}</h2>
          {linkedCase ? (
            <dl className="facts" data-testid="desk-linked-case">
              <dt>{t("desk.linked.case")}</dt>
              <dd>{linkedCase.caseNumber}</dd>
              <dt>{t("desk.linked.type")}</dt>
              <dd>{t(`case.type.${linkedCase.type}` as MessageKey)}</dd>
              <dt>{t("support.col.status")}</dt>
              <dd>
                {t(`case.status.${linkedCase.status}` as MessageKey)}
                {linkedCase.outcome ? `: ${t(`case.outcome.${linkedCase.outcome}` as MessageKey)}` : ""}
              </dd>
              <dt>{t("desk.linked.amount")}</dt>
              <dd>{money(linkedCase.disputedAmountMinor, linkedCase.currency, locale)}</dd>
              <dt>{t("desk.linked.reason")}</dt>
              <dd>
                {linkedCase.reasonCode} · {linkedCase.reasonText}
              </dd>
              <dt>{t("desk.linked.respondBy")}</dt>
              <dd>{formatDate(linkedCase.respondBy, linkedCase.timeZone, locale)}</dd>
              <dt>{t("support.col.location")}</dt>
              <dd>{linkedCase.accountName}</dd>
              <dt>{t("desk.linked.transaction")}</dt>
              <dd>
                {formatDate(linkedCase.transactionOccurredAt, linkedCase.timeZone, locale)} · •••• {linkedCase.cardLast4}
              </dd>
            </dl>
          ) : (
            <p>{t("desk.linked.none")}</p>
          )}
          {linkedTransaction ? (
            <dl className="facts" data-testid="desk-linked-transaction">
              <dt>{t("support.request.transaction")}</dt>
              <dd>
                <TransactionText transaction={linkedTransaction} /> · {linkedTransaction.accountName}
              </dd>
            </dl>
          ) : null}
          {linkedStatement ? (
            <dl className="facts" data-testid="desk-linked-statement">
              <dt>{t("support.request.statement")}</dt>
              <dd>{linkedStatement.month}</dd>
            </dl>
          ) : null}
          <p className="hint">{t("desk.linked.readOnly")}</p>
        </aside>
      </div>

      <section aria-labelledby="work-heading">
        <h2 id="work-heading">{t("desk.work")}</h2>
        {can("take") && !isHolder ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="version" value={version} />
            <button type="submit" name="intent" value="take">
              {t("desk.take")}
            </button>
          </Form>
        ) : null}

        {can("reply") ? (
          <div className="card">
            <h3>{t("desk.reply.title")}</h3>
            {templates.length > 0 ? (
              <Form method="get" className="inline-form">
                <label htmlFor="desk-template">{t("desk.reply.template")}</label>{" "}
                <select id="desk-template" name="template" defaultValue={search.get("template") ?? ""}>
                  <option value="">{t("desk.reply.noTemplate")}</option>
                  {templates.map((tpl) => (
                    <option key={tpl.id} value={String(tpl.id)}>
                      {tpl.name}
                    </option>
                  ))}
                </select>{" "}
                <button type="submit" className="secondary">
                  {t("desk.reply.useTemplate")}
                </button>
              </Form>
            ) : (
              <p className="hint">{t("desk.reply.noTemplates", { language: t(`language.${r.locale}` as MessageKey) })}</p>
            )}
            <Form method="post" key={draftReply ?? ""} encType="multipart/form-data">
              <input type="hidden" name="version" value={version} />
              <div className="field">
                <label htmlFor="desk-reply">{t("desk.reply.body")}</label>
                <p className="hint" id="desk-reply-hint">
                  {t("desk.reply.hint", { channel: t(replyChannelLabelKey(r.replyChannel)) })}
                </p>
                <textarea
                  id="desk-reply"
                  name="body"
                  rows={6}
                  maxLength={MESSAGE_MAX_LENGTH}
                  defaultValue={mine(replyIntents) ? typed(replyIntents, "body") : (draftReply ?? "")}
                  aria-invalid={errorOf(replyIntents, "body") ? true : undefined}
                  aria-describedby={errorOf(replyIntents, "body") ? "desk-reply-hint desk-reply-error" : "desk-reply-hint"}
                />
                <FieldError id="desk-reply-error" error={errorOf(replyIntents, "body")} />
              </div>
              <AttachmentInput problems={mine(replyIntents) ? (actionData?.fileProblems ?? []) : []} />
              <div className="actions">
                <button type="submit" name="intent" value="reply">
                  {t("desk.reply.send")}
                </button>{" "}
                {can("ask_merchant") ? (
                  <>
                    <button type="submit" name="intent" value="ask_merchant" className="secondary">
                      {t("desk.reply.ask")}
                    </button>{" "}
                  </>
                ) : null}
                <button type="submit" name="intent" value="solve" className="secondary">
                  {t("desk.reply.solve")}
                </button>
              </div>
            </Form>
          </div>
        ) : null}

        {r.status !== "closed" ? (
          <Form method="post" className="card">
            <input type="hidden" name="version" value={version} />
            <div className="field">
              <label htmlFor="desk-note">{t("desk.note.body")}</label>
              <p className="hint" id="desk-note-hint">
                {t("desk.note.hint")}
              </p>
              <textarea
                id="desk-note"
                name="body"
                rows={3}
                maxLength={NOTE_MAX_LENGTH}
                defaultValue={typed(["note"], "body")}
                aria-invalid={errorOf(["note"], "body") ? true : undefined}
                aria-describedby={errorOf(["note"], "body") ? "desk-note-hint desk-note-error" : "desk-note-hint"}
              />
              <FieldError id="desk-note-error" error={errorOf(["note"], "body")} />
            </div>
            <button type="submit" name="intent" value="note" className="secondary">
              {t("desk.note.add")}
            </button>
          </Form>
        ) : null}

        {can("escalate") || can("flag_management") ? (
          <Form method="post" className="card">
            <input type="hidden" name="version" value={version} />
            <div className="field">
              <label htmlFor="desk-escalate-note">{t("desk.escalate.note")}</label>
              <textarea
                id="desk-escalate-note"
                name="note"
                rows={3}
                maxLength={NOTE_MAX_LENGTH}
                defaultValue={typed(["escalate", "flag_management"], "note")}
                aria-invalid={errorOf(["escalate", "flag_management"], "note") ? true : undefined}
                aria-describedby={errorOf(["escalate", "flag_management"], "note") ? "desk-escalate-error" : undefined}
              />
              <FieldError id="desk-escalate-error" error={errorOf(["escalate", "flag_management"], "note")} />
            </div>
            {can("escalate") ? (
              <button type="submit" name="intent" value="escalate">
                {t("desk.escalate.submit", { tier: r.tier + 1 })}
              </button>
            ) : null}{" "}
            {can("flag_management") ? (
              <button type="submit" name="intent" value="flag_management" className="secondary">
                {t("desk.flag.submit")}
              </button>
            ) : null}
          </Form>
        ) : null}

        {can("hand_over") && handOverTo.length > 0 ? (
          <Form method="post" className="card">
            <input type="hidden" name="version" value={version} />
            <div className="field">
              <label htmlFor="desk-hand-over">{t("desk.handOver.to")}</label>
              <select
                id="desk-hand-over"
                name="toUserId"
                defaultValue={typed(["hand_over"], "toUserId")}
                aria-invalid={errorOf(["hand_over"], "toUserId") ? true : undefined}
                aria-describedby={errorOf(["hand_over"], "toUserId") ? "desk-hand-over-error" : undefined}
              >
                {handOverTo.map((a) => (
                  <option key={a.userId} value={String(a.userId)}>
                    {t("desk.handOver.agent", { name: a.displayName, tier: a.tier, open: a.openCount })}
                  </option>
                ))}
              </select>
              <FieldError id="desk-hand-over-error" error={errorOf(["hand_over"], "toUserId")} />
            </div>
            <div className="field">
              <label htmlFor="desk-hand-over-note">{t("desk.handOver.note")}</label>
              <textarea
                id="desk-hand-over-note"
                name="note"
                rows={2}
                maxLength={NOTE_MAX_LENGTH}
                defaultValue={typed(["hand_over"], "note")}
              />
              <FieldError id="desk-hand-over-note-error" error={errorOf(["hand_over"], "note")} />
            </div>
            <button type="submit" name="intent" value="hand_over" className="secondary">
              {t("desk.handOver.submit")}
            </button>
          </Form>
        ) : null}

        {can("recategorise") ? (
          <Form method="post" className="card">
            <input type="hidden" name="version" value={version} />
            <div className="field">
              <label htmlFor="desk-category">{t("desk.recategorise.category")}</label>
              <select
                id="desk-category"
                name="category"
                defaultValue={typed(["recategorise"], "category") || r.category}
                aria-invalid={errorOf(["recategorise"], "category") ? true : undefined}
                aria-describedby={errorOf(["recategorise"], "category") ? "desk-category-error" : undefined}
              >
                {SUPPORT_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(supportCategoryLabelKey(c))}
                  </option>
                ))}
              </select>
              <FieldError id="desk-category-error" error={errorOf(["recategorise"], "category")} />
            </div>
            <div className="field">
              <label htmlFor="desk-category-note">{t("desk.recategorise.note")}</label>
              <textarea
                id="desk-category-note"
                name="note"
                rows={2}
                maxLength={NOTE_MAX_LENGTH}
                defaultValue={typed(["recategorise"], "note")}
              />
            </div>
            <button type="submit" name="intent" value="recategorise" className="secondary">
              {t("desk.recategorise.submit")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("desk.timeline")}</h2>
        <ol className="timeline">
          {timeline.map((e) => (
            <li key={e.id}>
              {at(e.at)} · {t(`desk.event.${e.eventType}` as MessageKey)}
              {e.toStatus && e.toStatus !== e.fromStatus ? ` → ${t(supportStatusLabelKey(e.toStatus as never))}` : ""}
              {e.actorName ? ` · ${e.actorName}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
