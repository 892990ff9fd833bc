import { useI18n } from "./i18n";
import { totalRows, type StatementTotals } from "~/domain/statement-format";

export { lineDescription } from "~/domain/statement-format";

export function StatementTotalsTable({ totals, currency }: { totals: StatementTotals; currency: string }) {
  const { t, locale } = useI18n();
  return (
    <table className="totals">
      <tbody>
        {totalRows(totals, currency, locale, t).map((row) => (
          <tr key={row.key} data-total={row.key} className={row.key === "net" ? "total-net" : undefined}>
            <th scope="row">{row.label}</th>
            <td className="num">{row.amount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
