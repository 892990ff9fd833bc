// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Locale } from "~/i18n";
import { I18nProvider } from "./i18n";
import { StatementTotalsTable } from "./statement-totals";

// Issue 9 item 7: the totals show signed amounts under a formula that adds up as written.
// Each test reads the page as a reader would: the formula's terms and operators, and the
// amount shown beside each term's label, then does the sum.

/** "+€238.35", "−10,00 €", "€ −10,00", "€0.00" → cents. */
function shownCents(text: string, locale: Locale): number {
  const sign = /[−-]/.test(text) ? -1 : 1;
  const digits = locale === "en" ? text.replace(/,/g, "") : text.replace(/\./g, "").replace(",", ".");
  const number = /\d+(\.\d+)?/.exec(digits)?.[0];
  if (!number) throw new Error(`no amount in ${text}`);
  return sign * Math.round(Number(number) * 100);
}

const totals = [
  // net = 23835 − 1000 − 8990 + 8990 − 250 = 22585
  { currency: "EUR", charges: 23835, credits: 1000, chargebacks: 8990, reversals: 8990, fees: 250, net: 22585 },
  // net = 0 − 0 − 4400 + 0 − 2200 = −6600: a negative net too
  { currency: "USD", charges: 0, credits: 0, chargebacks: 4400, reversals: 0, fees: 2200, net: -6600 },
];

describe.each<Locale>(["en", "de", "nl"])("statement totals (%s)", (locale) => {
  it("each currency's amounts, combined by the formula as written, give its net", () => {
    render(
      <I18nProvider locale={locale}>
        <StatementTotalsTable totals={totals} />
      </I18nProvider>,
    );
    const formula = document.querySelector("[data-formula]")?.textContent ?? "";
    const [left, right] = formula.split(". ")[0]!.split(" = ");
    // Only "+" between the terms: a "−" would subtract amounts that are already negative.
    const terms = right!.split(" + ");
    expect(terms).toHaveLength(5);
    expect(right).not.toMatch(/[−-]/);
    for (const { currency, net } of totals) {
      const table = document.querySelector(`table[data-currency="${currency}"]`) as HTMLElement;
      const amountOf = (label: string) => {
        const header = within(table).getByRole("rowheader", { name: label });
        return shownCents(header.parentElement!.querySelector("td")!.textContent, locale);
      };
      const sum = terms.reduce((acc, label) => acc + amountOf(label), 0);
      expect(sum, currency).toBe(net);
      expect(amountOf(left!), currency).toBe(net);
    }
    // Money from the merchant is shown negative, money to them positive.
    // (Dutch writes the sign after the currency symbol: "€ −10,00".)
    expect(screen.getAllByText(/^\D{0,4}[−-]\D{0,4}\d/)).toHaveLength(6);
  });
});
