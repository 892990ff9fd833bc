import type { DB } from "../../../db/connection";
import { transition, type CaseEvent, type CaseSnapshot, type RefusalCode, type TransitionResult } from "~/domain/case-state";
import type { Actor as PermissionActor } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";
import { refused, RefusedError, type Problem, type Refused } from "../result";
import { appendCaseEvent, findVisibleCase, updateCaseIfVersion, type CaseChange, type CaseDetail } from "~/models/case.server";

// What every disputes use case shares: loading a visible case, and writing a state-machine
// transition (versioned update + timeline event) inside the caller's transaction.

export { isRefused, refused, RefusedError, type Problem, type Refused } from "../result";

export const conflict = (): Refused => refused(409, [{ field: "form", key: "disputes.error.conflict" }]);

export function snapshotOf(c: CaseDetail): CaseSnapshot {
  return { type: c.type, status: c.status, respondBy: new Date(c.respondBy), version: c.version };
}

export function refusalProblem(code: RefusalCode): Problem {
  return { field: "form", key: `case.refusal.${code}` as MessageKey };
}

/** Missing or not visible: the same answer, so case numbers of others don't leak. */
export async function loadVisible(db: DB, actor: PermissionActor, caseNumber: string): Promise<CaseDetail | Refused> {
  const found = await findVisibleCase(db, actor, caseNumber);
  return found ?? refused(404, [{ field: "form", key: "disputes.error.notFound" }]);
}

/** Runs `work` in one transaction; a thrown RefusedError rolls back and becomes the answer. */
export async function inTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T | Refused> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (error instanceof RefusedError) return error.refusal;
    throw error;
  }
}

export type Applied = { result: Extract<TransitionResult, { ok: true }>; eventId: number };

/**
 * Asks the state machine, then writes the case change with the version check and the timeline
 * event. Throws RefusedError (refusal or conflict) so the transaction rolls back.
 */
export async function applyTransition(
  trx: DB,
  current: CaseDetail,
  event: CaseEvent,
  actor: { kind: "merchant" | "analyst" | "system"; userId: number | null },
  now: Date,
  options: { expectedVersion?: number; change?: CaseChange; details?: Record<string, unknown> } = {},
): Promise<Applied> {
  const expected = options.expectedVersion ?? current.version;
  if (expected !== current.version) throw new RefusedError(conflict());
  const result = transition(snapshotOf(current), event, { kind: actor.kind }, now);
  if (!result.ok) throw new RefusedError(refused(400, [refusalProblem(result.refusal.code)]));
  const change: CaseChange = { status: result.status, outcome: result.outcome, ...options.change };
  for (const effect of result.effects) {
    if (effect.kind === "set_respond_by") change.respondBy = effect.respondBy;
    if (effect.kind === "set_urgent_flag") change.urgentFlag = effect.value;
  }
  // A new deadline opens a new urgent window, which deserves its own notice.
  if (change.respondBy) change.urgentWindowNotifiedAt = null;
  const written = await updateCaseIfVersion(trx, current.id, expected, change, now);
  if (!written) throw new RefusedError(conflict());
  const eventId = await appendCaseEvent(trx, {
    caseId: current.id,
    at: now,
    actorUserId: actor.userId,
    eventType: result.event.eventType,
    fromStatus: result.event.from,
    toStatus: result.event.to,
    outcome: result.event.outcome,
    details: options.details,
  });
  return { result, eventId };
}
