// Drafts of a response (SPEC 3.7): pure rules, no I/O. A draft is never trusted: submitting one
// runs every response rule again (app/domain/response-rules.ts); these rules only say when a
// save is stale, which files a save keeps, and when the deadline job acts on a draft.

/** The deadline job submits complete drafts (or warns of incomplete ones) this long before respond-by. */
export const DRAFT_DEADLINE_WINDOW_MS = 60 * 60 * 1000;

/** The draft version a form rendered without a draft carries. */
export const NO_DRAFT = 0;

/**
 * A save (or discard, or submit) made against the draft version the form was rendered with:
 * stale when someone saved, discarded or created the draft since. `stored` is null for no draft.
 */
export function draftIsStale(stored: number | null, expected: number): boolean {
  return (stored ?? NO_DRAFT) !== expected;
}

export function nextDraftVersion(stored: number | null): number {
  return (stored ?? NO_DRAFT) + 1;
}

/** Within the last hour before respond-by (and not past it): the deadline job's window. */
export function inDraftDeadlineWindow(respondBy: Date, now: Date): boolean {
  const left = respondBy.getTime() - now.getTime();
  return left >= 0 && left <= DRAFT_DEADLINE_WINDOW_MS;
}

/**
 * The files a save leaves on the draft: those kept (not ticked for removal) plus the new ones,
 * within the submission's file limit (a draft that could never be submitted is no help).
 */
export function draftFileCountProblem(kept: number, added: number, maxFiles: number): { maxFiles: number } | null {
  return kept + added > maxFiles ? { maxFiles } : null;
}
