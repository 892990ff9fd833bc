import { describe, expect, it } from "vitest";
import { zonedTimestamp } from "./csv";
import {
  AUDIT_EXPORT_COLUMNS,
  auditExportRecord,
  CASE_EXPORT_COLUMNS,
  caseExportRecord,
  exportHeader,
  reviewExportRecord,
  type CaseExportRow,
} from "./list-export";

const row: CaseExportRow = {
  caseNumber: "CB-2026-000123",
  type: "chargeback",
  status: "awaiting_response",
  outcome: null,
  accountName: "Alpenblick Hotel München",
  cardLast4: "4242",
  reasonCode: "13.1",
  reasonText: "Services not provided",
  amountMinor: 123_456,
  currency: "EUR",
  respondBy: "2026-11-20T22:59:59.999Z",
  timeZone: "Europe/Berlin",
};

describe("case list CSV records", () => {
  it("writes one CRLF-ended record: codes, major units with a '.', respond-by in the account's zone with its offset", () => {
    expect(caseExportRecord(row)).toBe(
      "CB-2026-000123,chargeback,awaiting_response,,Alpenblick Hotel München,4242,13.1,Services not provided,1234.56,EUR,2026-11-20T23:59:59+01:00,Europe/Berlin\r\n",
    );
  });

  it("uses each currency's own decimals and signs, and the zone's offset of that day (summer time)", () => {
    const jpy = caseExportRecord({
      ...row,
      amountMinor: 5000,
      currency: "JPY",
      respondBy: "2026-07-01T14:59:59.999Z",
      timeZone: "Asia/Tokyo",
    });
    expect(jpy).toContain(",5000,JPY,2026-07-01T23:59:59+09:00,Asia/Tokyo");
    const kwd = caseExportRecord({ ...row, amountMinor: 1005, currency: "KWD" });
    expect(kwd).toContain(",1.005,KWD,");
    expect(zonedTimestamp("2026-07-01T21:59:59.999Z", "Europe/Berlin")).toBe("2026-07-01T23:59:59+02:00");
    expect(zonedTimestamp("2026-12-03T10:00:00.000Z", "UTC")).toBe("2026-12-03T10:00:00+00:00");
  });

  it("quotes fields with commas, quotes or line breaks, and guards text a spreadsheet would run", () => {
    const record = caseExportRecord({ ...row, accountName: 'Garmisch, "Zugspitze"', reasonText: "=cmd|' /C calc'!A0", cardLast4: "@SUM" });
    expect(record).toContain(',"Garmisch, ""Zugspitze""",');
    expect(record).toContain(",'@SUM,");
    expect(record).toContain(",'=cmd|' /C calc'!A0,");
    expect(caseExportRecord({ ...row, reasonText: "line one\nline two" })).toContain(',"line one\nline two",');
    // A negative amount stays a number (the amount column is numeric), a "-" in a text column is guarded.
    expect(caseExportRecord({ ...row, amountMinor: -250, reasonText: "-1" })).toContain(",'-1,-2.50,EUR,");
  });

  it("the header is the given labels in the columns' order, guarded like any text", () => {
    const labels = Object.fromEntries(CASE_EXPORT_COLUMNS.map((c) => [c, c === "amount" ? "=Betrag" : c])) as Record<
      (typeof CASE_EXPORT_COLUMNS)[number],
      string
    >;
    const header = exportHeader(CASE_EXPORT_COLUMNS, labels);
    expect(header.split(",")[0]).toBe("caseNumber");
    expect(header).toContain(",'=Betrag,");
    expect(header.endsWith("timeZone\r\n")).toBe(true);
  });
});

describe("review and audit CSV records", () => {
  it("review: urgency as 1/0, the organisation, the response time in the account's zone (empty when none)", () => {
    const base = {
      ...row,
      urgent: true,
      organisationName: "Noordzee Retail",
      lastResponseAt: "2026-11-02T09:30:00.000Z",
      timeZone: "Europe/Amsterdam",
    };
    expect(reviewExportRecord(base)).toBe(
      "CB-2026-000123,chargeback,1,Noordzee Retail,Alpenblick Hotel München,4242,13.1,Services not provided,1234.56,EUR,2026-11-02T10:30:00+01:00,Europe/Amsterdam\r\n",
    );
    expect(reviewExportRecord({ ...base, urgent: false, lastResponseAt: null })).toContain(",0,Noordzee Retail,");
    expect(reviewExportRecord({ ...base, lastResponseAt: null })).toContain(",EUR,,Europe/Amsterdam\r\n");
  });

  it("audit: UTC with +00:00, details JSON quoted", () => {
    expect(AUDIT_EXPORT_COLUMNS.length).toBe(6);
    expect(
      auditExportRecord({
        at: "2026-11-02T09:30:00.000Z",
        user: "",
        kind: "sign_in_failed",
        entityType: "user",
        entity: "alpen-muc",
        details: '{"reason":"password"}',
      }),
    ).toBe('2026-11-02T09:30:00+00:00,,sign_in_failed,user,alpen-muc,"{""reason"":""password""}"\r\n');
  });
});
