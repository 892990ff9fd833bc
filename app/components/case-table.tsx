import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { CaseType } from "~/domain/case-state";
import type { MessageKey } from "~/i18n";
import { money } from "./case-view";
import { useI18n } from "./i18n";

// The case table of the merchant's /disputes list and the analyst's /review queue: the same
// columns (case, type, account, amount, reason), each page adding its own around them.

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
      <table>
        <caption className="sr-only">{t(caption)}</caption>
        <thead>
          <tr>
            <th scope="col">{t("disputes.col.case")}</th>
            <th scope="col">{t("disputes.col.type")}</th>
            {before.map((c) => (
              <th key={c.header} scope="col">
                {t(c.header)}
              </th>
            ))}
            <th scope="col">{t("disputes.col.account")}</th>
            <th scope="col" className="num">
              {t("disputes.col.amount")}
            </th>
            <th scope="col">{t("disputes.col.reason")}</th>
            {after.map((c) => (
              <th key={c.header} scope="col">
                {t(c.header)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.caseNumber} data-case={r.caseNumber}>
              <th scope="row">
                <Link to={`${linkBase}/${r.caseNumber}`}>{r.caseNumber}</Link>{" "}
                {r.urgent ? <span className="tag tag-urgent">{t("disputes.urgent")}</span> : null}
              </th>
              <td>{t(`case.type.${r.type}` as MessageKey)}</td>
              {before.map((c) => (
                <td key={c.header}>{c.cell(r)}</td>
              ))}
              <td>
                {r.accountName} <span className="muted">•••• {r.cardLast4}</span>
              </td>
              <td className="num">{money(r.amountMinor, r.currency, locale)}</td>
              <td>{r.reason}</td>
              {after.map((c) => (
                <td key={c.header}>{c.cell(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
