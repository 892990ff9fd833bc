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
  documentRequirementsOf,
  type CaseDetail,
  type StoredAttachment,
} from "~/models/case.server";
import { NO_DRAFT, draftIsStale } from "~/domain/drafts";
import { deleteDraft, draftOf, lockedDraftVersion } from "~/models/draft.server";
import { lockTransactionRow, recordLedgerEntry } from "~/models/ledger.server";
import { lockStoredFiles } from "~/models/locks.server";
import { disputeHandlingForAnswer } from "~/models/profile.server";
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
  /**
   * The draft the form was rendered with (SPEC 3.7): its version (0: none) and the files ticked
   * for removal. Its files are part of the submission; a draft changed meanwhile is a conflict.
   */
  draft?: { version: number; removeFileIds: number[] };
  /** Submitted by the deadline job on behalf of the draft's last saver (the timeline says so). */
  onBehalf?: "deadline_job";
}

/** Reads the submission (the upload) once it is settled that the actor may answer the case. */
export type SubmissionReader = (limits: AttachmentLimits) => Promise<ResponseSubmission | Refused>;

export type ResponseOutcome = { ok: true; status: CaseStatus; outcome: CaseOutcome | null } | Refused;

/** Someone saved or discarded the draft since the form was rendered: nothing is written. */
export const draftChanged = (): Refused => refused(409, [{ field: "form", key: "draft.error.changed" }]);

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
  const prepared = await prepareAnswer(db, actor, caseNumber, input);
  if (isRefused(prepared)) return prepared;
  return withUploadsDiscarded(prepared.submission, () => respond(db, actor, prepared.found, prepared.submission, now));
}

/** The case as its answerer may see it and the submission, read once that is settled (responses and drafts). */
export async function prepareAnswer<S extends { attachments: StagedUpload[] }>(
  db: DB,
  actor: Actor,
  caseNumber: string,
  input: S | ((limits: AttachmentLimits) => Promise<S | Refused>),
): Promise<{ found: CaseDetail; submission: S } | Refused> {
  const found = await loadVisible(db, actor, caseNumber);
  if (isRefused(found)) return found;
  const notAllowed = answerRefused(actor, found);
  if (notAllowed) return notAllowed;
  const submission = typeof input === "function" ? await input(await getAttachmentLimits(db)) : input;
  if (isRefused(submission)) return submission;
  return { found, submission };
}

/** Promoted files are no longer at their temporary path; whatever is left there goes. */
export async function withUploadsDiscarded<T>(submission: { attachments: StagedUpload[] }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    discardUploads(submission.attachments);
  }
}

/**
 * The rule that holds when the answer is written: central or local handling (an org_admin may
 * switch it while the request runs) read again in the transaction the switch serialises with,
 * and the case still the version the form was rendered with.
 */
export async function answerStillAllowed(trx: DB, actor: Actor, found: CaseDetail): Promise<void> {
  const handling = await disputeHandlingForAnswer(trx, found.organisationId);
  const notAllowedNow = answerRefused(actor, { ...found, disputeHandling: handling ?? found.disputeHandling });
  if (notAllowedNow) throw new RefusedError(notAllowedNow);
  if ((await caseVersionOf(trx, found.id)) !== found.version) throw new RefusedError(conflict());
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
    await answerStillAllowed(trx, actor, found);
    // The draft is read here, never trusted from the form: its files join the submission and
    // every rule below runs on them as on new uploads.
    const draft = await lockedDraftVersion(trx, found.id);
    const fromDraft: StoredAttachment[] = [];
    if (input.draft && input.draft.version !== NO_DRAFT) {
      if (draftIsStale(draft?.version ?? null, input.draft.version)) throw new RefusedError(draftChanged());
      const removed = new Set(input.draft.removeFileIds);
      const files = (await draftOf(trx, found.id))?.files ?? [];
      for (const f of files.filter((f) => !removed.has(f.id))) {
        fromDraft.push({
          sha256: f.sha256,
          originalName: f.originalName,
          mediaType: f.mediaType,
          sizeBytes: f.sizeBytes,
          requiredDocument: f.requiredDocument,
        });
      }
    }
    const validation = validateResponse({
      caseType: found.type,
      disputed: { amountMinor: found.disputedAmountMinor, currency: found.currency },
      creditsAlreadyIssuedMinor: await creditsIssuedOnTransaction(trx, found.transactionId),
      chargebackExistsForTransaction: (await chargebackForTransaction(trx, found.transactionId)) !== null,
      requiredDocuments: found.type === "inquiry" ? await documentRequirementsOf(trx, found.id) : [],
      response: {
        comment: input.comment,
        attachments: [...fromDraft, ...input.attachments].map((a) => ({ requiredDocument: a.requiredDocument })),
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

    // Until commit, the clean-up job (in this or another process) leaves these files alone.
    await lockStoredFiles(
      trx,
      [...fromDraft, ...input.attachments].map((a) => a.sha256),
    );
    const stored = [...fromDraft, ...(await promoteUploads(input.attachments))];
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
        onBehalf: input.onBehalf,
      },
    });
    // Answered: the case's draft (if any) has served, or was overtaken by this response.
    if (draft) await deleteDraft(trx, draft.id);
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
