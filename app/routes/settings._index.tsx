import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { canManageOrganisation } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";
import { requireSignedIn } from "~/utils/auth.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn(request);
  const pages: { path: string; title: MessageKey; intro: MessageKey }[] = [
    { path: "/settings/profile", title: "settings.profile", intro: "settings.profile.intro" },
    { path: "/settings/password", title: "settings.password", intro: "settings.password.intro" },
    { path: "/settings/notifications", title: "settings.notifications", intro: "settings.notifications.intro" },
  ];
  if (actor.organisationId !== null && canManageOrganisation(actor, actor.organisationId)) {
    pages.push({ path: "/settings/organisation", title: "settings.organisation", intro: "settings.organisation.intro" });
    pages.push({ path: "/settings/users", title: "settings.users", intro: "settings.users.intro" });
    pages.push({ path: "/settings/audit", title: "settings.audit", intro: "settings.audit.intro" });
    pages.push({ path: "/settings/api", title: "settings.api", intro: "settings.api.intro" });
    pages.push({ path: "/settings/webhooks", title: "settings.webhooks", intro: "settings.webhooks.intro" });
  }
  return { pages };
}

export default function SettingsPage() {
  const { pages } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("settings.title")}</h1>
      <p>{t("settings.intro")}</p>
      <ul className="link-list">
        {pages.map((page) => (
          <li key={page.path} className="card">
            <h2>
              <Link to={page.path}>{t(page.title)}</Link>
            </h2>
            <p>{t(page.intro)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
