import { Link, useLocation } from "@remix-run/react";
import { format, type Day } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { ANNOUNCEMENT_TIME_ZONE, textFor, type AnnouncementSeverity, type AnnouncementView } from "~/domain/announcements";
import { clock, weekdayRuns, type ServiceHours, type ServiceStatusView } from "~/domain/service-hours";
import type { Locale, Translate } from "~/i18n";
import { dateFnsLocale } from "~/i18n/formats";
import { useI18n } from "./i18n";

// Announcements and service hours as the notice board, the status page and the help pages show
// them. Times are Berlin time, the zone the admin typed them in and the desk works in.

export function berlinTime(iso: string, locale: Locale): string {
  return format(new TZDate(new Date(iso).getTime(), ANNOUNCEMENT_TIME_ZONE), "PP, HH:mm", { locale: dateFnsLocale(locale) });
}

/** "Monday 08:30": the next opening is always within a week. */
export function openingTime(iso: string, hours: ServiceHours, locale: Locale): string {
  return format(new TZDate(new Date(iso).getTime(), hours.timeZone), "EEEE HH:mm", { locale: dateFnsLocale(locale) });
}

export function windowText(a: Pick<AnnouncementView, "startsAt" | "endsAt">, t: Translate, locale: Locale): string {
  const start = berlinTime(a.startsAt, locale);
  return a.endsAt === null
    ? t("announcements.window.open", { start })
    : t("announcements.window.range", { start, end: berlinTime(a.endsAt, locale) });
}

const SEVERITY_TAG: Record<AnnouncementSeverity, string> = { info: "tag", minor: "tag tag-due", major: "tag tag-urgent" };

export function SeverityTag({ severity }: { severity: AnnouncementSeverity }) {
  const { t } = useI18n();
  return <span className={SEVERITY_TAG[severity]}>{t(`announcements.severity.${severity}`)}</span>;
}

/** "Mon–Fri, 08:30–17:30" per window, weekday names in the reader's language. */
export function serviceHoursLines(hours: ServiceHours, t: Translate, locale: Locale): string[] {
  const dayName = (d: number) => dateFnsLocale(locale).localize.day((d % 7) as Day, { width: "abbreviated" });
  return hours.windows.map((w) =>
    t("announcements.hours.window", {
      days: weekdayRuns(w.days)
        .map(([from, to]) => (from === to ? dayName(from) : `${dayName(from)}–${dayName(to)}`))
        .join(", "),
      opens: clock(w.opens),
      closes: clock(w.closes),
    }),
  );
}

/** One announcement as a card: kind, severity, title, window and text, in the reader's language. */
export function AnnouncementCard({ announcement, headingLevel = 3 }: { announcement: AnnouncementView; headingLevel?: 2 | 3 }) {
  const { t, locale } = useI18n();
  const text = textFor(announcement.texts, locale);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card">
      <Heading>{text.title}</Heading>
      <p>
        <span className="tag">{t(`announcements.kind.${announcement.kind}`)}</span> <SeverityTag severity={announcement.severity} />{" "}
        <span className="muted">{windowText(announcement, t, locale)}</span>
      </p>
      <p className="announcement-text">{text.body}</p>
    </article>
  );
}

/**
 * The notice board under the portal header: current announcements and maintenance coming soon,
 * with a link to /status. Nothing on /status itself, which lists them in full.
 */
export function NoticeBoard({ notices }: { notices: readonly AnnouncementView[] }) {
  const { t, locale } = useI18n();
  const { pathname } = useLocation();
  if (notices.length === 0 || pathname === "/status") return null;
  const serious = notices.some((n) => n.severity !== "info");
  return (
    <aside aria-label={t("announcements.board.label")} className={`notice-board notice ${serious ? "notice-warning" : ""}`}>
      <ul>
        {notices.map((n) => (
          <li key={n.id}>
            <SeverityTag severity={n.severity} /> <strong>{textFor(n.texts, locale).title}</strong>{" "}
            <span className="muted">
              {n.state === "upcoming" ? `${t("announcements.state.upcoming")}: ` : null}
              {windowText(n, t, locale)}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/status">{t("announcements.board.status")}</Link>
      </p>
    </aside>
  );
}

/** SPEC 9: outside the service hours a message waits for the next opening; the form says when. */
export function OutsideHoursNote({ service }: { service: ServiceStatusView }) {
  const { t, locale } = useI18n();
  if (service.openNow) return null;
  return (
    <p className="hint">{t("announcements.status.messagesNow", { when: openingTime(service.nextOpeningAt, service.hours, locale) })}</p>
  );
}
