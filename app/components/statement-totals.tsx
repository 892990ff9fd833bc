import { useI18n } from "./i18n";
import { netFormula, totalRows, type CurrencyTotals } from "~/domain/statement-format";

export { lineDescription } from "~/domain/statement-format";

/** The totals of a statement, one table per currency (SPEC 6), under the formula they add up to. */
export function StatementTotalsTable({ totals }: { totals: readonly CurrencyTotals[] }) {
  const { t, locale } = useI18n();
  const several = totals.length > 1;
  return (
    <>
      {several ? <p>{t("statement.otherCurrencies")}</p> : null}
      {totals.map((currencyTotals) => (
        <table key={currencyTotals.currency} className="totals" data-currency={currencyTotals.currency}>
          <caption className={several ? undefined : "sr-only"}>{t("statement.totalsIn", { currency: currencyTotals.currency })}</caption>
          <tbody>
            {totalRows(currencyTotals, currencyTotals.currency, locale, t).map((row) => (
              <tr key={row.key} data-total={row.key} className={row.key === "net" ? "total-net" : undefined}>
                <th scope="row">{row.label}</th>
                <td className="num">{row.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <p className="hint" data-formula="">
        {netFormula(t)}
      </p>
    </>
  );
}
