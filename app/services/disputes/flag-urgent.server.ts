import type { DB } from "../../../db/connection";
import { canWorkDisputes, type Actor } from "~/domain/permissions";
import { becomesUrgentByFlag } from "~/domain/deadlines";
import { loadCaseById, urgentWindowDays } from "~/models/case.server";
import { notifyCase } from "../notify.server";
import { applyTransition, inTransaction, isRefused, loadVisible, refused, RefusedError, type Refused } from "./common.server";

/** An analyst flags a case urgent or removes the flag (SPEC 4); flagging notifies the merchant. */
export async function setUrgentFlag(
  db: DB,
  actor: Actor,
  caseNumber: string,
  input: { urgent: boolean; version: number },
  now: Date,
): Promise<{ ok: true } | Refused> {
  if (!canWorkDisputes(actor)) return refused(403, [{ field: "form", key: "disputes.error.forbidden" }]);
  const found = await loadVisible(db, actor, caseNumber);
  if (isRefused(found)) return found;
  return inTransaction(db, async (trx) => {
    const current = await loadCaseById(trx, found.id);
    if (!current) throw new RefusedError(refused(404, [{ field: "form", key: "disputes.error.notFound" }]));
    const event = input.urgent ? ({ type: "flag_urgent" } as const) : ({ type: "unflag_urgent" } as const);
    const { eventId } = await applyTransition(trx, current, event, { kind: "analyst", userId: actor.userId }, now, {
      expectedVersion: input.version,
    });
    await notifyCase(trx, { kind: "case_update", caseId: current.id, caseEventId: eventId }, { actorUserId: actor.userId, now });
    // SPEC 3.4: one urgent notice, when the case becomes urgent; inside its window it already is.
    const before = { status: current.status, respondBy: new Date(current.respondBy), timeZone: current.timeZone };
    const becomesUrgent = input.urgent && becomesUrgentByFlag(before, now, await urgentWindowDays(trx));
    if (becomesUrgent) await notifyCase(trx, { kind: "urgent", caseId: current.id, reason: "flag" }, { actorUserId: actor.userId, now });
    return { ok: true as const };
  });
}
