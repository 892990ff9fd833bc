import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { Link } from "@remix-run/react";
import type { Countdown } from "~/domain/deadlines";
import { formatMoney } from "~/domain/money";
import { guidanceFor, type DocumentChecklist, type MissingDocument } from "~/domain/reason-codes";
import type { Locale, MessageKey, Params, Translate } from "~/i18n";
import { dateFnsLocale, localeTag } from "~/i18n/formats";
import type { CasePage, CaseViewer } from "~/services/disputes/case-page";
import { useI18n } from "./i18n";

// The parts of a case page shared by the merchant's and the disputes team's views.

export { localeTag };

export function money(amountMinor: number, currency: string, locale: Locale): string {
  return formatMoney(amountMinor, currency, localeTag(locale));
}

/** An instant shown in the account's time zone, e.g. "23 Nov 2026, 23:59". */
export function formatInstant(iso: string, timeZone: string, locale: Locale): string {
  return format(new TZDate(new Date(iso).getTime(), timeZone), "PP, HH:mm", { locale: dateFnsLocale(locale) });
}

export function formatDate(iso: string, timeZone: string, locale: Locale): string {
  return format(new TZDate(new Date(iso).getTime(), timeZone), "PP", { locale: dateFnsLocale(locale) });
}

export function countdownText(c: Countdown, t: Translate): string {
  if (c.kind === "overdue") return t("disputes.countdown.overdue");
  if (c.kind === "due_today") return t("disputes.countdown.dueToday");
  return c.days === 1 ? t("disputes.countdown.oneDayLeft") : t("disputes.countdown.daysLeft", { days: c.days });
}

/** The countdown in words; the colour only repeats what the words say (urgency is isUrgent's call). */
export function CountdownTag({ countdown, urgent }: { countdown: Countdown; urgent: boolean }) {
  const { t } = useI18n();
  const tone = countdown.kind === "overdue" ? "tag-overdue" : urgent ? "tag-due" : "";
  return <span className={`tag ${tone}`}>{countdownText(countdown, t)}</span>;
}

/**
 * The deadline of an open case as a banner at the top of its page (issue 12 item 7): "Respond by
 * 5 Dec 2026, 23:59 Europe/Berlin — 2 days left", in the account's time zone. The tone grows
 * stronger as the deadline nears (urgent, due today, overdue), and the words always say the same.
 */
export function DeadlineBanner({
  respondBy,
  timeZone,
  countdown,
  urgent,
}: {
  respondBy: string;
  timeZone: string;
  countdown: Countdown;
  urgent: boolean;
}) {
  const { t, locale } = useI18n();
  const tone = countdown.kind === "overdue" ? "overdue" : countdown.kind === "due_today" ? "today" : urgent ? "soon" : "later";
  return (
    <p className={`deadline-banner deadline-${tone}`} data-testid="deadline-banner" data-countdown={countdown.kind}>
      {t("case.deadlineBanner", { date: formatInstant(respondBy, timeZone, locale), zone: timeZone })}{" "}
      <strong>{countdownText(countdown, t)}</strong>
    </p>
  );
}

/** Status words for the reader: analysts see neutral wording, not the merchant's "your response". */
export function statusLabelKey(status: string, viewer: CaseViewer): MessageKey {
  return viewer === "analyst" && status === "awaiting_response" ? "case.status.awaiting_merchant" : (`case.status.${status}` as MessageKey);
}

export function StatusText({ status, outcome, viewer = "merchant" }: { status: string; outcome: string | null; viewer?: CaseViewer }) {
  const { t } = useI18n();
  return (
    <>
      {t(statusLabelKey(status, viewer))}
      {outcome ? `: ${t(`case.outcome.${outcome}` as MessageKey)}` : ""}
    </>
  );
}

/** A refusal or validation problem, with a document code or an amount turned into words. */
export function problemText(p: { key: MessageKey; params?: Params }, t: Translate, locale: Locale): string {
  const params: Params = { ...(p.params ?? {}) };
  if (typeof params.document === "string") params.document = t(`document.${params.document}` as MessageKey);
  // A group of alternatives travels as comma-separated document codes.
  if (typeof params.documents === "string") params.documents = documentAlternatives(params.documents.split(","), t);
  if (typeof params.maxMinor === "number" && typeof params.currency === "string")
    params.max = money(params.maxMinor, params.currency, locale);
  return t(p.key, params);
}

/** Problems of one form field, shown under it; `id` is what the field's aria-describedby names. */
export function FieldProblems({ id, problems }: { id: string; problems: readonly { key: MessageKey; params?: Params }[] }) {
  const { t, locale } = useI18n();
  if (problems.length === 0) return null;
  return (
    <div className="field-error" id={id}>
      {problems.map((p, i) => (
        <p key={i}>{problemText(p, t, locale)}</p>
      ))}
    </div>
  );
}

/** aria-describedby from the ids that apply (a hint, an error), or undefined when none do. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

export function CaseSummary({ page, basePath }: { page: CasePage; basePath: string }) {
  const { t, locale } = useI18n();
  const c = page.case;
  return (
    <div className="grid">
      <section className="card" aria-labelledby="case-facts">
        <h2 id="case-facts">{t("case.facts")}</h2>
        <dl className="facts">
          <dt>{t("case.status")}</dt>
          <dd data-testid="case-status">
            <StatusText status={c.status} outcome={c.outcome} viewer={page.viewer} />
          </dd>
          <dt>{t("case.account")}</dt>
          <dd>
            {c.accountName} <span className="muted">({c.merchantNumber})</span>
          </dd>
          <dt>{t("case.organisation")}</dt>
          <dd>{c.organisationName}</dd>
          <dt>{t("case.disputedAmount")}</dt>
          <dd>{money(c.disputedAmountMinor, c.currency, locale)}</dd>
          <dt>{t("case.reason")}</dt>
          <dd>
            {c.reasonCode}: {c.reasonText}
          </dd>
          <dt>{t("case.receivedAt")}</dt>
          <dd>{formatInstant(c.receivedAt, c.timeZone, locale)}</dd>
          <dt>{t("case.respondBy")}</dt>
          <dd>
            {t("case.respondByValue", { date: formatInstant(c.respondBy, c.timeZone, locale), zone: c.timeZone })}{" "}
            {c.status === "awaiting_response" ? <CountdownTag countdown={page.countdown} urgent={page.urgent} /> : null}{" "}
            {page.urgent ? <span className="tag tag-urgent">{t("disputes.urgent")}</span> : null}
          </dd>
          {page.relatedCaseNumber ? (
            <>
              <dt>{t("case.related")}</dt>
              <dd>
                <Link to={`${basePath}/${page.relatedCaseNumber}`}>{page.relatedCaseNumber}</Link>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="case-transaction">
        <h2 id="case-transaction">{t("case.transaction")}</h2>
        <dl className="facts">
          <dt>{t("case.transaction.date")}</dt>
          <dd>{formatInstant(c.transactionOccurredAt, c.timeZone, locale)}</dd>
          <dt>{t("case.transaction.amount")}</dt>
          <dd>{money(c.transactionAmountMinor, c.transactionCurrency, locale)}</dd>
          <dt>{t("case.transaction.card")}</dt>
          <dd>•••• {c.cardLast4}</dd>
          <dt>{t("case.transaction.reference")}</dt>
          <dd>{c.networkReference}</dd>
          <dt>{t("case.transaction.description")}</dt>
          <dd>{c.transactionDescription}</dd>
        </dl>
      </section>
    </div>
  );
}

/** "Proof of delivery or Booking confirmation", in the reader's language. */
export function documentAlternatives(codes: readonly string[], t: Translate): string {
  return codes.map((code) => t(`document.${code}` as MessageKey)).join(t("checklist.or"));
}

function missingText(m: MissingDocument, t: Translate): string {
  return m.kind === "required"
    ? t(`document.${m.code}` as MessageKey)
    : t("checklist.oneOf", { documents: documentAlternatives(m.codes, t) });
}

/** The case's documents with their levels (SPEC 3.10), and whether each is attached or still needed. */
export function RequiredDocuments({ page }: { page: CasePage }) {
  const { t } = useI18n();
  if (page.case.type !== "inquiry") return null;
  const items = page.checklist.items;
  return (
    <section className="card" aria-labelledby="case-required">
      <h2 id="case-required">{t("case.requiredDocuments")}</h2>
      {items.length === 0 ? (
        <p className="muted">{t("case.requiredDocuments.none")}</p>
      ) : (
        <ul className="checklist" data-testid="document-checklist">
          {items.map((d) => (
            <li key={d.code} data-level={d.level} data-satisfied={d.satisfied ? "yes" : "no"}>
              <span aria-hidden="true">{d.provided ? "☑" : "☐"}</span> {t(`document.${d.code}` as MessageKey)}{" "}
              <span className="muted">({t(`checklist.level.${d.level}`)})</span>{" "}
              <span className={`tag ${d.satisfied ? "tag-ok" : ""}`}>
                {d.provided
                  ? t("checklist.provided")
                  : d.level === "optional"
                    ? t("checklist.notNeeded")
                    : d.satisfied
                      ? t("checklist.coveredByGroup")
                      : t("checklist.missing")}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What still blocks a response, or that nothing does; `aria-live` so it is read out as files are tagged. */
export function MissingDocuments({ checklist, creditOffered }: { checklist: DocumentChecklist; creditOffered: boolean }) {
  const { t } = useI18n();
  if (checklist.items.length === 0) return null;
  return (
    <div className={`notice notice-${checklist.complete ? "success" : "warning"}`} aria-live="polite" data-testid="missing-documents">
      {checklist.complete ? (
        <p>{t("checklist.complete")}</p>
      ) : (
        <>
          <p>{t("checklist.stillMissing")}</p>
          <ul>
            {checklist.missing.map((m) => (
              <li key={m.kind === "required" ? m.code : m.group}>{missingText(m, t)}</li>
            ))}
          </ul>
          {creditOffered ? <p className="hint">{t("checklist.fullCredit")}</p> : null}
        </>
      )}
    </div>
  );
}

/** The reason code's title and the network's kind of evidence that wins it, in the reader's language. */
export function ReasonGuidance({ page }: { page: CasePage }) {
  const { t, locale } = useI18n();
  const reason = page.reasonCode;
  if (!reason) return null;
  return (
    <section className="card" aria-labelledby="case-reason">
      <h2 id="case-reason">{t("reason.heading")}</h2>
      <p data-testid="reason-title">
        <strong>{t("reason.title", { network: t(`reason.network.${reason.network}`), code: reason.code, title: reason.title })}</strong>{" "}
        <span className="tag">{t(`reason.category.${reason.category}`)}</span>
      </p>
      <p className="muted">{t("reason.guidance")}</p>
      <p data-testid="reason-guidance">{guidanceFor(reason.guidance, locale)}</p>
    </section>
  );
}

export function Documents({ page }: { page: CasePage }) {
  const { t, locale } = useI18n();
  return (
    <section className="card" aria-labelledby="case-documents">
      <h2 id="case-documents">{t("case.documents")}</h2>
      {page.attachments.length === 0 ? (
        <p className="muted">{t("case.documents.none")}</p>
      ) : (
        <ul className="link-list">
          {page.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/disputes/${page.case.caseNumber}/attachments/${a.id}`} download>
                {a.originalName}
              </a>{" "}
              <span className="muted">
                ({Math.max(1, Math.round(a.sizeBytes / 1024))} KB,{" "}
                {a.requiredDocument
                  ? t("case.documents.for", { document: t(`document.${a.requiredDocument}` as MessageKey) })
                  : t("case.documents.untagged")}
                , {formatDate(a.uploadedAt, page.case.timeZone, locale)})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function detailLines(entry: CasePage["timeline"][number], page: CasePage, t: Translate, locale: Locale): string[] {
  switch (entry.eventType) {
    case "opened":
      return [t(`case.timeline.origin.${entry.details.origin}`)];
    case "decide":
      return [
        t(`case.decision.${entry.details.decision}`),
        ...(entry.details.note ? [t("case.timeline.note", { note: entry.details.note })] : []),
      ];
    case "request_information":
      return [
        ...(entry.details.message ? [t("case.timeline.message", { message: entry.details.message })] : []),
        t("case.timeline.newRespondBy", { date: formatInstant(entry.details.respondBy, page.case.timeZone, locale) }),
      ];
    case "respond":
    case "accept": {
      const { comment, creditMinor, currency } = entry.details;
      return [
        ...(comment ? [t("case.timeline.comment", { comment })] : []),
        ...(creditMinor !== undefined ? [t("case.timeline.credit", { amount: money(creditMinor, currency, locale) })] : []),
      ];
    }
    default:
      return [];
  }
}

export function Timeline({ page }: { page: CasePage }) {
  const { t, locale } = useI18n();
  return (
    <section className="card" aria-labelledby="case-timeline">
      <h2 id="case-timeline">{t("case.timeline")}</h2>
      <ol className="timeline" data-testid="timeline">
        {page.timeline.map((e) => (
          <li key={e.id}>
            <strong>{t(`case.event.${e.eventType === "unreadable" ? e.storedType : e.eventType}` as MessageKey)}</strong>
            {e.toStatus && e.toStatus !== e.fromStatus ? (
              <>
                {" → "}
                <StatusText status={e.toStatus} outcome={e.outcome} viewer={page.viewer} />
              </>
            ) : null}
            <span className="muted">
              {" "}
              · {formatInstant(e.at, page.case.timeZone, locale)} · {e.actorName ?? t("case.timeline.system")}
            </span>
            {detailLines(e, page, t, locale).map((line, i) => (
              <p key={i} className="timeline-detail">
                {line}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
