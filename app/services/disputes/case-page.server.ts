import type { DB } from "../../../db/connection";
import { allowedEvents } from "~/domain/case-state";
import { countdown, isUrgent } from "~/domain/deadlines";
import { answerRefusal, type Actor } from "~/domain/permissions";
import { documentChecklist } from "~/domain/reason-codes";
import { mayOfferCredit, missingRequiredDocuments, remainingCreditableMinor } from "~/domain/response-rules";
import {
  attachmentsOf,
  caseNumberOf,
  chargebackForTransaction,
  creditsIssuedOnTransaction,
  documentRequirementsOf,
  findVisibleCase,
  responsesOf,
  timelineOf,
  urgentWindowDays,
} from "~/models/case.server";
import { draftOf } from "~/models/draft.server";
import { findReasonCode } from "~/models/reason-codes.server";
import type { CasePage, DraftView } from "./case-page";
import { getAttachmentLimits } from "~/models/settings.server";

export type { CasePage };

// Everything the case page shows, for a merchant (/disputes/:caseNumber) or the disputes team
// (/review/:caseNumber): plain data, no rows with internals.

export async function loadCasePage(db: DB, actor: Actor, caseNumber: string, now: Date): Promise<CasePage | null> {
  const found = await findVisibleCase(db, actor, caseNumber);
  if (!found) return null;
  const { urgentWindowNotifiedAt: _n, relatedCaseId, ...visible } = found;
  const [requirements, timeline, attachments, responses, issued, chargeback, windowDays, limits, reason] = await Promise.all([
    found.type === "inquiry" ? documentRequirementsOf(db, found.id) : Promise.resolve([]),
    timelineOf(db, found.id),
    attachmentsOf(db, found.id),
    responsesOf(db, found.id),
    creditsIssuedOnTransaction(db, found.transactionId),
    chargebackForTransaction(db, found.transactionId),
    urgentWindowDays(db),
    getAttachmentLimits(db),
    findReasonCode(db, found.reasonCode),
  ]);
  const required = requirements.map((r) => r.code);
  const missing = new Set(missingRequiredDocuments(required, attachments));
  const remaining = remainingCreditableMinor(found.disputedAmountMinor, issued);
  const snapshot = { type: found.type, status: found.status, respondBy: new Date(found.respondBy), version: found.version };
  const kind = actor.role === "analyst" ? "analyst" : "merchant";
  const refusal = answerRefusal(actor, { accountId: found.accountId, organisationId: found.organisationId }, found.disputeHandling);
  const draft = refusal === null ? await draftViewOf(db, found.id) : null;
  return {
    viewer: kind,
    case: visible,
    relatedCaseNumber: relatedCaseId ? await caseNumberOf(db, relatedCaseId) : null,
    countdown: countdown(new Date(found.respondBy), found.timeZone, now),
    urgent: isUrgent(
      { status: found.status, respondBy: new Date(found.respondBy), urgentFlag: found.urgentFlag, timeZone: found.timeZone },
      now,
      windowDays,
    ),
    requiredDocuments: required.map((code) => ({ code, provided: !missing.has(code) })),
    timeline,
    attachments,
    responses,
    answerRefusal: refusal,
    allowed: allowedEvents(snapshot, kind, now),
    credit: {
      offered: mayOfferCredit(found.type, chargeback !== null, remaining),
      chargebackExists: chargeback !== null,
      remainingMinor: remaining,
      issuedMinor: issued,
    },
    uploadLimits: { maxMib: Math.round(limits.maxFileBytes / (1024 * 1024)), maxFiles: limits.maxFiles },
    draft,
    reasonCode: reason
      ? { network: reason.network, code: reason.code, title: reason.title, category: reason.category, guidance: reason.guidance }
      : null,
    // What a response still needs (SPEC 3.10): while the case awaits one, against the draft's files
    // (they join the submission; files chosen in the form are added on the page); afterwards
    // against what was submitted. The submit check runs the same function on the real files.
    checklist: documentChecklist(requirements, found.status === "awaiting_response" ? (draft?.files ?? []) : attachments),
  };
}

async function draftViewOf(db: DB, caseId: number): Promise<DraftView | null> {
  const draft = await draftOf(db, caseId);
  if (!draft) return null;
  const { version, comment, creditText, savedBy, savedAt } = draft;
  return {
    version,
    comment,
    creditText,
    savedBy,
    savedAt,
    files: draft.files.map((f) => ({
      id: f.id,
      originalName: f.originalName,
      requiredDocument: f.requiredDocument,
      uploadedBy: f.uploadedBy,
    })),
  };
}
