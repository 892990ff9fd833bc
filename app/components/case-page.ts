import type { CaseEventType, CaseOutcome, CaseStatus, CaseType } from "~/domain/case-state";
import type { Countdown } from "~/domain/deadlines";
import type { AnswerRefusal, DisputeHandling } from "~/domain/permissions";

// What a case page shows (merchant or disputes team): plain data, built on the server by
// app/services/disputes/case-page.server.ts, typed here so UI code needs no server module.

export interface CaseFactsView {
  id: number;
  caseNumber: string;
  type: CaseType;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  disputedAmountMinor: number;
  currency: string;
  reasonCode: string;
  reasonText: string;
  receivedAt: string;
  respondBy: string;
  urgentFlag: boolean;
  lastResponseAt: string | null;
  version: number;
  accountId: number;
  accountName: string;
  merchantNumber: string;
  timeZone: string;
  organisationId: number;
  organisationName: string;
  disputeHandling: DisputeHandling;
  transactionId: number;
  transactionOccurredAt: string;
  transactionAmountMinor: number;
  transactionCurrency: string;
  cardLast4: string;
  networkReference: string;
  transactionDescription: string;
}

export interface TimelineEntryView {
  id: number;
  at: string;
  actorName: string | null;
  actorRole: string | null;
  eventType: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  outcome: CaseOutcome | null;
  details: Record<string, unknown>;
}

export interface AttachmentView {
  id: number;
  responseId: number | null;
  sha256: string;
  originalName: string;
  mediaType: string;
  sizeBytes: number;
  requiredDocument: string | null;
  uploadedAt: string;
}

export interface ResponseView {
  id: number;
  submittedAt: string;
  submittedBy: string;
  comment: string;
  creditMinor: number | null;
  accepted: boolean;
}

/** Whose words the page speaks: a merchant reads "Awaiting your response", an analyst does not. */
export type CaseViewer = "merchant" | "analyst";

export interface CasePage {
  viewer: CaseViewer;
  case: CaseFactsView;
  relatedCaseNumber: string | null;
  countdown: Countdown;
  urgent: boolean;
  requiredDocuments: { code: string; provided: boolean }[];
  timeline: TimelineEntryView[];
  attachments: AttachmentView[];
  responses: ResponseView[];
  /** Why this actor may not answer, or null when they may (merchant pages). */
  answerRefusal: AnswerRefusal | null;
  /** What the state machine allows this actor now (status, deadline). */
  allowed: CaseEventType[];
  credit: { offered: boolean; chargebackExists: boolean; remainingMinor: number; issuedMinor: number };
  /** The platform's attachment limits, for the form's hint and its number of file rows. */
  uploadLimits: { maxMib: number; maxFiles: number };
}
