import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { CaseType } from "~/domain/case-state";
import type { MessageKey } from "~/i18n";
import { money } from "./case-view";
import { useI18n } from "./i18n";

// The case table of the merchant's /disputes list and the analyst's /review queue: the same
// columns (case, type, account, amount, reason), each page adding its own around them.
// On a narrow screen the same markup shows as one card per case (app.css, "Phone layout"): each
// cell names its column in data-label, and the explicit roles keep it a table for screen readers
// (a table whose rows are display: block loses its table semantics in some browsers).

export interface CaseTableRow {
  caseNumber: string;
  type: CaseType;
  urgent: boolean;
  accountName: string;
  cardLast4: string;
  amountMinor: number;
  currency: string;
  reason: string;
}

export interface CaseTableColumn<R> {
  header: MessageKey;
  cell: (row: R) => ReactNode;
}

export function CaseTable<R extends CaseTableRow>({
  rows,
  caption,
  linkBase,
  before = [],
  after = [],
}: {
  rows: readonly R[];
  caption: MessageKey;
  /** Where a case number links to: "/disputes" or "/review". */
  linkBase: string;
  /** Columns between type and account. */
  before?: readonly CaseTableColumn<R>[];
  /** Columns after the reason. */
  after?: readonly CaseTableColumn<R>[];
}) {
  const { t, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="case-table" role="table">
        <caption className="sr-only">{t(caption)}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              {t("disputes.col.case")}
            </th>
            <th scope="col" role="columnheader">
              {t("disputes.col.type")}
            </th>
            {before.map((c) => (
              <th key={c.header} scope="col" role="columnheader">
                {t(c.header)}
              </th>
            ))}
            <th scope="col" role="columnheader">
              {t("disputes.col.account")}
            </th>
            <th scope="col" role="columnheader" className="num">
              {t("disputes.col.amount")}
            </th>
            <th scope="col" role="columnheader">
              {t("disputes.col.reason")}
            </th>
            {after.map((c) => (
              <th key={c.header} scope="col" role="columnheader">
                {t(c.header)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((r) => (
            <tr key={r.caseNumber} data-case={r.caseNumber} role="row">
              <th scope="row" role="rowheader">
                <Link to={`${linkBase}/${r.caseNumber}`}>{r.caseNumber}</Link>{" "}
                {r.urgent ? <span className="tag tag-urgent">{t("disputes.urgent")}</span> : null}
              </th>
              <td role="cell" data-label={t("disputes.col.type")}>
                {t(`case.type.${r.type}` as MessageKey)}
              </td>
              {before.map((c) => (
                <td key={c.header} role="cell" data-label={t(c.header)}>
                  {c.cell(r)}
                </td>
              ))}
              <td role="cell" data-label={t("disputes.col.account")}>
                {r.accountName} <span className="muted">•••• {r.cardLast4}</span>
              </td>
              <td role="cell" data-label={t("disputes.col.amount")} className="num">
                {money(r.amountMinor, r.currency, locale)}
              </td>
              <td role="cell" data-label={t("disputes.col.reason")}>
                {r.reason}
              </td>
              {after.map((c) => (
                <td key={c.header} role="cell" data-label={t(c.header)}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
