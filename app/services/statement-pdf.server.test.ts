import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { pdfSafe, renderStatementPdf } from "./statement-pdf.server";
import type { StatementDocument } from "./statements.server";

function longStatement(lineCount: number): StatementDocument {
  const lines = Array.from({ length: lineCount }, (_, i) => ({
    position: i,
    kind: "charge" as const,
    code: null,
    description: `Übernachtung Zimmer ${i + 1}`,
    reference: `7947110001010000${String(i).padStart(7, "0")}`,
    occurredAt: new Date(Date.UTC(2026, 9, 1 + (i % 30), 10)).toISOString(),
    amountMinor: 10_000 + i,
    currency: "EUR",
  }));
  const charges = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  return {
    statement: {
      id: 1,
      accountId: 1,
      month: "2026-10",
      opensAt: "2026-09-30T22:00:00.000Z",
      closesAt: "2026-10-31T23:00:00.000Z",
      currency: "EUR",
      totals: [{ currency: "EUR", charges, credits: 0, chargebacks: 0, reversals: 0, fees: 0, net: charges }],
      deliveredOnPaper: false,
      generatedAt: "2026-11-01T00:05:00.000Z",
    },
    lines,
    account: {
      id: 1,
      name: "Alpenblick Hotel München",
      merchantNumber: "4711000101",
      address: "Maximilianstraße 12, 80539 München",
      timeZone: "Europe/Berlin",
      currency: "EUR",
    },
    organisation: { legalName: "Alpenblick Hotels GmbH", address: "Maximilianstraße 12, 80539 München", vatId: "DE812345678" },
  };
}

describe("statement PDF", () => {
  it("a long statement continues over several numbered pages and keeps every line", async () => {
    const doc = longStatement(150);
    const pdf = await renderStatementPdf(doc, "en");
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const result = await parser.getText();
    await parser.destroy();
    expect(result.total).toBeGreaterThanOrEqual(3);
    const flat = result.text.replace(/\s+/g, " ");
    for (let page = 1; page <= result.total; page++) expect(flat).toContain(`Page ${page}`);
    for (const line of doc.lines) expect(flat).toContain(line.reference);
    // The column headings repeat at the top of each continued page.
    expect(flat.match(/Date Type Description Reference Amount/g)?.length).toBe(result.total);
  });

  it("shows each currency's totals with signed amounts and the formula they add up to", async () => {
    const doc = longStatement(0);
    doc.lines = [
      {
        position: 0,
        kind: "charge",
        code: null,
        description: "Room",
        reference: "R-1",
        occurredAt: "2026-10-02T10:00:00.000Z",
        amountMinor: 10000,
        currency: "EUR",
      },
      {
        position: 1,
        kind: "credit",
        code: null,
        description: "Refund",
        reference: "R-2",
        occurredAt: "2026-10-03T10:00:00.000Z",
        amountMinor: 2200,
        currency: "EUR",
      },
      {
        position: 2,
        kind: "charge",
        code: null,
        description: "Tour",
        reference: "R-3",
        occurredAt: "2026-10-04T10:00:00.000Z",
        amountMinor: 5000,
        currency: "USD",
      },
    ];
    doc.statement.totals = [
      { currency: "EUR", charges: 10000, credits: 2200, chargebacks: 0, reversals: 0, fees: 0, net: 7800 },
      { currency: "USD", charges: 5000, credits: 0, chargebacks: 0, reversals: 0, fees: 0, net: 5000 },
    ];
    const parser = new PDFParse({ data: new Uint8Array(await renderStatementPdf(doc, "en")) });
    const flat = (await parser.getText()).text.replace(/\s+/g, " ");
    await parser.destroy();
    expect(flat).toContain("Totals in EUR");
    expect(flat).toContain("Totals in USD");
    expect(flat).toContain("Credits to cardholders -€22.00");
    expect(flat).toContain("Charges +€100.00");
    expect(flat).toContain("Net amount +€78.00");
    expect(flat).toContain("Charges +US$50.00");
    expect(flat).toContain("Net amount = Charges + Credits to cardholders + Chargebacks debited + Chargeback reversals + Fees.");
    expect(flat).not.toMatch(/Net amount = [^.]*−/);
  });

  it("replaces characters the built-in font cannot show instead of printing wrong glyphs", () => {
    expect(pdfSafe("Größe € 1.234,56 – “quoted”")).toBe("Größe € 1.234,56 – “quoted”");
    expect(pdfSafe("Łódź 10\u202F€ −5")).toBe("?ód? 10\u00A0€ -5");
  });
});
