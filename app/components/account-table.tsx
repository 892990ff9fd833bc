import type { MessageKey } from "~/i18n";
import { useT } from "./i18n";

export interface AccountRow {
  id: number;
  organisationName: string;
  disputeHandling: "central" | "local";
  merchantNumber: string;
  name: string;
  timeZone: string;
  currency: string;
}

export function AccountTable({
  accounts,
  caption,
  showOrganisation = false,
}: {
  accounts: AccountRow[];
  caption: string;
  showOrganisation?: boolean;
}) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {showOrganisation ? <th scope="col">{t("home.organisation")}</th> : null}
            <th scope="col">{t("account.name")}</th>
            <th scope="col">{t("account.merchantNumber")}</th>
            <th scope="col">{t("account.timeZone")}</th>
            <th scope="col">{t("account.currency")}</th>
            <th scope="col">{t("home.handling")}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              {showOrganisation ? <td>{a.organisationName}</td> : null}
              <td>{a.name}</td>
              <td>{a.merchantNumber}</td>
              <td>{a.timeZone}</td>
              <td>{a.currency}</td>
              <td>{t(`handling.${a.disputeHandling}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
