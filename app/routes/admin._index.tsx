import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { UserTable } from "~/components/user-table";
import { refusalResponse } from "~/services/result";
import { loadAdminHome } from "~/services/user-admin.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["admin"]);
  const home = await loadAdminHome(getDb(), actor);
  if (!home.ok) throw refusalResponse(home);
  return { users: home.users, outbox: home.outbox };
}

export default function AdminPage() {
  const { users, outbox } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("home.admin.title")}</h1>
      <section className="card" aria-labelledby="outbox-heading">
        <h2 id="outbox-heading">{t("home.admin.outbox")}</h2>
        <dl className="facts">
          <dt>{t("home.admin.outbox.pending")}</dt>
          <dd>{outbox.pending + outbox.sending}</dd>
          <dt>{t("home.admin.outbox.sent")}</dt>
          <dd>{outbox.sent}</dd>
          <dt>{t("home.admin.outbox.failed")}</dt>
          <dd>{outbox.failed}</dd>
        </dl>
        <p>
          <Link to="/admin/outbox">{t("outbox.title")}</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="platform-heading">
        <h2 id="platform-heading">{t("admin.platform")}</h2>
        <ul>
          <li>
            <Link to="/admin/users">{t("admin.users.link")}</Link>
          </li>
          <li>
            <Link to="/admin/settings">{t("admin.settings.link")}</Link>
          </li>
          <li>
            <Link to="/admin/jobs">{t("admin.jobs.link")}</Link>
          </li>
          <li>
            <Link to="/admin/announcements">{t("announcements.admin.link")}</Link>
          </li>
          <li>
            <Link to="/admin/intake-keys">{t("intakeKeys.link")}</Link>
          </li>
        </ul>
      </section>
      <h2>{t("home.admin.users")}</h2>
      <UserTable users={users} />
    </>
  );
}
