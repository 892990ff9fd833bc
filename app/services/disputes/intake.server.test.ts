import { describe, expect, it } from "vitest";
import { race } from "../../../tests/setup/concurrent";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { toCsv } from "~/domain/csv";
import { importCases, INTAKE_COLUMNS, INTAKE_EXAMPLE, readIntakeCsv, type IntakeReport, type IntakeRow } from "./intake.server";

// Case intake (SPEC 4, issue 13 item 5): each row checked on its own by the hand-opened case's
// rules, a network case id imported once, whatever the file, however often and however many at once.

const NOW = new Date("2026-12-04T10:00:00Z");
const ctx = useDisputesDatabase(NOW, ["analyst", "alpen-hq"]);

const row = (overrides: IntakeRow): IntakeRow => ({ ...INTAKE_EXAMPLE, ...overrides });
const csvOf = (rows: IntakeRow[]) => toCsv([[...INTAKE_COLUMNS], ...rows.map((r) => INTAKE_COLUMNS.map((c) => r[c] ?? ""))]);
const merchants = ["4711000101", "4711000102", "4711000103"];

async function importCsv(csv: string, username = "analyst"): Promise<IntakeReport> {
  const read = readIntakeCsv(csv);
  if (!read.ok) throw new Error(`not read: ${JSON.stringify(read.problems)}`);
  const result = await importCases(ctx.db, ctx.actors[username]!, read.rows, NOW);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  return result.report;
}

describe("case intake", () => {
  it("imports 1 000 cases with a line per row, and the same file again creates nothing", { timeout: 240_000 }, async () => {
    const rows = Array.from({ length: 1000 }, (_, i) =>
      row({
        network_case_id: `BULK-${String(i).padStart(4, "0")}`,
        type: i % 5 === 0 ? "chargeback" : "inquiry",
        merchant_number: merchants[i % merchants.length]!,
        transaction_amount: "120.00",
        amount: `${(i % 90) + 10}.50`,
        card_last4: String(1000 + (i % 9000)),
      }),
    );
    const csv = csvOf(rows);
    const first = await importCsv(csv);
    expect(first).toMatchObject({ created: 1000, duplicates: 0, refused: 0 });
    expect(first.rows.map((r) => r.row)).toEqual(rows.map((_, i) => i + 1));
    const imported = await ctx.db
      .selectFrom("cases")
      .select(["network_case_id", "case_number", "type", "disputed_amount_minor"])
      .where("network_case_id", "like", "BULK-%")
      .orderBy("network_case_id")
      .execute();
    expect(imported).toHaveLength(1000);
    expect(imported[5]).toMatchObject({ network_case_id: "BULK-0005", type: "chargeback", disputed_amount_minor: 1550 });
    // Every row's report names the case that was made for it.
    const byId = new Map(imported.map((c) => [c.network_case_id, c.case_number]));
    expect(first.rows.every((r) => r.outcome === "created" && r.caseNumber === byId.get(r.networkCaseId))).toBe(true);
    // New cases notify like hand-opened ones: the München location hears of its own.
    const notices = await ctx.db
      .selectFrom("notifications")
      .innerJoin("cases", "cases.id", "notifications.case_id")
      .select("notifications.id")
      .where("cases.network_case_id", "=", "BULK-0001")
      .execute();
    expect(notices.length).toBeGreaterThan(0);

    const again = await importCsv(csv);
    expect(again).toMatchObject({ created: 0, duplicates: 1000, refused: 0 });
    expect(again.rows.every((r) => r.outcome === "duplicate" && r.caseNumber === byId.get(r.networkCaseId))).toBe(true);
    expect(await ctx.db.selectFrom("cases").select("id").where("network_case_id", "like", "BULK-%").execute()).toHaveLength(1000);
  });

  it("refuses a bad row with its reason and goes on with the others", async () => {
    const existing = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "chargeback", { at: NOW, documents: [] });
    const reference = await ctx.db
      .selectFrom("transactions")
      .innerJoin("cases", "cases.transaction_id", "transactions.id")
      .select("transactions.network_reference")
      .where("cases.id", "=", existing.id)
      .executeTakeFirstOrThrow();
    const report = await importCsv(
      csvOf([
        row({ network_case_id: "MIX-1" }),
        row({ network_case_id: "MIX-2", merchant_number: "0000000000" }),
        row({ network_case_id: "MIX-3", type: "refund" }),
        row({ network_case_id: "" }),
        row({ network_case_id: "MIX-5", amount: "500.00" }),
        row({ network_case_id: "MIX-6", type: "chargeback", network_reference: reference.network_reference }),
        row({ network_case_id: "MIX-7", transaction_date: "2026-02-31" }),
        row({ network_case_id: "MIX-1" }),
        row({ network_case_id: "MIX-9", required_documents: "signed_receipt tarot_reading" }),
        row({ network_case_id: "MIX-10", type: "Chargeback" }),
      ]),
    );
    expect(report.rows.map((r) => (r.outcome === "refused" ? `${r.row}:${r.field}:${r.reason}` : `${r.row}:${r.outcome}`))).toEqual([
      "1:created",
      "2:merchant_number:intake.error.merchant",
      "3:type:disputes.error.required",
      "4:network_case_id:intake.error.networkCaseId",
      "5:amount:disputes.error.amountAboveTransaction",
      "6:network_reference:disputes.error.chargebackExists",
      "7:transaction_date:disputes.error.date",
      "8:duplicate",
      "9:required_documents:disputes.error.documentUnknown",
      "10:created",
    ]);
    expect(report).toMatchObject({ created: 2, duplicates: 1, refused: 7 });
  });

  it("reads a file as CSV or refuses it as a whole, and only the disputes team imports", async () => {
    expect(readIntakeCsv('network_case_id,type\n"open,inquiry\n')).toMatchObject({ ok: false, problems: [{ key: "intake.error.notCsv" }] });
    expect(readIntakeCsv("case,type\nA,inquiry\n")).toMatchObject({ ok: false, problems: [{ key: "intake.error.columns" }] });
    expect(readIntakeCsv("network_case_id,type\n")).toMatchObject({ ok: false, problems: [{ key: "intake.error.empty" }] });
    const tooMany = `network_case_id\n${Array.from({ length: 1001 }, (_, i) => `X-${i}`).join("\n")}\n`;
    expect(readIntakeCsv(tooMany)).toMatchObject({ ok: false, problems: [{ key: "intake.error.tooManyRows" }] });
    // Semicolons (a spreadsheet's CSV in German) and a byte-order mark read the same.
    const semicolons = readIntakeCsv(`\uFEFF${INTAKE_COLUMNS.join(";")}\n${INTAKE_COLUMNS.map((c) => INTAKE_EXAMPLE[c]).join(";")}\n`);
    expect(semicolons).toMatchObject({ ok: true, rows: [{ network_case_id: INTAKE_EXAMPLE.network_case_id, reason_code: "13.1" }] });
    const read = readIntakeCsv(csvOf([row({ network_case_id: "HQ-1" })]));
    if (!read.ok) throw new Error("not read");
    expect(await importCases(ctx.db, ctx.actors["alpen-hq"]!, read.rows, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await ctx.db.selectFrom("cases").select("id").where("network_case_id", "=", "HQ-1").execute()).toEqual([]);
  });

  it("two imports of one file at once, from two processes, make each case once", { timeout: 120_000 }, async () => {
    const csv = csvOf(Array.from({ length: 12 }, (_, i) => row({ network_case_id: `RACE-${i}`, merchant_number: merchants[i % 3]! })));
    const answers = await race(ctx.location, [
      { kind: "importCases", username: "analyst", csv, now: NOW.toISOString() },
      { kind: "importCases", username: "analyst", csv, now: NOW.toISOString() },
    ]);
    const reports = answers.map((a) => {
      if (!a.ok) throw new Error(a.error);
      return (a.value as { report: IntakeReport }).report;
    });
    expect(reports[0]!.created + reports[1]!.created).toBe(12);
    expect(reports[0]!.duplicates + reports[1]!.duplicates).toBe(12);
    expect(reports.every((r) => r.refused === 0)).toBe(true);
    const cases = await ctx.db.selectFrom("cases").select("network_case_id").where("network_case_id", "like", "RACE-%").execute();
    expect(cases).toHaveLength(12);
  });
});
