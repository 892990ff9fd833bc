import type { DB } from "../../../db/connection";
import { transition, type CaseEvent, type CaseSnapshot, type RefusalCode, type TransitionResult } from "~/domain/case-state";
import type { Actor as PermissionActor } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";
import { isRefused, refused, RefusedError, type Problem, type Refused } from "../result";
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
  // Inside a caller's transaction (an API POST under its Idempotency-Key): a refusal is thrown on,
  // so the caller's transaction rolls back everything, its own writes included.
  if (db.isTransaction) return work(db);
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (error instanceof RefusedError) return error.refusal;
    // The database's own guard on money (db/migrations/2026-12-03-0101): someone else booked first.
    if (error instanceof Error && error.message.startsWith("ledger:")) return conflict();
    throw error;
  }
}

export type Applied = { result: Extract<TransitionResult, { ok: true }>; eventId: number };
export type Allowed = Extract<TransitionResult, { ok: true }>;

/** Asks the state machine about the snapshot; a refusal comes back as the service's answer. */
export function askTransition(
  current: CaseDetail,
  event: CaseEvent,
  actor: { kind: "merchant" | "analyst" | "system" },
  now: Date,
): Allowed | Refused {
  const result = transition(snapshotOf(current), event, { kind: actor.kind }, now);
  return result.ok ? result : refused(400, [refusalProblem(result.refusal.code)]);
}

/** The case change a transition makes (status, outcome, effects), plus the caller's own fields. */
export function changeOf(result: Allowed, extra: CaseChange = {}): CaseChange {
  const change: CaseChange = { status: result.status, outcome: result.outcome, ...extra };
  for (const effect of result.effects) {
    if (effect.kind === "set_respond_by") change.respondBy = effect.respondBy;
    if (effect.kind === "set_urgent_flag") change.urgentFlag = effect.value;
  }
  // A new deadline opens a new urgent window, which deserves its own notice.
  if (change.respondBy) change.urgentWindowNotifiedAt = null;
  return change;
}

/**
 * Writes an allowed transition: the case change with the version check, and the timeline event.
 * Throws RefusedError (conflict) so the transaction rolls back.
 */
export async function writeTransition(
  trx: DB,
  current: CaseDetail,
  result: Allowed,
  actorUserId: number | null,
  now: Date,
  options: { expectedVersion: number; change?: CaseChange; details?: Record<string, unknown> },
): Promise<number> {
  const written = await updateCaseIfVersion(trx, current.id, options.expectedVersion, changeOf(result, options.change), now);
  if (!written) throw new RefusedError(conflict());
  return appendCaseEvent(trx, {
    caseId: current.id,
    at: now,
    actorUserId,
    eventType: result.event.eventType,
    fromStatus: result.event.from,
    toStatus: result.event.to,
    outcome: result.event.outcome,
    details: options.details,
  });
}

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
  const result = askTransition(current, event, actor, now);
  if (isRefused(result)) throw new RefusedError(result);
  const eventId = await writeTransition(trx, current, result, actor.userId, now, { ...options, expectedVersion: expected });
  return { result, eventId };
}
