import type { DB } from "../../../db/connection";
import { isDecisionFor } from "~/domain/case-state";
import { canWorkDisputes, type Actor } from "~/domain/permissions";
import { remainingCreditableMinor } from "~/domain/response-rules";
import { chargebackForTransaction, creditsIssuedOnTransaction, linkChargebackToInquiry, loadCaseById } from "~/models/case.server";
import { recordLedgerEntry } from "~/models/ledger.server";
import { notifyCase } from "../notify.server";
import { applyTransition, inTransaction, isRefused, loadVisible, refused, RefusedError, type Refused } from "./common.server";
import { openCaseIn } from "./open-case.server";

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
    const current = await loadCaseById(trx, found.id);
    if (!current) throw new RefusedError(refused(404, [{ field: "form", key: "disputes.error.notFound" }]));
    const { result, eventId } = await applyTransition(trx, current, { type: "decide", decision }, { kind: "analyst", userId: actor.userId }, now, {
      expectedVersion: input.version,
      details: { decision, note },
    });
    let chargebackNumber: string | null = null;
    if (result.effects.some((e) => e.kind === "open_chargeback")) {
      const remaining = remainingCreditableMinor(current.disputedAmountMinor, await creditsIssuedOnTransaction(trx, current.transactionId));
      if (remaining <= 0) throw new RefusedError(refused(400, [{ field: "decision", key: "disputes.error.nothingToChargeBack" }]));
      if (await chargebackForTransaction(trx, current.transactionId)) {
        throw new RefusedError(refused(400, [{ field: "decision", key: "disputes.error.chargebackExists" }]));
      }
      const opened = await openCaseIn(
        trx,
        {
          type: "chargeback",
          accountId: current.accountId,
          timeZone: current.timeZone,
          transactionId: current.transactionId,
          amountMinor: remaining,
          currency: current.currency,
          reasonCode: current.reasonCode,
          reasonText: current.reasonText,
          requiredDocuments: [],
          relatedCaseId: current.id,
          openedByUserId: actor.userId,
          origin: "decision",
        },
        now,
      );
      await linkChargebackToInquiry(trx, current.id, opened.id);
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
