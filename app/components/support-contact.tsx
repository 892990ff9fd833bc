import { formatServiceHoursSetting, SERVICE_HOURS_SETTING, type ServiceStatusView } from "~/domain/service-hours";
import { openingTime, serviceHoursLines } from "./announcements";
import { useI18n } from "./i18n";

/** Service hours and contact channels (SPEC 9); open or not comes from the setting and the server's clock. */
export function SupportContact({ service }: { service: ServiceStatusView }) {
  const { t, locale } = useI18n();
  const phone = t("help.contact.phoneNumber");
  const email = t("help.contact.emailAddress");
  return (
    <section className="card" aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t("help.contact.title")}</h2>
      <dl className="facts">
        <dt>{t("help.contact.phone")}</dt>
        <dd>
          <a href={`tel:${phone.replace(/\s+/g, "")}`}>{phone}</a>
          <br />
          {/* The default hours keep their written-out sentence; other hours are listed from the setting. */}
          {formatServiceHoursSetting(service.hours) === SERVICE_HOURS_SETTING.defaultValue
            ? t("help.contact.hours")
            : `${serviceHoursLines(service.hours, t, locale).join("; ")} ${t("announcements.hours.zone")}`}
          <br />
          <span className={`tag ${service.openNow ? "tag-ok" : ""}`}>
            {service.openNow
              ? t("help.contact.openNow")
              : t("announcements.hours.closedOpens", { when: openingTime(service.nextOpeningAt, service.hours, locale) })}
          </span>
        </dd>
        <dt>{t("help.contact.email")}</dt>
        <dd>
          <a href={`mailto:${email}`}>{email}</a>
          <br />
          <span className="muted">{t("help.contact.emailHint")}</span>
        </dd>
        <dt>{t("help.contact.post")}</dt>
        <dd>{t("help.contact.postAddress")}</dd>
      </dl>
      <p className="muted">{t("help.contact.disputes")}</p>
    </section>
  );
}
