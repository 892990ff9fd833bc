import type { DB } from "../../../db/connection";
import { parseMajorAmount, type MajorAmount } from "~/domain/money";
import { canWorkDisputes, type Actor } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";
import type { z } from "zod";
import type { openCaseSchema } from "~/forms/disputes";
import type { ReasonCode } from "~/domain/reason-codes";
import { findVisibleAccount, listVisibleAccounts } from "~/models/account.server";
import { listReasonCodes } from "~/models/reason-codes.server";
import { forbidden, refused, type ServiceResult } from "../result";
import { openCaseByHand } from "./open-case.server";

// The disputes team's /review/new form: the accounts to choose from, and the typed form turned
// into a case (amounts read in the chosen account's currency). Only the disputes team may use it.

export type OpenCaseForm = z.output<typeof openCaseSchema>;

export async function loadOpenCaseForm(
  db: DB,
  actor: Actor,
): Promise<ServiceResult<{ accounts: { id: number; label: string }[]; reasonCodes: ReasonCode[] }>> {
  if (!canWorkDisputes(actor)) return forbidden();
  const accounts = await listVisibleAccounts(db, actor);
  return {
    ok: true,
    accounts: accounts.map((a) => ({ id: a.id, label: `${a.organisationName} · ${a.name} (${a.merchantNumber}, ${a.currency})` })),
    // The table is small: the form shows the proposal for the typed code without asking again.
    reasonCodes: await listReasonCodes(db),
  };
}

// An amount the user must retype: ambiguous grouping gets its own explanation (three-decimal currencies).
function amountError(parsed: MajorAmount): MessageKey | null {
  if (parsed.ok && parsed.minor > 0) return null;
  return !parsed.ok && parsed.reason === "ambiguous_grouping" ? "money.error.ambiguousGrouping" : "disputes.error.amount";
}

export async function submitOpenCaseForm(
  db: DB,
  actor: Actor,
  f: OpenCaseForm,
  requiredDocuments: string[],
  now: Date,
  options: { networkCaseId?: string } = {},
): Promise<ServiceResult<{ caseNumber: string }>> {
  if (!canWorkDisputes(actor)) return forbidden();
  const account = await findVisibleAccount(db, actor, Number(f.accountId));
  if (!account) return refused(400, [{ field: "accountId", key: "disputes.error.accountUnknown" }]);
  const amount = parseMajorAmount(f.amount, account.currency);
  const amountProblem = amountError(amount);
  if (amountProblem || !amount.ok) return refused(400, [{ field: "amount", key: amountProblem ?? "disputes.error.amount" }]);
  const amountMinor = amount.minor;
  let newTransaction = null;
  if (!f.networkReference) {
    const tx = parseMajorAmount(f.txAmount, account.currency);
    const txProblem = amountError(tx);
    const occurredAt = new Date(`${f.txDate}T12:00:00Z`);
    if (txProblem || !tx.ok) return refused(400, [{ field: "txAmount", key: txProblem ?? "disputes.error.amount" }]);
    const txAmount = tx.minor;
    if (Number.isNaN(occurredAt.getTime())) return refused(400, [{ field: "txDate", key: "disputes.error.date" }]);
    newTransaction = { occurredAt, amountMinor: txAmount, cardLast4: f.txCard, description: f.txDescription || "Card payment" };
  }
  return openCaseByHand(
    db,
    actor,
    {
      type: f.type,
      accountId: account.id,
      networkReference: f.networkReference || null,
      newTransaction,
      amountMinor,
      reasonCode: f.reasonCode,
      reasonText: f.reasonText,
      requiredDocuments,
      ...options,
    },
    now,
  );
}
