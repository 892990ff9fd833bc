import type { DB } from "../../../db/connection";
import { isDecisionFor } from "~/domain/case-state";
import { canWorkDisputes, type Actor } from "~/domain/permissions";
import { loadCaseById } from "~/models/case.server";
import { lockTransactionRow, recordLedgerEntry } from "~/models/ledger.server";
import { notifyCase } from "../notify.server";
import { applyTransition, inTransaction, isRefused, loadVisible, refused, RefusedError, type Refused } from "./common.server";
import { openChargebackForInquiry } from "./open-case.server";

export const DECISION_NOTE_MAX = 5000;

/**
 * The disputes team decides (SPEC 4): an inquiry is resolved or charged back (a chargeback for the
 * amount still disputed after credits, linked to the inquiry); a chargeback is won (the debit is
 * reversed) or lost. The note is required and shown to the merchant.
 */
export async function decideCase(
  db: DB,
  actor: Actor,
  caseNumber: string,
  input: { decision: string; note: string; version: number },
  now: Date,
): Promise<{ ok: true; chargebackNumber: string | null } | Refused> {
  if (!canWorkDisputes(actor)) return refused(403, [{ field: "form", key: "disputes.error.forbidden" }]);
  const found = await loadVisible(db, actor, caseNumber);
  if (isRefused(found)) return found;
  const note = input.note.trim();
  if (!note || note.length > DECISION_NOTE_MAX) return refused(400, [{ field: "note", key: "disputes.error.noteRequired" }]);
  if (!isDecisionFor(found.type, input.decision)) return refused(400, [{ field: "decision", key: "case.refusal.not_allowed_for_type" }]);
  const decision = input.decision;

  return inTransaction(db, async (trx) => {
    // First the lock a credit on this transaction takes too, then the case: both paths take
    // them in the same order, and the chargeback's amount is read under it.
    await lockTransactionRow(trx, found.transactionId);
    const current = await loadCaseById(trx, found.id);
    if (!current) throw new RefusedError(refused(404, [{ field: "form", key: "disputes.error.notFound" }]));
    const { result, eventId } = await applyTransition(
      trx,
      current,
      { type: "decide", decision },
      { kind: "analyst", userId: actor.userId },
      now,
      {
        expectedVersion: input.version,
        details: { decision, note },
      },
    );
    let chargebackNumber: string | null = null;
    if (result.effects.some((e) => e.kind === "open_chargeback")) {
      const opened = await openChargebackForInquiry(trx, current, { openedByUserId: actor.userId, origin: "decision" }, now);
      if (opened.kind === "nothing_left")
        throw new RefusedError(refused(400, [{ field: "decision", key: "disputes.error.nothingToChargeBack" }]));
      if (opened.kind === "exists") throw new RefusedError(refused(400, [{ field: "decision", key: "disputes.error.chargebackExists" }]));
      chargebackNumber = opened.caseNumber;
    }
    if (result.outcome === "won") {
      // The merchant won: the debited amount comes back.
      await recordLedgerEntry(
        trx,
        {
          accountId: current.accountId,
          kind: "chargeback_reversal",
          amountMinor: current.disputedAmountMinor,
          currency: current.currency,
          occurredAt: now,
          description: `Chargeback reversed, ${current.caseNumber}`,
          reference: current.caseNumber,
          transactionId: current.transactionId,
          caseId: current.id,
        },
        now,
      );
    }
    await notifyCase(trx, { kind: "case_update", caseId: current.id, caseEventId: eventId }, { actorUserId: actor.userId, now });
    return { ok: true as const, chargebackNumber };
  });
}
