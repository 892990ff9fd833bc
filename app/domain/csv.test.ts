import { describe, it, expect } from "vitest";
import { itemAt } from "../../tests/setup/at";
import { guardFormula, statementCsv, toCsv } from "./csv";
import { buildStatement, statementPeriod, type StatementEntry } from "./statements";

// Test-only RFC 4180 reader: CRLF-terminated records, quoted fields with doubled quotes.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === "") {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          field += text[i++];
        }
      }
    } else if (text[i] === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (text.startsWith("\r\n", i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else if (text[i] === "\r" || text[i] === "\n" || text[i] === '"') {
      throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
    } else {
      field += text[i++];
    }
  }
  if (field !== "" || row.length > 0) throw new Error("last record not terminated by CRLF");
  return rows;
}

describe("toCsv", () => {
  it("joins fields with commas and ends every record, the last included, with CRLF", () => {
    expect(
      toCsv([
        ["a", "b"],
        ["1", "2"],
      ]),
    ).toBe("a,b\r\n1,2\r\n");
    expect(toCsv([])).toBe("");
  });

  it("quotes fields containing a comma, a quote, CR or LF and doubles inner quotes", () => {
    expect(toCsv([["a,b", 'say "hi"', "line1\nline2", "x\ry", "plain"]])).toBe('"a,b","say ""hi""","line1\nline2","x\ry",plain\r\n');
  });

  it('writes empty fields as nothing, and a lone empty field as "" so it is not a blank line', () => {
    expect(toCsv([["", "a", ""]])).toBe(",a,\r\n");
    expect(toCsv([[""]])).toBe('""\r\n');
    expect(parseCsv(toCsv([[""], ["x"]]))).toEqual([[""], ["x"]]);
  });

  it("round-trips awkward text through an RFC 4180 reader", () => {
    const rows = [
      ["Müller & Söhne, GmbH", '12" pizza', "multi\r\nline", "", "tab\tinside"],
      ['""', ",", "a\nb", "ok", "€"], // (a leading LF would be guarded, see below)
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  describe("formula injection", () => {
    it("prefixes text cells starting with = + - @ tab CR or LF with an apostrophe", () => {
      expect(guardFormula("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
      expect(guardFormula("+49 30 123")).toBe("'+49 30 123");
      expect(guardFormula("-12.50")).toBe("'-12.50");
      expect(guardFormula("@cmd")).toBe("'@cmd");
      expect(guardFormula("\t=1")).toBe("'\t=1");
      expect(guardFormula("\r=1")).toBe("'\r=1");
      expect(guardFormula("a=b")).toBe("a=b");
      expect(guardFormula("")).toBe("");
    });

    it("guards before quoting, so the apostrophe sits inside the quotes", () => {
      expect(toCsv([['=HYPERLINK("http://x","y")', "=1,2"]])).toBe(`"'=HYPERLINK(""http://x"",""y"")","'=1,2"\r\n`);
    });

    it("leaves plain decimal numbers alone only in the declared numeric columns", () => {
      const rows = [
        ["amount", "note"],
        ["-12.50", "-12.50"],
        ["300", "+1"],
        ["=1+2", "x"], // not a number: guarded even in the numeric column
        ["-1e5", "x"], // exponent form is not a plain decimal either
        ["+12.50", "x"], // nor is an explicit plus sign
      ];
      expect(toCsv(rows, { numericColumns: [0] })).toBe("amount,note\r\n-12.50,'-12.50\r\n300,'+1\r\n'=1+2,x\r\n'-1e5,x\r\n'+12.50,x\r\n");
      // without the option every cell is text
      expect(toCsv([["-12.50"]])).toBe("'-12.50\r\n");
    });
  });
});

describe("statementCsv", () => {
  const berlinOctober = statementPeriod(2026, 10, "Europe/Berlin"); // [2026-09-30T22:00Z, 2026-10-31T23:00Z)
  const eur = (
    kind: StatementEntry["kind"],
    amountMinor: number,
    occurredAt: string,
    description: string,
    reference?: string,
  ): StatementEntry => ({ kind, amountMinor, currency: "EUR", occurredAt: new Date(occurredAt), description, reference });

  const statement = buildStatement({
    account: { currency: "EUR", paperless: false },
    period: berlinOctober,
    entries: [
      // 1 Oct 00:30 CEST: the local date, not the UTC date (30 Sep), goes in the file
      eur("charge", 12345, "2026-09-30T22:30:00Z", "Hotel stay", "T-100"),
      eur("credit", 2000, "2026-10-05T10:00:00Z", "Refund, partial", "R-1"),
      eur("chargeback", 4550, "2026-10-12T10:00:00Z", '=HYPERLINK("http://evil.example","x")', "CB-2026-000456"),
      eur("chargeback_reversal", 4550, "2026-10-20T10:00:00Z", "Chargeback reversed", "CB-2026-000456"),
      eur("fee", 1500, "2026-10-31T22:30:00Z", "Chargeback fee"), // 31 Oct 23:30 CET
    ],
    paperStatementFeeMinor: 250,
  });

  it("writes the header, the lines in major units signed from the merchant's side, then totals", () => {
    // charges 123.45; credits 20.00; chargebacks 45.50; reversals 45.50; fees 15.00 + 2.50 = 17.50
    // net = 123.45 − 20.00 − 45.50 + 45.50 − 17.50 = 85.95
    expect(statementCsv(statement, { timeZone: "Europe/Berlin" })).toBe(
      [
        "date,kind,description,reference,amount,currency",
        "2026-10-01,charge,Hotel stay,T-100,123.45,EUR",
        '2026-10-05,credit,"Refund, partial",R-1,-20.00,EUR',
        `2026-10-12,chargeback,"'=HYPERLINK(""http://evil.example"",""x"")",CB-2026-000456,-45.50,EUR`,
        "2026-10-20,chargeback_reversal,Chargeback reversed,CB-2026-000456,45.50,EUR",
        "2026-10-31,fee,Chargeback fee,,-15.00,EUR",
        "2026-10-31,fee,Paper statement fee,paper_statement_fee,-2.50,EUR",
        ",total_charges,Total charges,,123.45,EUR",
        ",total_credits,Total credits,,-20.00,EUR",
        ",total_chargebacks,Total chargebacks,,-45.50,EUR",
        ",total_chargeback_reversals,Total chargeback reversals,,45.50,EUR",
        ",total_fees,Total fees,,-17.50,EUR",
        ",net,Net amount,,85.95,EUR",
        "",
      ].join("\r\n"),
    );
  });

  it("line amounts and the five total rows each sum to the net", () => {
    const rows = parseCsv(statementCsv(statement, { timeZone: "Europe/Berlin" })).slice(1);
    const cents = (s: string) => Math.round(Number(s) * 100);
    const sum = (rs: string[][]) => rs.reduce((acc, r) => acc + cents(itemAt(r, 4)), 0);
    const lines = rows.filter((r) => r[0] !== "");
    const totals = rows.filter((r) => itemAt(r, 1).startsWith("total_"));
    const net = rows.find((r) => r[1] === "net")!;
    expect(cents(itemAt(net, 4))).toBe(statement.totals.find((t) => t.currency === "EUR")?.net); // 8595
    expect(sum(lines)).toBe(8595);
    expect(sum(totals)).toBe(8595);
  });

  it("a second currency keeps its lines and gets six totals rows of its own; each currency sums to its net", () => {
    const mixed = buildStatement({
      account: { currency: "EUR", paperless: true },
      period: berlinOctober,
      entries: [
        eur("charge", 10000, "2026-10-02T10:00:00Z", "Room", "T-1"),
        {
          kind: "charge",
          amountMinor: 5000,
          currency: "USD",
          occurredAt: new Date("2026-10-03T10:00:00Z"),
          description: "Tour",
          reference: "T-2",
        },
        { kind: "credit", amountMinor: 1250, currency: "USD", occurredAt: new Date("2026-10-04T10:00:00Z"), description: "Refund" },
      ],
      paperStatementFeeMinor: 250,
    });
    const rows = parseCsv(statementCsv(mixed, { timeZone: "Europe/Berlin" })).slice(1);
    expect(rows.filter((r) => r[0] !== "").map((r) => [r[4], r[5]])).toEqual([
      ["100.00", "EUR"],
      ["50.00", "USD"],
      ["-12.50", "USD"],
    ]);
    const totals = rows.filter((r) => r[0] === "");
    expect(totals.map((r) => [r[1], r[4], r[5]])).toEqual([
      ["total_charges", "100.00", "EUR"],
      ["total_credits", "0.00", "EUR"],
      ["total_chargebacks", "0.00", "EUR"],
      ["total_chargeback_reversals", "0.00", "EUR"],
      ["total_fees", "0.00", "EUR"],
      ["net", "100.00", "EUR"],
      ["total_charges", "50.00", "USD"],
      ["total_credits", "-12.50", "USD"],
      ["total_chargebacks", "0.00", "USD"],
      ["total_chargeback_reversals", "0.00", "USD"],
      ["total_fees", "0.00", "USD"],
      ["net", "37.50", "USD"],
    ]);
    const cents = (s: string | undefined) => Math.round(Number(s) * 100);
    for (const currency of ["EUR", "USD"]) {
      const of = (r: string[]) => r[5] === currency;
      const lineSum = rows.filter((r) => r[0] !== "" && of(r)).reduce((acc, r) => acc + cents(r[4]), 0);
      const totalSum = totals.filter((r) => of(r) && r[1] !== "net").reduce((acc, r) => acc + cents(r[4]), 0);
      const net = cents(totals.find((r) => of(r) && r[1] === "net")![4]);
      expect([lineSum, totalSum], currency).toEqual([net, net]);
    }
  });

  it('zero-activity paperless statement: header and zero totals, never "-0.00"', () => {
    const empty = buildStatement({
      account: { currency: "USD", paperless: true },
      period: statementPeriod(2026, 10, "America/New_York"),
      entries: [],
      paperStatementFeeMinor: 300,
    });
    const rows = parseCsv(statementCsv(empty, { timeZone: "America/New_York" }));
    expect(rows).toHaveLength(7);
    expect(rows.slice(1).map((r) => r[4])).toEqual(["0.00", "0.00", "0.00", "0.00", "0.00", "0.00"]);
  });

  it("uses the account's zone for dates and the currency's own minor digits (JPY has none)", () => {
    const s = buildStatement({
      account: { currency: "JPY", paperless: true },
      period: statementPeriod(2026, 10, "America/New_York"),
      entries: [
        // 31 Oct 23:30 EDT; already 1 Nov in UTC
        { kind: "charge", amountMinor: 1200, currency: "JPY", occurredAt: new Date("2026-11-01T03:30:00Z"), description: "Ramen" },
        { kind: "credit", amountMinor: 200, currency: "JPY", occurredAt: new Date("2026-10-15T12:00:00Z"), description: "Refund" },
      ],
      paperStatementFeeMinor: 0,
    });
    const rows = parseCsv(statementCsv(s, { timeZone: "America/New_York" }));
    expect(rows[1]).toEqual(["2026-10-15", "credit", "Refund", "", "-200", "JPY"]);
    expect(rows[2]).toEqual(["2026-10-31", "charge", "Ramen", "", "1200", "JPY"]);
    expect(rows.at(-1)).toEqual(["", "net", "Net amount", "", "1000", "JPY"]);
  });

  it("takes translated labels for the totals rows", () => {
    const rows = parseCsv(
      statementCsv(statement, { timeZone: "Europe/Berlin", totalLabels: { net: "Nettobetrag", fees: "Gebühren gesamt" } }),
    );
    expect(rows.at(-1)?.slice(1, 3)).toEqual(["net", "Nettobetrag"]);
    expect(rows.at(-2)?.slice(1, 3)).toEqual(["total_fees", "Gebühren gesamt"]);
    expect(rows.at(-3)?.[2]).toBe("Total chargeback reversals");
  });
});
