import type { DB } from "../../../db/connection";
import type { Actor } from "~/domain/permissions";
import type { StagedUpload } from "../disputes/attachment-store.server";
import { loadCaseList } from "../disputes/case-list.server";
import { loadCasePage } from "../disputes/case-page.server";
import { answerOrSaveDraft, type AnswerOrDraft } from "../disputes/drafts.server";
import { prepareAnswer, submitResponse, withUploadsDiscarded } from "../disputes/respond.server";
import { isRefused, refused, type Refused } from "../result";
import type { AttachmentLimits } from "~/domain/settings";
import type { ApiUploadSubmission } from "./response-upload.server";
import type { ApiAnswer } from "./idempotency.server";

// /api/v1/cases: the same services as /disputes and /disputes/:caseNumber, their answers put in
// the API's shape. No rule lives here.

/** The list with the page's filters and cursor (query string as on /disputes). */
export async function apiCaseList(db: DB, actor: Actor, query: URLSearchParams, now: Date) {
  const view = await loadCaseList(db, actor, query, now);
  return {
    data: view.rows.map((r) => ({
      caseNumber: r.caseNumber,
      type: r.type,
      status: r.status,
      outcome: r.outcome,
      amount: { minor: r.amountMinor, currency: r.currency },
      reason: r.reason,
      respondBy: r.respondBy,
      timeZone: r.timeZone,
      account: r.accountName,
      cardLast4: r.cardLast4,
      urgent: r.urgent,
    })),
    nextCursor: view.next,
    counts: view.counts,
    accounts: view.accounts,
  };
}

/** One case with its documents, responses and timeline, or a 404 (another scope's case does not exist). */
export async function apiCase(db: DB, actor: Actor, caseNumber: string, now: Date): Promise<{ ok: true; body: unknown } | Refused> {
  const page = await loadCasePage(db, actor, caseNumber, now);
  if (!page) return refused(404, [{ field: "form", key: "disputes.error.notFound" }]);
  const { id: _id, transactionId: _tx, ...facts } = page.case;
  return {
    ok: true,
    body: {
      ...facts,
      relatedCaseNumber: page.relatedCaseNumber,
      urgent: page.urgent,
      requiredDocuments: page.requiredDocuments,
      attachments: page.attachments.map(({ id: _a, ...a }) => a),
      responses: page.responses.map(({ id: _r, ...r }) => r),
      timeline: page.timeline,
      answerRefusal: page.answerRefusal,
      allowed: page.allowed,
      credit: page.credit,
      // The draft response (SPEC 3.7) with its version, which the next save must name.
      draft: page.draft
        ? {
            version: page.draft.version,
            comment: page.draft.comment,
            credit: page.draft.creditText,
            savedBy: page.draft.savedBy,
            savedAt: page.draft.savedAt,
            files: page.draft.files.map(({ id: _f, ...f }) => f),
          }
        : null,
    },
  };
}

/** A response (comment, credit, files staged by the upload parser) or an acceptance, through the form's own service. */
export async function apiAnswer(
  trx: DB,
  actor: Actor,
  caseNumber: string,
  input: { comment: string; credit: string; accept: boolean; version: number; attachments?: StagedUpload[] },
  now: Date,
): Promise<ApiAnswer | Refused> {
  const result = await submitResponse(
    trx,
    actor,
    caseNumber,
    {
      comment: input.comment,
      creditText: input.credit,
      accept: input.accept,
      version: input.version,
      attachments: input.attachments ?? [],
    },
    now,
  );
  if (!result.ok) return result;
  return { status: 201, body: { caseNumber, status: result.status, outcome: result.outcome } };
}

/**
 * Saves the case's draft response (SPEC 3.7) through the form's own service: nothing is sent and
 * the case does not change; `draftVersion` is the draft's version as read (0: none yet).
 */
export async function apiSaveDraft(
  trx: DB,
  actor: Actor,
  caseNumber: string,
  input: { comment: string; credit: string; draftVersion: number },
  now: Date,
): Promise<ApiAnswer | Refused> {
  const submission: AnswerOrDraft = {
    intent: "draft",
    comment: input.comment,
    creditText: input.credit,
    accept: false,
    version: 0,
    attachments: [],
    draft: { version: input.draftVersion, removeFileIds: [] },
  };
  const result = await answerOrSaveDraft(trx, actor, caseNumber, () => Promise.resolve(submission), now);
  if (!result.ok) return result;
  const page = await loadCasePage(trx, actor, caseNumber, now);
  return { status: 200, body: { caseNumber, draft: { version: page?.draft?.version ?? null, savedAt: page?.draft?.savedAt ?? null } } };
}

/**
 * A response with files (multipart): like the page, the upload is read only once the response
 * service has settled that this key may answer the case; the answer is then given under the
 * Idempotency-Key by `answer` (which runs `apiAnswer` in the key's transaction).
 */
export async function apiAnswerWithFiles<T>(
  db: DB,
  actor: Actor,
  caseNumber: string,
  read: (limits: AttachmentLimits) => Promise<ApiUploadSubmission | Refused>,
  answer: (submission: ApiUploadSubmission) => Promise<T | Refused>,
): Promise<T | Refused> {
  const prepared = await prepareAnswer(db, actor, caseNumber, read);
  if (isRefused(prepared)) return prepared;
  return withUploadsDiscarded(prepared.submission, () => answer(prepared.submission));
}
