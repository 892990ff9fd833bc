import type { DB } from "../../../db/connection";
import { parseMajorToMinor } from "~/domain/money";
import { answerRefusal, type Actor } from "~/domain/permissions";
import { validateResponse, type ResponseError } from "~/domain/response-rules";
import type { MessageKey } from "~/i18n";
import {
  chargebackForTransaction,
  creditsIssuedOnTransaction,
  insertResponse,
  loadCaseById,
  requiredDocumentsOf,
} from "~/models/case.server";
import { recordLedgerEntry } from "~/models/ledger.server";
import { notifyCase } from "../notify.server";
import { promoteUploads, type StagedUpload } from "./attachment-store.server";
import {
  applyTransition,
  conflict,
  inTransaction,
  isRefused,
  loadVisible,
  refused,
  RefusedError,
  type Problem,
  type Refused,
} from "./common.server";

export interface ResponseSubmission {
  comment: string;
  /** The credit as typed, in major units ("12.50"); empty for none. */
  creditText: string;
  accept: boolean;
  /** The case version the form was rendered with (optimistic locking). */
  version: number;
  attachments: StagedUpload[];
}

export type ResponseOutcome = { ok: true; status: string; outcome: string | null } | Refused;

function problemOf(error: ResponseError): Problem {
  return { field: error.field, key: `response.error.${error.code}` as MessageKey, params: error.params };
}

/**
 * A merchant answers a case (SPEC 3.1, 3.2): respond with comment, tagged attachments and an
 * optional credit, or accept a chargeback. The server re-checks everything the form checked.
 */
export async function submitResponse(
  db: DB,
  actor: Actor,
  caseNumber: string,
  input: ResponseSubmission,
  now: Date,
): Promise<ResponseOutcome> {
  const found = await loadVisible(db, actor, caseNumber);
  if (isRefused(found)) return found;
  const refusal = answerRefusal(actor, { accountId: found.accountId, organisationId: found.organisationId }, found.disputeHandling);
  if (refusal === "not_visible") return refused(404, [{ field: "form", key: "disputes.error.notFound" }]);
  if (refusal === "local_handling") return refused(403, [{ field: "form", key: "disputes.localHandling" }]);
  if (refusal) return refused(403, [{ field: "form", key: "disputes.error.forbidden" }]);
  if (input.version !== found.version) return conflict();

  const creditText = input.creditText.trim();
  let creditMinor: number | null = null;
  if (creditText !== "") {
    creditMinor = parseMajorToMinor(creditText, found.currency);
    if (creditMinor === null) return refused(400, [{ field: "credit", key: "response.error.credit_invalid" }]);
  }
  const chargeback = await chargebackForTransaction(db, found.transactionId);
  const validation = validateResponse({
    caseType: found.type,
    disputed: { amountMinor: found.disputedAmountMinor, currency: found.currency },
    creditsAlreadyIssuedMinor: await creditsIssuedOnTransaction(db, found.transactionId),
    chargebackExistsForTransaction: chargeback !== null,
    requiredDocuments: found.type === "inquiry" ? await requiredDocumentsOf(db, found.id) : [],
    response: {
      comment: input.comment,
      attachments: input.attachments.map((a) => ({ requiredDocument: a.requiredDocument })),
      creditMinor,
      accept: input.accept,
    },
  });
  if (!validation.ok) return refused(400, validation.errors.map(problemOf));

  const stored = await promoteUploads(input.attachments);
  return inTransaction(db, async (trx) => {
    // Re-read inside the transaction: the version check below is against this row.
    const current = await loadCaseById(trx, found.id);
    if (!current) throw new RefusedError(refused(404, [{ field: "form", key: "disputes.error.notFound" }]));
    const responseId = await insertResponse(
      trx,
      {
        caseId: current.id,
        userId: actor.userId,
        comment: input.comment.trim(),
        creditMinor: validation.creditMinor,
        accepted: validation.accept,
        versionAtSubmission: input.version,
        attachments: stored,
      },
      now,
    );
    const event = validation.accept ? ({ type: "accept" } as const) : ({ type: "respond", fullCredit: validation.fullCredit } as const);
    const { result, eventId } = await applyTransition(trx, current, event, { kind: "merchant", userId: actor.userId }, now, {
      expectedVersion: input.version,
      change: { lastResponseAt: now },
      details: {
        responseId,
        comment: input.comment.trim() || undefined,
        creditMinor: validation.creditMinor ?? undefined,
        currency: current.currency,
        attachments: stored.length,
      },
    });
    if (validation.creditMinor !== null) {
      await recordLedgerEntry(
        trx,
        {
          accountId: current.accountId,
          kind: "credit",
          amountMinor: validation.creditMinor,
          currency: current.currency,
          occurredAt: now,
          description: `Credit to cardholder, ${current.caseNumber}`,
          reference: current.caseNumber,
          transactionId: current.transactionId,
          caseId: current.id,
        },
        now,
      );
    }
    await notifyCase(trx, { kind: "case_update", caseId: current.id, caseEventId: eventId }, { actorUserId: actor.userId, now });
    return { ok: true as const, status: result.status, outcome: result.outcome };
  });
}
