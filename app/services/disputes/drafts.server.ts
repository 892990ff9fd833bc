import type { DB } from "../../../db/connection";
import { draftFileCountProblem, draftIsStale } from "~/domain/drafts";
import type { AuditRecord } from "~/domain/audit";
import type { Actor } from "~/domain/permissions";
import type { AttachmentLimits } from "~/domain/settings";
import { recordAudit } from "~/models/audit.server";
import type { CaseDetail } from "~/models/case.server";
import { deleteDraft, draftOf, lockedDraftVersion, writeDraft } from "~/models/draft.server";
import { lockStoredFiles } from "~/models/locks.server";
import { getAttachmentLimits } from "~/models/settings.server";
import { promoteUploads, type StagedUpload } from "./attachment-store.server";
import { askTransition, inTransaction, isRefused, refused, RefusedError, type Refused } from "./common.server";
import {
  answerStillAllowed,
  draftChanged,
  prepareAnswer,
  submitResponse,
  withUploadsDiscarded,
  type ResponseOutcome,
  type ResponseSubmission,
} from "./respond.server";

// Drafts of a response (SPEC 3.7): one per case, shared by everyone who may answer it. Saving
// sends nothing and changes neither the case's state nor its version; a draft has a version of
// its own, so of two saves made against the same draft the second is refused, never lost.

/** What the response form posts; `intent` says whether it is an answer or a draft. */
export type AnswerOrDraft = ResponseSubmission & { intent: "respond" | "accept" | "draft" | "discard-draft" };

export type DraftOutcome = { ok: true; draft: "saved" | "discarded" } | Refused;

/** The response form's one entry: submit (every rule, SPEC 3.1), save the draft, or discard it. */
export async function answerOrSaveDraft(
  db: DB,
  actor: Actor,
  caseNumber: string,
  read: (limits: AttachmentLimits) => Promise<AnswerOrDraft | Refused>,
  now: Date,
): Promise<ResponseOutcome | DraftOutcome> {
  const prepared = await prepareAnswer(db, actor, caseNumber, read);
  if (isRefused(prepared)) return prepared;
  const { found, submission } = prepared;
  if (submission.intent === "respond" || submission.intent === "accept") return submitResponse(db, actor, caseNumber, submission, now);
  const expected = submission.draft?.version ?? 0;
  return withUploadsDiscarded(submission, () =>
    inTransaction(db, async (trx): Promise<DraftOutcome> => {
      await answerStillAllowed(trx, actor, found);
      // Only a case that can be answered now has a draft worth keeping.
      const answerable = askTransition(found, { type: "respond", fullCredit: false }, { kind: "merchant" }, now);
      if (isRefused(answerable)) throw new RefusedError(answerable);
      const stored = await lockedDraftVersion(trx, found.id);
      if (draftIsStale(stored?.version ?? null, expected)) throw new RefusedError(draftChanged());
      if (submission.intent === "discard-draft") {
        if (stored) {
          await deleteDraft(trx, stored.id);
          await auditDraft(trx, actor, found, { action: "draft_discarded", details: { caseNumber: found.caseNumber } }, now);
        }
        return { ok: true, draft: "discarded" };
      }
      const files = await saveFiles(trx, found.id, stored, submission.draft?.removeFileIds ?? [], submission.attachments);
      const written = await writeDraft(
        trx,
        stored,
        {
          caseId: found.id,
          comment: submission.comment,
          creditText: submission.creditText.trim(),
          userId: actor.userId,
          removeFileIds: submission.draft?.removeFileIds ?? [],
          added: await promoteUploads(submission.attachments),
        },
        now,
      );
      if (!written) throw new RefusedError(draftChanged());
      await auditDraft(trx, actor, found, { action: "draft_saved", details: { caseNumber: found.caseNumber, files } }, now);
      return { ok: true, draft: "saved" };
    }),
  );
}

// Drafts are in the organisation's audit trail (issue 11): who prepared what, before anything was sent.
function auditDraft(
  trx: DB,
  actor: Actor,
  found: CaseDetail,
  entry: Pick<Extract<AuditRecord, { entityType: "case" }>, "action" | "details">,
  now: Date,
): Promise<void> {
  return recordAudit(
    trx,
    { ...entry, actorUserId: actor.userId, entityType: "case", entityId: found.id, organisationId: found.organisationId } as AuditRecord,
    now,
  );
}

/**
 * A draft holds as many files as a response may; the new ones are kept from the clean-up job.
 * Returns how many files the draft then has.
 */
async function saveFiles(
  trx: DB,
  caseId: number,
  stored: { id: number } | null,
  removeFileIds: readonly number[],
  added: readonly StagedUpload[],
): Promise<number> {
  const limits = await getAttachmentLimits(trx);
  const kept = stored ? ((await draftOf(trx, caseId))?.files ?? []).filter((f) => !removeFileIds.includes(f.id)).length : 0;
  const tooMany = draftFileCountProblem(kept, added.length, limits.maxFiles);
  if (tooMany) throw new RefusedError(refused(400, [{ field: "attachments", key: "draft.error.tooManyFiles", params: tooMany }]));
  await lockStoredFiles(
    trx,
    added.map((a) => a.sha256),
  );
  return kept + added.length;
}
