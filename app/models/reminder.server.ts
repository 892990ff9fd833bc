import type { DB } from "../../db/connection";
import type { DisputeHandling } from "~/domain/permissions";

// Staged reminders (SPEC 5): the cases the deadline job looks at, and the rows that make each
// stage reach each recipient once (table case_reminders, migration 2026-12-03-1120).

export interface ReminderCandidate {
  id: number;
  respondBy: string;
  timeZone: string;
}

/** Where a batch ended: the next one starts after it, in (respond_by, id) order (the sweep's index). */
export interface ReminderCursor {
  respondBy: string;
  id: number;
}

/** Cases awaiting a response, due between now and the horizon, a batch at a time. */
export async function reminderCandidates(
  db: DB,
  now: Date,
  horizon: Date,
  after: ReminderCursor | null,
  limit: number,
): Promise<ReminderCandidate[]> {
  let q = db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .select(["cases.id", "cases.respond_by as respondBy", "accounts.time_zone as timeZone"])
    .where("cases.status", "=", "awaiting_response")
    .where("cases.respond_by", ">=", now.toISOString())
    .where("cases.respond_by", "<=", horizon.toISOString());
  if (after) q = q.where((eb) => eb(eb.refTuple("cases.respond_by", "cases.id"), ">", eb.tuple(after.respondBy, after.id)));
  return q.orderBy("cases.respond_by").orderBy("cases.id").limit(limit).execute();
}

export interface CaseForReminder {
  id: number;
  caseNumber: string;
  status: string;
  respondBy: string;
  accountId: number;
  organisationId: number;
  handling: DisputeHandling;
  timeZone: string;
  /** Someone submitted a response on the case (see hasNoAnswerOrDraft in app/domain/reminders.ts). */
  answered: boolean;
  /** Someone saved a draft response on it. */
  drafted: boolean;
}

/** The case as the reminder decides on it; read inside the transaction that writes the reminders. */
export async function loadCaseForReminder(db: DB, caseId: number): Promise<CaseForReminder | undefined> {
  const row = await db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .innerJoin("organisations", "organisations.id", "accounts.organisation_id")
    .select([
      "cases.id",
      "cases.case_number as caseNumber",
      "cases.status",
      "cases.respond_by as respondBy",
      "accounts.id as accountId",
      "accounts.organisation_id as organisationId",
      "accounts.time_zone as timeZone",
      "organisations.dispute_handling as handling",
    ])
    .select((eb) =>
      eb
        .exists(eb.selectFrom("case_responses").select("case_responses.id").whereRef("case_responses.case_id", "=", "cases.id"))
        .as("answered"),
    )
    .select((eb) =>
      eb.exists(eb.selectFrom("case_drafts").select("case_drafts.id").whereRef("case_drafts.case_id", "=", "cases.id")).as("drafted"),
    )
    .where("cases.id", "=", caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  // `exists` comes back as 0/1 from SQLite and as a boolean from PostgreSQL.
  return { ...row, answered: Boolean(row.answered), drafted: Boolean(row.drafted) };
}

/** Records that this stage reached this user; false when it had already (another run, or a run in another process). */
export async function recordReminder(
  db: DB,
  r: { caseId: number; respondBy: string; stage: number; userId: number; escalation: boolean },
  now: Date,
): Promise<boolean> {
  const result = await db
    .insertInto("case_reminders")
    .values({
      case_id: r.caseId,
      respond_by: r.respondBy,
      stage_days: r.stage,
      user_id: r.userId,
      escalation: r.escalation ? 1 : 0,
      sent_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(["case_id", "respond_by", "stage_days", "user_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The (case, respond-by, stage) triples among these cases that reached someone already: a read before the write transactions, to skip them. */
export async function stagesAlreadySent(db: DB, caseIds: readonly number[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("case_reminders")
    .select(["case_id", "respond_by", "stage_days"])
    .distinct()
    .where("case_id", "in", [...caseIds])
    .execute();
  return new Set(rows.map((r) => sentStageKey(r.case_id, r.respond_by, r.stage_days)));
}

export function sentStageKey(caseId: number, respondBy: string, stage: number): string {
  return `${caseId}|${new Date(respondBy).toISOString()}|${stage}`;
}
