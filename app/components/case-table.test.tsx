// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { CaseTable } from "./case-table";
import { describedBy, FieldProblems, StatusText } from "./case-view";
import { I18nProvider } from "./i18n";

const row = {
  caseNumber: "INQ-2026-000001",
  type: "inquiry" as const,
  urgent: true,
  accountName: "München",
  cardLast4: "4242",
  amountMinor: 12_345,
  currency: "EUR",
  reason: "13.1: Not provided",
  note: "extra",
};

describe("CaseTable", () => {
  it("has a caption, column headers, a row header per case, and says 'urgent' in words", () => {
    render(
      <MemoryRouter>
        <I18nProvider locale="en">
          <CaseTable
            rows={[row]}
            caption="review.caption"
            linkBase="/review"
            after={[{ header: "review.col.respondedAt", cell: (r) => r.note }]}
          />
        </I18nProvider>
      </MemoryRouter>,
    );
    const table = screen.getByRole("table", { name: "Cases under review, oldest response first" });
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((h) => h.textContent);
    expect(headers).toEqual(["Case", "Type", "Account", "Amount", "Reason", "Response received"]);
    const rowHeader = within(table).getByRole("rowheader");
    expect(within(rowHeader).getByRole("link", { name: "INQ-2026-000001" }).getAttribute("href")).toBe("/review/INQ-2026-000001");
    expect(rowHeader.textContent).toContain("Urgent");
    expect(within(table).getByText("extra")).toBeTruthy();
  });
});

describe("StatusText", () => {
  it("speaks to the merchant, and neutrally to an analyst", () => {
    const { rerender } = render(
      <I18nProvider locale="en">
        <StatusText status="awaiting_response" outcome={null} />
      </I18nProvider>,
    );
    expect(document.body.textContent).toBe("Awaiting your response");
    rerender(
      <I18nProvider locale="en">
        <StatusText status="awaiting_response" outcome={null} viewer="analyst" />
      </I18nProvider>,
    );
    expect(document.body.textContent).toBe("Awaiting the merchant's response");
    rerender(
      <I18nProvider locale="de">
        <StatusText status="awaiting_response" outcome={null} viewer="analyst" />
      </I18nProvider>,
    );
    expect(document.body.textContent).toBe("Antwort des Händlers ausstehend");
  });
});

describe("FieldProblems", () => {
  it("renders the problems under the id a field's aria-describedby names", () => {
    render(
      <I18nProvider locale="en">
        <label htmlFor="credit">Credit</label>
        <input id="credit" aria-describedby={describedBy("credit-hint", "credit-error")} />
        <p id="credit-hint">hint</p>
        <FieldProblems id="credit-error" problems={[{ key: "response.error.credit_invalid" }]} />
      </I18nProvider>,
    );
    const input = screen.getByLabelText("Credit");
    const texts = (input.getAttribute("aria-describedby") ?? "").split(" ").map((id) => document.getElementById(id)?.textContent);
    expect(texts[0]).toBe("hint");
    expect(texts[1]).toMatch(/\S/);
    expect(describedBy(false, undefined)).toBeUndefined();
  });
});

describe("CaseTable on a phone", () => {
  it("labels every cell with its column for the card layout, and keeps the table's roles", () => {
    render(
      <MemoryRouter>
        <I18nProvider locale="en">
          <CaseTable
            rows={[row]}
            caption="review.caption"
            linkBase="/review"
            after={[{ header: "review.col.respondedAt", cell: (r) => r.note }]}
          />
        </I18nProvider>
      </MemoryRouter>,
    );
    const table = screen.getByRole("table", { name: "Cases under review, oldest response first" });
    expect(table.className).toContain("case-table");
    const cells = within(table).getAllByRole("cell");
    expect(cells.map((c) => c.getAttribute("data-label"))).toEqual(["Type", "Account", "Amount", "Reason", "Response received"]);
    expect(within(table).getByRole("rowheader").textContent).toContain("INQ-2026-000001");
  });
});
