import type { ReactNode } from "react";
import type { MessageKey } from "~/i18n";
import { useT } from "./i18n";

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  email: string;
  role: string;
  organisationName: string | null;
  deactivatedAt: string | null;
}

/** Every user of the platform, for its operators (/admin, /admin/users). */
export function UserTable({ users, actions }: { users: readonly UserRow[]; actions?: (user: UserRow) => ReactNode }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{t("admin.users.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("user.username")}</th>
            <th scope="col">{t("user.name")}</th>
            <th scope="col">{t("user.email")}</th>
            <th scope="col">{t("user.role")}</th>
            <th scope="col">{t("home.organisation")}</th>
            <th scope="col">{t("admin.users.status")}</th>
            {actions ? (
              <th scope="col">
                <span className="sr-only">{t("admin.users.actions")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-user={u.username}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{u.email}</td>
              <td>{t(`role.${u.role}` as MessageKey)}</td>
              <td>{u.organisationName ?? "—"}</td>
              <td>{u.deactivatedAt ? <span className="tag tag-urgent">{t("admin.users.deactivated")}</span> : t("admin.users.active")}</td>
              {actions ? <td>{actions(u)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
