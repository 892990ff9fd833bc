import type { DB } from "../../../db/connection";
import type { Actor } from "~/domain/permissions";
import { askTransition, isRefused, loadVisible, type Refused } from "./common.server";
import { answerRefused } from "./respond.server";

/**
 * Could the actor accept this chargeback now? Asked before the confirmation step of "Accept the
 * chargeback" (issue 12 item 6) is shown, with the same rules the acceptance itself runs (who may
 * answer, the state machine), so a case that cannot be accepted answers with its refusal instead.
 * Writes nothing: only the confirmed post accepts, through submitResponse.
 */
export async function acceptableNow(db: DB, actor: Actor, caseNumber: string, now: Date): Promise<{ ok: true } | Refused> {
  const found = await loadVisible(db, actor, caseNumber);
  if (isRefused(found)) return found;
  const notAllowed = answerRefused(actor, found);
  if (notAllowed) return notAllowed;
  const allowed = askTransition(found, { type: "accept" }, { kind: "merchant" }, now);
  return isRefused(allowed) ? allowed : { ok: true };
}
