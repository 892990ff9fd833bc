import { useT } from "./i18n";

/** Service hours and contact channels (SPEC 9); `phoneOpen` comes from the server's clock. */
export function SupportContact({ phoneOpen }: { phoneOpen: boolean }) {
  const t = useT();
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
          {t("help.contact.hours")}
          <br />
          <span className={`tag ${phoneOpen ? "tag-ok" : ""}`}>{t(phoneOpen ? "help.contact.openNow" : "help.contact.closedNow")}</span>
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
