import type { Locale, MessageKey, Params } from "~/i18n";
import { formatDate, formatInstant, money, problemText } from "./case-view";
import type { PromiseState } from "~/domain/support-rules";
import { useI18n } from "./i18n";

// Pieces of the merchant's support pages (/support).

/** A day of the desk's calendar (Europe/Berlin, SPEC 9), in the reader's language. */
export function berlinDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, { dateStyle: "medium", timeZone: "Europe/Berlin" }).format(
    new Date(iso),
  );
}

/** The two promises of a request (acknowledgment, and a complaint's handling) and whether they hold. */
export function Promises({
  item,
}: {
  item: { acknowledgeBy: string; acknowledgement: PromiseState; resolveBy: string | null; resolution: PromiseState | null };
}) {
  const { t, locale } = useI18n();
  const day = (iso: string) => berlinDate(iso, locale);
  return (
    <ul className="plain-list">
      <li>
        {t("support.promise.acknowledge", { date: day(item.acknowledgeBy) })} ({t(`support.promise.${item.acknowledgement}`)})
      </li>
      {item.resolveBy && item.resolution ? (
        <li>
          {t("support.promise.resolve", { date: day(item.resolveBy) })} ({t(`support.promise.${item.resolution}`)})
        </li>
      ) : null}
    </ul>
  );
}

/** Files for a request or a reply (SPEC 3.5's types and sizes); a refused file says why, under the input. */
export function AttachmentInput({ problems }: { problems: readonly { key: MessageKey; params?: Params }[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="field">
      <label htmlFor="support-files">{t("support.form.attachments")}</label>
      <p className="hint" id="support-files-hint">
        {t("support.form.attachmentsHint")}
      </p>
      <input
        id="support-files"
        type="file"
        name="files"
        multiple
        accept="application/pdf,image/png,image/jpeg,image/tiff,.pdf,.png,.jpg,.jpeg,.tif,.tiff"
        aria-invalid={problems.length > 0 ? true : undefined}
        aria-describedby={problems.length > 0 ? "support-files-hint support-files-error" : "support-files-hint"}
      />
      {problems.length > 0 ? (
        <ul className="field-error" id="support-files-error">
          {problems.map((p, i) => (
            <li key={i}>{problemText(p, t, locale)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A request's files as download links; `base` is /support/SR-… or /desk/SR-…. */
export function AttachmentList({
  base,
  files,
}: {
  base: string;
  files: readonly { id: number; originalName: string; sizeBytes: number }[];
}) {
  const { t } = useI18n();
  if (files.length === 0) return null;
  return (
    <ul className="plain-list">
      {files.map((f) => (
        <li key={f.id}>
          <a href={`${base}/attachments/${f.id}`} download>
            {f.originalName}
          </a>{" "}
          ({t("support.attachment.size", { kib: Math.max(1, Math.round(f.sizeBytes / 1024)) })})
        </li>
      ))}
    </ul>
  );
}

type ConversationMessage = {
  id: number;
  at: string;
  authorKind: "merchant" | "agent" | "system";
  authorName: string | null;
  visibility: "public" | "internal";
  body: string;
};

/**
 * A request's conversation, its first text first. The merchant reads the desk as "Support desk"
 * (and gets public messages only); the desk reads every name and sees its internal notes marked.
 */
export function Conversation({
  viewer,
  opening,
  messages,
}: {
  viewer: "merchant" | "desk";
  opening: { filedByName: string; receivedAt: string; description: string };
  messages: readonly ConversationMessage[];
}) {
  const { t, locale } = useI18n();
  const at = (iso: string) => formatInstant(iso, "Europe/Berlin", locale);
  const author = (m: ConversationMessage) => {
    if (m.authorKind === "system") return t("support.request.portal");
    if (viewer === "desk" || m.authorKind === "merchant") return m.authorName ?? t("support.request.you");
    return t("support.request.desk");
  };
  return (
    <ol className="conversation">
      <li>
        <p className="hint">
          {opening.filedByName} · {at(opening.receivedAt)}
        </p>
        <p className="message-body">{opening.description}</p>
      </li>
      {messages.map((m) => (
        <li
          key={m.id}
          data-author={m.authorKind}
          data-visibility={m.visibility}
          className={m.visibility === "internal" ? "internal-note" : undefined}
        >
          <p className="hint">
            {m.visibility === "internal" ? <strong>{t("desk.internalNote")} · </strong> : null}
            {author(m)} · {at(m.at)}
          </p>
          <p className="message-body">{m.body}</p>
        </li>
      ))}
    </ol>
  );
}

/** A linked transaction as the merchant reads it on a receipt: day, amount, card, reference. */
export function TransactionText({
  transaction: tx,
}: {
  transaction: { occurredAt: string; timeZone: string; amountMinor: number; currency: string; cardLast4: string; networkReference: string };
}) {
  const { locale } = useI18n();
  return (
    <>
      {formatDate(tx.occurredAt, tx.timeZone, locale)} · {money(tx.amountMinor, tx.currency, locale)} · •••• {tx.cardLast4} ·{" "}
      {tx.networkReference}
    </>
  );
}
