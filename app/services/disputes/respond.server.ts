import type { DB } from "../../../db/connection";
import type { CaseOutcome, CaseStatus } from "~/domain/case-state";
import { parseMajorAmount } from "~/domain/money";
import { answerRefusal, type Actor } from "~/domain/permissions";
import { validateResponse, type ResponseError } from "~/domain/response-rules";
import type { AttachmentLimits } from "~/domain/settings";
import type { MessageKey } from "~/i18n";
import {
  caseVersionOf,
  chargebackForTransaction,
  creditsIssuedOnTransaction,
  insertResponse,
  requiredDocumentsOf,
  type CaseDetail,
} from "~/models/case.server";
import { lockTransactionRow, recordLedgerEntry } from "~/models/ledger.server";
import { getAttachmentLimits } from "~/models/settings.server";
import { notifyCase } from "../notify.server";
import { forbidden } from "../result";
import { discardUploads, promoteUploads, type StagedUpload } from "./attachment-store.server";
import {
  askTransition,
  changeOf,
  conflict,
  inTransaction,
  isRefused,
  loadVisible,
  refused,
  RefusedError,
  writeTransition,
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

/** Reads the submission (the upload) once it is settled that the actor may answer the case. */
export type SubmissionReader = (limits: AttachmentLimits) => Promise<ResponseSubmission | Refused>;

export type ResponseOutcome = { ok: true; status: CaseStatus; outcome: CaseOutcome | null } | Refused;

function problemOf(error: ResponseError): Problem {
  return { field: error.field, key: `response.error.${error.code}` as MessageKey, params: error.params };
}

/** May the actor answer this case? The one mapping of the permission's refusal to an answer. */
export function answerRefused(actor: Actor, found: CaseDetail): Refused | null {
  switch (answerRefusal(actor, { accountId: found.accountId, organisationId: found.organisationId }, found.disputeHandling)) {
    case null:
      return null;
    case "not_visible":
      return refused(404, [{ field: "form", key: "disputes.error.notFound" }]);
    case "local_handling":
      return forbidden("disputes.localHandling");
    case "not_a_merchant":
      return forbidden();
  }
}

/**
 * A merchant answers a case (SPEC 3.1, 3.2): respond with comment, tagged attachments and an
 * optional credit, or accept a chargeback. Who may answer is settled before the upload is read
 * (`input` may be a reader for it). Then, in one write transaction that holds the lock on the
 * card transaction, the rule's inputs are read, the domain asked on the case as loaded (state
 * machine, response rules), and only then files promoted and rows written. Files of a refused
 * submission never reach the store.
 */
export async function submitResponse(
  db: DB,
  actor: Actor,
  caseNumber: string,
  input: ResponseSubmission | SubmissionReader,
  now: Date,
): Promise<ResponseOutcome> {
  const found = await loadVisible(db, actor, caseNumber);
  if (isRefused(found)) return found;
  const notAllowed = answerRefused(actor, found);
  if (notAllowed) return notAllowed;
  const submission = typeof input === "function" ? await input(await getAttachmentLimits(db)) : input;
  if (isRefused(submission)) return submission;
  try {
    return await respond(db, actor, found, submission, now);
  } finally {
    // Promoted files are no longer at their temporary path; whatever is left there goes.
    discardUploads(submission.attachments);
  }
}

async function respond(db: DB, actor: Actor, found: CaseDetail, input: ResponseSubmission, now: Date): Promise<ResponseOutcome> {
  if (input.version !== found.version) return conflict();
  const creditText = input.creditText.trim();
  let creditMinor: number | null = null;
  if (creditText !== "") {
    const credit = parseMajorAmount(creditText, found.currency);
    if (!credit.ok) {
      // "1.234" KWD could be 1234 or 1.234: the merchant is asked to write it unambiguously.
      const key = credit.reason === "ambiguous_grouping" ? "money.error.ambiguousGrouping" : "response.error.credit_invalid";
      return refused(400, [{ field: "credit", key }]);
    }
    creditMinor = credit.minor;
  }

  return inTransaction(db, async (trx) => {
    // Credits so far and a chargeback present decide the credit; the lock keeps them true until
    // commit, against a second credit and against the opening of a chargeback (SPEC 3.1).
    await lockTransactionRow(trx, found.transactionId);
    // The snapshot the domain is asked about must still be the case (it was loaded before the upload).
    if ((await caseVersionOf(trx, found.id)) !== found.version) throw new RefusedError(conflict());
    const validation = validateResponse({
      caseType: found.type,
      disputed: { amountMinor: found.disputedAmountMinor, currency: found.currency },
      creditsAlreadyIssuedMinor: await creditsIssuedOnTransaction(trx, found.transactionId),
      chargebackExistsForTransaction: (await chargebackForTransaction(trx, found.transactionId)) !== null,
      requiredDocuments: found.type === "inquiry" ? await requiredDocumentsOf(trx, found.id) : [],
      response: {
        comment: input.comment,
        attachments: input.attachments.map((a) => ({ requiredDocument: a.requiredDocument })),
        creditMinor,
        accept: input.accept,
      },
    });
    // Whether the case can be answered at all comes first: a closed case is not "missing a document".
    const fullCredit = validation.ok && validation.fullCredit;
    const event = input.accept && found.type === "chargeback" ? ({ type: "accept" } as const) : ({ type: "respond", fullCredit } as const);
    const allowed = askTransition(found, event, { kind: "merchant" }, now);
    if (isRefused(allowed)) throw new RefusedError(allowed);
    if (!validation.ok) throw new RefusedError(refused(400, validation.errors.map(problemOf)));

    const stored = await promoteUploads(input.attachments);
    const comment = input.comment.trim();
    const responseId = await insertResponse(
      trx,
      {
        caseId: found.id,
        userId: actor.userId,
        comment,
        creditMinor: validation.creditMinor,
        accepted: validation.accept,
        versionAtSubmission: input.version,
        attachments: stored,
      },
      now,
    );
    const eventId = await writeTransition(trx, found, allowed, actor.userId, now, {
      expectedVersion: input.version,
      change: { lastResponseAt: now },
      details: {
        responseId,
        comment: comment || undefined,
        creditMinor: validation.creditMinor ?? undefined,
        currency: found.currency,
        attachments: stored.length,
      },
    });
    if (validation.creditMinor !== null) {
      await recordLedgerEntry(
        trx,
        {
          accountId: found.accountId,
          kind: "credit",
          amountMinor: validation.creditMinor,
          currency: found.currency,
          occurredAt: now,
          description: `Credit to cardholder, ${found.caseNumber}`,
          reference: found.caseNumber,
          transactionId: found.transactionId,
          caseId: found.id,
        },
        now,
      );
    }
    const after = changeOf(allowed);
    await notifyCase(
      trx,
      { kind: "case_update", caseId: found.id, caseEventId: eventId },
      {
        actorUserId: actor.userId,
        now,
        loaded: {
          case: {
            id: found.id,
            caseNumber: found.caseNumber,
            type: found.type,
            status: allowed.status,
            outcome: allowed.outcome,
            amountMinor: found.disputedAmountMinor,
            currency: found.currency,
            respondBy: after.respondBy?.toISOString() ?? found.respondBy,
            accountId: found.accountId,
            accountName: found.accountName,
            timeZone: found.timeZone,
            organisationId: found.organisationId,
          },
          event: {
            id: eventId,
            eventType: allowed.event.eventType,
            fromStatus: allowed.event.from,
            toStatus: allowed.event.to,
            outcome: allowed.event.outcome,
            note: comment || null,
          },
        },
      },
    );
    return { ok: true as const, status: allowed.status, outcome: allowed.outcome };
  });
}
