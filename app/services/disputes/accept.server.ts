import type { DB } from "../../../db/connection";
import type { Actor } from "~/domain/permissions";
import { submitResponse, type ResponseOutcome } from "./respond.server";

/**
 * The merchant accepts liability for a chargeback (SPEC 3.2): the same checks as a response
 * (permission, central/local, deadline, version); a comment is kept on the timeline, files are refused.
 */
export function acceptChargeback(
  db: DB,
  actor: Actor,
  caseNumber: string,
  input: { comment: string; version: number },
  now: Date,
): Promise<ResponseOutcome> {
  return submitResponse(
    db,
    actor,
    caseNumber,
    { comment: input.comment, creditText: "", accept: true, version: input.version, attachments: [] },
    now,
  );
}
