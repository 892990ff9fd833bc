import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { SupportContact } from "~/components/support-contact";
import { GUIDES, GUIDE_SLUGS } from "~/i18n/help-guides";
import { loadServiceStatus } from "~/services/announcements.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "help.title");

// The guides hold nothing confidential, so they are readable before signing in as well.
export async function loader() {
  return { service: await loadServiceStatus(getDb(), systemClock()) };
}

export default function HelpPage() {
  const { service } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("help.title")}</h1>
      <p>{t("help.intro")}</p>
      <section aria-labelledby="guides-heading">
        <h2 id="guides-heading">{t("help.guides")}</h2>
        <ul className="link-list">
          {GUIDE_SLUGS.map((slug) => (
            <li key={slug} className="card">
              <h3>
                <Link to={`/help/${slug}`}>{GUIDES[slug][locale].title}</Link>
              </h3>
              <p>{GUIDES[slug][locale].summary}</p>
            </li>
          ))}
        </ul>
      </section>
      <SupportContact service={service} />
    </>
  );
}
