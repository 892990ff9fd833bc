import type { DB } from "../../../db/connection";
import { respondByFor } from "~/domain/deadlines";
import { canWorkDisputes, type Actor } from "~/domain/permissions";
import { loadCaseById } from "~/models/case.server";
import { notifyCase } from "../notify.server";
import { applyTransition, inTransaction, isRefused, loadVisible, refused, RefusedError, type Refused } from "./common.server";

export const REQUEST_MESSAGE_MAX = 5000;

/**
 * The disputes team sends a case back to the merchant with a message and a new respond-by:
 * end of the day `days` days from now in the account's time zone (SPEC 3.4, default 10).
 */
export async function requestInformation(
  db: DB,
  actor: Actor,
  caseNumber: string,
  input: { message: string; days: number; version: number },
  now: Date,
): Promise<{ ok: true; respondBy: Date } | Refused> {
  if (!canWorkDisputes(actor)) return refused(403, [{ field: "form", key: "disputes.error.forbidden" }]);
  const found = await loadVisible(db, actor, caseNumber);
  if (isRefused(found)) return found;
  const message = input.message.trim();
  if (!message || message.length > REQUEST_MESSAGE_MAX) return refused(400, [{ field: "message", key: "disputes.error.messageRequired" }]);
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 90)
    return refused(400, [{ field: "days", key: "disputes.error.days" }]);
  const newRespondBy = respondByFor(now, found.timeZone, input.days);

  return inTransaction(db, async (trx) => {
    const current = await loadCaseById(trx, found.id);
    if (!current) throw new RefusedError(refused(404, [{ field: "form", key: "disputes.error.notFound" }]));
    const { eventId } = await applyTransition(
      trx,
      current,
      { type: "request_information", newRespondBy },
      { kind: "analyst", userId: actor.userId },
      now,
      {
        expectedVersion: input.version,
        details: { message, respondBy: newRespondBy.toISOString() },
      },
    );
    await notifyCase(trx, { kind: "case_update", caseId: current.id, caseEventId: eventId }, { actorUserId: actor.userId, now });
    return { ok: true as const, respondBy: newRespondBy };
  });
}
