import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AnnouncementCard, openingTime, serviceHoursLines } from "~/components/announcements";
import { useI18n } from "~/components/i18n";
import { loadStatusPage } from "~/services/announcements.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "announcements.status.title");

// Public (SPEC 11): no sign-in, so a merchant who cannot get in still learns why. Announcements
// hold nothing confidential.
export async function loader() {
  return loadStatusPage(getDb(), systemClock());
}

export default function StatusPage() {
  const { current, upcoming, service } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const when = openingTime(service.nextOpeningAt, service.hours, locale);
  return (
    <>
      <h1>{t("announcements.status.title")}</h1>
      <p>{t("announcements.status.intro")}</p>

      <section aria-labelledby="status-current">
        <h2 id="status-current">{t("announcements.status.current")}</h2>
        {current.length === 0 ? (
          <p>{t("announcements.status.noneCurrent")}</p>
        ) : (
          current.map((a) => <AnnouncementCard key={a.id} announcement={a} />)
        )}
      </section>

      <section aria-labelledby="status-upcoming">
        <h2 id="status-upcoming">{t("announcements.status.upcoming")}</h2>
        {upcoming.length === 0 ? (
          <p>{t("announcements.status.noneUpcoming")}</p>
        ) : (
          upcoming.map((a) => <AnnouncementCard key={a.id} announcement={a} />)
        )}
      </section>
      <p className="hint">{t("announcements.timeZone")}</p>

      <section className="card" aria-labelledby="status-service">
        <h2 id="status-service">{t("announcements.status.service")}</h2>
        <p>
          <span className={`tag ${service.openNow ? "tag-ok" : ""}`} data-testid="service-open">
            {service.openNow ? t("announcements.status.open") : t("announcements.status.closed", { when })}
          </span>
        </p>
        <dl className="facts">
          <dt>{t("announcements.status.hours")}</dt>
          <dd>
            {serviceHoursLines(service.hours, t, locale).join("; ")} {t("announcements.hours.zone")}
          </dd>
        </dl>
        <p>{service.openNow ? t("announcements.status.messages") : t("announcements.status.messagesNow", { when })}</p>
        <p>
          <Link to="/help">{t("announcements.status.help")}</Link> · <Link to="/login">{t("announcements.status.signIn")}</Link>
        </p>
      </section>
    </>
  );
}
