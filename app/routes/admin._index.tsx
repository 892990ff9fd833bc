import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { listUsersForAdmin, outboxCounts } from "~/models/admin.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const db = getDb();
  const [users, outbox] = await Promise.all([listUsersForAdmin(db), outboxCounts(db)]);
  return { users, outbox };
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
      <h2>{t("home.admin.users")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("user.username")}</th>
              <th scope="col">{t("user.name")}</th>
              <th scope="col">{t("user.email")}</th>
              <th scope="col">{t("user.role")}</th>
              <th scope="col">{t("home.organisation")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.email}</td>
                <td>{t(`role.${u.role}` as MessageKey)}</td>
                <td>{u.organisationName ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
