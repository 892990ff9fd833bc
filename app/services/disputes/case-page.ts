import type { CaseEventType } from "~/domain/case-state";
import type { Countdown } from "~/domain/deadlines";
import type { AnswerRefusal } from "~/domain/permissions";
import type { DocumentChecklist, ReasonCode } from "~/domain/reason-codes";
import type { CaseFacts, TimelineEntry } from "~/models/case.server";

// What a case page shows (merchant or disputes team): plain data, built on the server by
// ./case-page.server.ts. Types only, in a module without `.server`, so UI code can import them.

/** The case's facts as its page shows them (the model's row, nothing service-only). */
export type CaseFactsView = CaseFacts;

/** One timeline event, its details already in the shape of its kind. */
export type TimelineEntryView = TimelineEntry;

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
  /** The case's draft response (SPEC 3.7), for those who may answer it; never for the disputes team. */
  draft: DraftView | null;
  /** The reason code's row of the table (SPEC 3.10), or null when the code is not in it. */
  reasonCode: Omit<ReasonCode, "documents"> | null;
  /** The case's documents with their levels and what still blocks a response (inquiries). */
  checklist: DocumentChecklist;
}

export interface DraftView {
  version: number;
  comment: string;
  creditText: string;
  savedBy: string;
  savedAt: string;
  files: { id: number; originalName: string; requiredDocument: string | null; uploadedBy: string }[];
}
