// The statement as a PDF, drawn with pdfkit from the same view and formatting as the page, so
// the downloaded document shows the same totals as the screen.
import PDFDocument from "pdfkit";
import { formatDay, formatMonth, formatSignedAmount, lastDayOf, lineDescription, netFormula, totalRows } from "~/domain/statement-format";
import { lineSign } from "~/domain/statements";
import { translator, type Locale, type MessageKey } from "~/i18n";
import { statementFileName, type StatementDocument } from "./statements.server";

// The built-in Helvetica covers Windows-1252 (Western European text, € included); anything
// else would print as the wrong glyph, so it is replaced visibly instead.
const CP1252_EXTRAS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
export function pdfSafe(text: string): string {
  return text
    .replace(/[\u202F\u2007]/g, "\u00A0")
    .replace(/\u2212/g, "-")
    .replace(/[^\n\x20-\x7E\u00A0-\u00FF]/g, (ch) => (CP1252_EXTRAS.includes(ch) ? ch : "?"));
}

const MARGIN = 50;
const COLUMNS = [
  { key: "date", width: 52, align: "left" },
  { key: "kind", width: 78, align: "left" },
  { key: "description", width: 160, align: "left" },
  // Wide enough for a 23-digit network reference on one line.
  { key: "reference", width: 125, align: "left" },
  { key: "amount", width: 80, align: "right" },
] as const;

export function renderStatementPdf(doc: StatementDocument, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const { statement, lines, account, organisation } = doc;
  const tz = account.timeZone;
  const title = t("statement.title", { month: formatMonth(statement.month, locale) });

  const pdf = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: pdfSafe(`${title} · ${account.name}`),
      Author: pdfSafe(t("app.name")),
      CreationDate: new Date(statement.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  const width = pdf.page.width - 2 * MARGIN;
  const text = (value: string) => pdfSafe(value);

  // Heading: who the statement is for, and for which month.
  pdf.font("Helvetica-Bold").fontSize(16).text(text(title));
  pdf.moveDown(0.5);
  pdf.font("Helvetica").fontSize(10);
  pdf.text(text(organisation.legalName));
  pdf.text(text(organisation.address));
  if (organisation.vatId) pdf.text(text(`${t("statement.vatId")} ${organisation.vatId}`));
  pdf.moveDown(0.5);
  const facts: [MessageKey, string][] = [
    ["statement.account", `${account.name} (${account.merchantNumber})`],
    ["account.address", account.address],
    [
      "statement.period",
      `${t("statement.periodRange", {
        from: formatDay(statement.opensAt, tz, locale),
        to: formatDay(lastDayOf(statement.closesAt), tz, locale),
      })} (${tz})`,
    ],
    ["statement.currency", statement.totals.map((totals) => totals.currency).join(", ")],
    ["statement.delivery", t(statement.deliveredOnPaper ? "statements.delivery.paper" : "statements.delivery.online")],
    ["statement.generatedAt", formatDay(statement.generatedAt, tz, locale)],
  ];
  for (const [label, value] of facts) {
    const y = pdf.y;
    pdf.font("Helvetica-Bold").text(text(t(label)), MARGIN, y, { width: 110 });
    const labelBottom = pdf.y;
    pdf.font("Helvetica").text(text(value), MARGIN + 115, y, { width: width - 115 });
    pdf.y = Math.max(pdf.y, labelBottom);
  }

  // Totals
  pdf.moveDown(1);
  pdf
    .font("Helvetica-Bold")
    .fontSize(12)
    .text(text(t("statement.totals")), MARGIN);
  pdf.moveDown(0.3);
  const several = statement.totals.length > 1;
  if (several)
    pdf
      .font("Helvetica")
      .fontSize(9)
      .text(text(t("statement.otherCurrencies")), MARGIN, pdf.y, { width });
  // One block of totals per currency (SPEC 6), the account's first.
  for (const currencyTotals of statement.totals) {
    if (several) {
      pdf.moveDown(0.4);
      pdf
        .font("Helvetica-Bold")
        .fontSize(10)
        .text(text(t("statement.totalsIn", { currency: currencyTotals.currency })), MARGIN);
    }
    pdf.fontSize(10);
    for (const row of totalRows(currencyTotals, currencyTotals.currency, locale, t)) {
      const y = pdf.y;
      const bold = row.key === "net";
      if (bold)
        pdf
          .moveTo(MARGIN, y - 2)
          .lineTo(MARGIN + 300, y - 2)
          .stroke();
      pdf.font(bold ? "Helvetica-Bold" : "Helvetica").text(text(row.label), MARGIN, y, { width: 200 });
      pdf.text(text(row.amount), MARGIN + 200, y, { width: 100, align: "right" });
    }
  }
  pdf
    .font("Helvetica")
    .fontSize(8)
    .text(text(netFormula(t)), MARGIN, pdf.y + 4, { width });

  // Lines
  pdf.moveDown(1);
  pdf
    .font("Helvetica-Bold")
    .fontSize(12)
    .text(text(t("statement.lines")), MARGIN);
  pdf.moveDown(0.3);
  const headers: Record<(typeof COLUMNS)[number]["key"], string> = {
    date: t("statement.col.date"),
    kind: t("statement.col.kind"),
    description: t("statement.col.description"),
    reference: t("statement.col.reference"),
    amount: t("statement.col.amount"),
  };
  const bottom = () => pdf.page.height - MARGIN - 20;
  const drawRow = (cells: Record<(typeof COLUMNS)[number]["key"], string>, bold: boolean) => {
    pdf.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8);
    const height = Math.max(...COLUMNS.map((c) => pdf.heightOfString(text(cells[c.key]), { width: c.width - 4 })));
    if (pdf.y + height > bottom()) {
      pdf.addPage();
      if (!bold) drawRow(headers, true);
      pdf.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8);
    }
    const y = pdf.y;
    let x = MARGIN;
    for (const c of COLUMNS) {
      pdf.text(text(cells[c.key]), x, y, { width: c.width - 4, align: c.align });
      x += c.width;
    }
    pdf.y = y + height + 3;
    if (bold)
      pdf
        .moveTo(MARGIN, pdf.y - 1.5)
        .lineTo(MARGIN + width, pdf.y - 1.5)
        .lineWidth(0.5)
        .stroke();
  };
  if (lines.length === 0) {
    pdf
      .font("Helvetica")
      .fontSize(10)
      .text(text(t("statement.noLines")), MARGIN);
  } else {
    drawRow(headers, true);
    for (const line of lines) {
      drawRow(
        {
          date: formatDay(line.occurredAt, tz, locale),
          kind: t(`statement.kind.${line.kind}` as MessageKey),
          description: lineDescription(line, t),
          reference: line.reference ?? "",
          amount: formatSignedAmount(lineSign(line.kind) * line.amountMinor, line.currency, locale),
        },
        false,
      );
    }
  }

  // Page numbers, written into the bottom margin of every page once all pages exist.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const margins = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font("Helvetica")
      .fontSize(8)
      .text(text(`${account.name} · ${title} · ${t("statement.page", { page: i + 1 })}`), MARGIN, pdf.page.height - MARGIN + 10, {
        width,
        align: "center",
        lineBreak: false,
      });
    pdf.page.margins.bottom = margins;
  }
  pdf.end();
  return finished;
}

/** The statement's PDF as a download (the page's link and the API answer the same). */
export async function statementPdfResponse(doc: StatementDocument, locale: Locale): Promise<Response> {
  const pdf = await renderStatementPdf(doc, locale);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": `attachment; filename="${statementFileName(doc, "pdf")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
