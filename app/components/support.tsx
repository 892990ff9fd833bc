import type { Locale } from "~/i18n";
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
