import type { DB } from "../../db/connection";

// The seam between the disputes area (which decides what happened) and the notifications area
// (which decides who hears of it, in-app and by email). Called inside the transaction of the change.
export type CaseNotice =
  /** A new inquiry or chargeback was opened (by an analyst, the deadline job, a decision, an import). */
  | { kind: "new_case"; caseId: number }
  /** Anything that changed a case: a response, a state change, a decision, a request for information, a comment. */
  | { kind: "case_update"; caseId: number; caseEventId: number }
  /** A case entered the urgent window (deadline job) or an analyst flagged it. */
  | { kind: "urgent"; caseId: number; reason: "window" | "flag" };

export async function notifyCase(
  db: DB,
  notice: CaseNotice,
  context: { actorUserId: number | null; now: Date },
): Promise<void> {
  // Filled in by the notifications area.
  void db;
  void notice;
  void context;
}
