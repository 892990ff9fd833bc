import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { SupportContact } from "~/components/support-contact";
import type { MessageKey } from "~/i18n";
import { GUIDES, isGuideSlug, type GuideSlug } from "~/i18n/help-guides";
import { notFound } from "~/utils/auth.server";
import { loadServiceStatus } from "~/services/announcements.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { localeOf, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...(data ? pageTitle(matches, null, undefined, GUIDES[data.slug][localeOf(matches)].title) : pageTitle(matches, "help.title")),
];

// The pages each guide explains, linked from its end.
const RELATED: Record<GuideSlug, { to: string; label: MessageKey }[]> = {
  "getting-started": [
    { to: "/disputes", label: "nav.disputes" },
    { to: "/statements", label: "nav.statements" },
    { to: "/settings", label: "nav.settings" },
  ],
  disputes: [
    { to: "/disputes", label: "nav.disputes" },
    { to: "/settings/organisation", label: "settings.organisation" },
  ],
  statements: [{ to: "/statements", label: "nav.statements" }],
};

// /help/getting-started, /help/disputes, /help/statements; readable before signing in as well.
export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.guide ?? "";
  if (!isGuideSlug(slug)) throw notFound();
  return { slug, service: await loadServiceStatus(getDb(), systemClock()) };
}

export default function GuidePage() {
  const { slug, service } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const guide = GUIDES[slug][locale];
  return (
    <>
      <p>
        <Link to="/help">← {t("help.back")}</Link>
      </p>
      <article className="guide">
        <h1>{guide.title}</h1>
        <p className="lead">{guide.summary}</p>
        {guide.blocks.map((block, i) =>
          "h" in block ? (
            <h2 key={i}>{block.h}</h2>
          ) : "p" in block ? (
            <p key={i}>{block.p}</p>
          ) : (
            <ul key={i}>
              {block.ul.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ),
        )}
      </article>
      <section aria-labelledby="related-heading">
        <h2 id="related-heading">{t("help.related")}</h2>
        <ul>
          {RELATED[slug].map((link) => (
            <li key={link.to}>
              <Link to={link.to}>{t(link.label)}</Link>
            </li>
          ))}
        </ul>
      </section>
      <SupportContact service={service} />
    </>
  );
}
