import { parse } from "csv-parse/sync";
import type { DB } from "../../../db/connection";
import { INTAKE_COLUMNS, MAX_INTAKE_ROWS } from "~/domain/network-intake";
import { canWorkDisputes, type Actor } from "~/domain/permissions";
import { openCaseSchema } from "~/forms/disputes";
import { parseForm } from "~/forms/validation";
import type { MessageKey, Params } from "~/i18n";
import { caseByNetworkId } from "~/models/case.server";
import { forbidden, refused, type ServiceResult } from "../result";
import { submitOpenCaseForm } from "./open-case-form.server";

// Case intake (SPEC 4): the network delivers cases in batches, as CSV at /review/import. Every row
// is checked on its own by the rules of the hand-opened case (the same schema and service); a row
// whose network case id is already known is a duplicate, so importing a file twice creates nothing.

export { INTAKE_COLUMNS, MAX_INTAKE_ROWS };
export type IntakeRow = Partial<Record<(typeof INTAKE_COLUMNS)[number], string>>;

const NETWORK_CASE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** One example row for the downloadable template. */
export const INTAKE_EXAMPLE: Required<IntakeRow> = {
  network_case_id: "VISA-2026-0000001",
  type: "inquiry",
  merchant_number: "4711000101",
  network_reference: "",
  transaction_date: "2026-11-28",
  transaction_amount: "89.90",
  card_last4: "4242",
  description: "Online order 1234",
  amount: "89.90",
  reason_code: "13.1",
  reason_text: "Services not provided",
  required_documents: "signed_receipt itemised_invoice",
};

export type IntakeOutcome =
  | { row: number; networkCaseId: string; outcome: "created"; caseNumber: string }
  | { row: number; networkCaseId: string; outcome: "duplicate"; caseNumber: string }
  | { row: number; networkCaseId: string; outcome: "refused"; field: string; reason: MessageKey; params?: Params };

export type IntakeReport = { rows: IntakeOutcome[]; created: number; duplicates: number; refused: number };

/** The rows of an uploaded CSV file (header line first, UTF-8, comma or semicolon); a file that is not CSV is refused as a whole. */
export function readIntakeCsv(text: string): ServiceResult<{ rows: IntakeRow[] }> {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = firstLine.split(";").length > firstLine.split(",").length ? ";" : ",";
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch {
    return refused(400, [{ field: "file", key: "intake.error.notCsv" }]);
  }
  if (records.length === 0) return refused(400, [{ field: "file", key: "intake.error.empty" }]);
  if (!Object.hasOwn(records[0]!, "network_case_id")) return refused(400, [{ field: "file", key: "intake.error.columns" }]);
  if (records.length > MAX_INTAKE_ROWS)
    return refused(400, [{ field: "file", key: "intake.error.tooManyRows", params: { max: MAX_INTAKE_ROWS } }]);
  return { ok: true, rows: records };
}

/** Imports the rows one by one, in order, each in its own transaction; the report has one line per row. */
export async function importCases(
  db: DB,
  actor: Actor,
  rows: readonly IntakeRow[],
  now: Date,
): Promise<ServiceResult<{ report: IntakeReport }>> {
  if (!canWorkDisputes(actor)) return forbidden();
  if (rows.length > MAX_INTAKE_ROWS)
    return refused(400, [{ field: "file", key: "intake.error.tooManyRows", params: { max: MAX_INTAKE_ROWS } }]);
  const accounts = new Map(
    (await db.selectFrom("accounts").select(["id", "merchant_number"]).execute()).map((a) => [a.merchant_number, a.id] as const),
  );
  const report: IntakeReport = { rows: [], created: 0, duplicates: 0, refused: 0 };
  for (const [index, row] of rows.entries()) {
    const outcome = await importRow(db, actor, row, index + 1, accounts, now);
    report.rows.push(outcome);
    if (outcome.outcome === "created") report.created++;
    else if (outcome.outcome === "duplicate") report.duplicates++;
    else report.refused++;
  }
  return { ok: true, report };
}

async function importRow(
  db: DB,
  actor: Actor,
  row: IntakeRow,
  number: number,
  accounts: ReadonlyMap<string, number>,
  now: Date,
): Promise<IntakeOutcome> {
  const networkCaseId = (row.network_case_id ?? "").trim();
  const refuse = (field: string, reason: MessageKey, params?: Params): IntakeOutcome => ({
    row: number,
    networkCaseId,
    outcome: "refused",
    field,
    reason,
    ...(params ? { params } : {}),
  });
  if (!NETWORK_CASE_ID.test(networkCaseId)) return refuse("network_case_id", "intake.error.networkCaseId");
  const known = await caseByNetworkId(db, networkCaseId);
  if (known) return { row: number, networkCaseId, outcome: "duplicate", caseNumber: known.caseNumber };
  const accountId = accounts.get((row.merchant_number ?? "").trim());
  if (accountId === undefined) return refuse("merchant_number", "intake.error.merchant");

  // The same form a hand-opened case goes through, field by field.
  const form = new FormData();
  const fields: Record<string, string | undefined> = {
    type: row.type?.toLowerCase(),
    accountId: String(accountId),
    networkReference: row.network_reference,
    txDate: row.transaction_date,
    txAmount: row.transaction_amount,
    txCard: row.card_last4,
    txDescription: row.description,
    amount: row.amount,
    reasonCode: row.reason_code,
    reasonText: row.reason_text,
  };
  for (const [name, value] of Object.entries(fields)) form.set(name, value ?? "");
  const parsed = parseForm(form, openCaseSchema);
  if (!parsed.ok) {
    const [field, key] = Object.entries(parsed.errors)[0]!;
    return refuse(COLUMN_OF[field] ?? field, key);
  }
  const documents = (row.required_documents ?? "").split(/[\s;|,]+/).filter(Boolean);
  const result = await submitOpenCaseForm(db, actor, parsed.data, documents, now, { networkCaseId });
  if (result.ok) return { row: number, networkCaseId, outcome: "created", caseNumber: result.caseNumber };
  const problem = result.problems[0]!;
  // Delivered by another batch meanwhile.
  if (problem.key === "intake.duplicate")
    return { row: number, networkCaseId, outcome: "duplicate", caseNumber: String(problem.params?.caseNumber ?? "") };
  return refuse(COLUMN_OF[problem.field] ?? problem.field, problem.key, problem.params);
}

/** The form's field names in the file's words. */
const COLUMN_OF: Record<string, string> = {
  type: "type",
  accountId: "merchant_number",
  networkReference: "network_reference",
  txDate: "transaction_date",
  txAmount: "transaction_amount",
  txCard: "card_last4",
  txDescription: "description",
  amount: "amount",
  reasonCode: "reason_code",
  reasonText: "reason_text",
  requiredDocuments: "required_documents",
  transaction: "network_reference",
};
