import type { DB } from "../../../db/connection";
import { becomesUrgentByDeadline, isUrgent } from "~/domain/deadlines";
import { loadCaseById, urgentWindowDays } from "~/models/case.server";
import { notifyCase } from "../notify.server";
import { applyTransition, inTransaction, isRefused } from "./common.server";
import { openChargebackForInquiry } from "./open-case.server";

// The deadline job of SPEC 3.4. Each case is handled in its own transaction that first takes the
// lock every competing writer takes too, then re-reads the case and acts on what it finds. A
// second copy running at the same time waits for that lock instead of failing, and then finds
// the case finished: it never leaves an overdue case to a winner that may not exist. The unique
// chargeback-per-transaction index backs that up.

export interface SweepReport {
  closedNoReply: number;
  noReplyChargebacks: number;
  expired: number;
  urgentNotified: number;
  /** Cases another writer had finished when this run re-read them under the lock. */
  skipped: number;
}

const BATCH = 200;
/** A lost race is re-checked and acted on; this many tries is a bug or a stuck lock, not a race. */
const MAX_ATTEMPTS = 5;

/** A refusal met under the lock (a version conflict with a writer that does not take it): look again. */
class RefusedUnderLock extends Error {}

/**
 * Another writer got in between: busy past the timeout, the unique chargeback index, a refusal,
 * or PostgreSQL's serialization failure and deadlock.
 */
function isLostRace(error: unknown): boolean {
  if (error instanceof RefusedUnderLock) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" &&
    (code.startsWith("SQLITE_BUSY") || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "40001" || code === "40P01")
  );
}

/**
 * The first statement of the case's transaction: a write to the case's charge (the transaction
 * row, the thing credits and chargebacks of that charge lock too). In SQLite a write before any
 * read takes the database's write lock, waiting out the busy timeout, so what follows is read
 * under the lock (a read first would make the later write fail once another run commits); in
 * PostgreSQL it is a row lock like SELECT ... FOR UPDATE.
 */
async function lockCharge(trx: DB, transactionId: number): Promise<void> {
  await trx
    .updateTable("transactions")
    .set((eb) => ({ id: eb.ref("id") }))
    .where("id", "=", transactionId)
    .execute();
}

/** Runs one case's work again after a lost race; the work re-reads everything it decides on. */
async function retryLostRace<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isLostRace(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function overdueCases(db: DB, now: Date, afterId: number): Promise<Array<{ id: number; transactionId: number }>> {
  return db
    .selectFrom("cases")
    .select(["id", "transaction_id as transactionId"])
    .where("status", "=", "awaiting_response")
    .where("respond_by", "<", now.toISOString())
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(BATCH)
    .execute();
}

/** Closes one overdue case (no_reply + no-reply chargeback, or expired). */
async function closeOverdue(db: DB, target: { id: number; transactionId: number }, now: Date, report: SweepReport): Promise<void> {
  const outcome = await retryLostRace(async () => {
    const result = await inTransaction(db, async (trx) => {
      await lockCharge(trx, target.transactionId);
      const current = await loadCaseById(trx, target.id);
      // Read under the lock: a case no longer awaiting its overdue deadline was finished by another run.
      if (!current || current.status !== "awaiting_response" || new Date(current.respondBy) >= now) return "skip" as const;
      const { result, eventId } = await applyTransition(trx, current, { type: "deadline_passed" }, { kind: "system", userId: null }, now);
      let opened = false;
      if (result.effects.some((e) => e.kind === "open_chargeback")) {
        // Nothing left to charge back, or a chargeback already exists: the inquiry just closes.
        const chargeback = await openChargebackForInquiry(trx, current, { openedByUserId: null, origin: "no_reply" }, now);
        opened = chargeback.kind === "opened";
      }
      await notifyCase(trx, { kind: "case_update", caseId: current.id, caseEventId: eventId }, { actorUserId: null, now });
      return { outcome: result.outcome, opened };
    });
    if (isRefused(result)) throw new RefusedUnderLock(`case ${target.id}: ${JSON.stringify(result.problems)}`);
    return result;
  });
  if (outcome === "skip") {
    report.skipped += 1;
    return;
  }
  if (outcome.outcome === "no_reply") report.closedNoReply += 1;
  if (outcome.outcome === "expired") report.expired += 1;
  if (outcome.opened) report.noReplyChargebacks += 1;
}

/** Cases that entered the urgent window and were not announced yet. */
async function urgentCandidates(db: DB, now: Date, windowDays: number, afterId: number) {
  // Coarse bound in UTC (one extra day covers every zone); isUrgent decides in the account's zone.
  const latest = new Date(now.getTime() + (windowDays + 2) * 24 * 60 * 60 * 1000).toISOString();
  return db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .select(["cases.id", "cases.respond_by as respondBy", "cases.urgent_flag as urgentFlag", "accounts.time_zone as timeZone"])
    .where("cases.status", "=", "awaiting_response")
    .where("cases.urgent_window_notified_at", "is", null)
    .where("cases.respond_by", ">=", now.toISOString())
    .where("cases.respond_by", "<=", latest)
    .where("cases.id", ">", afterId)
    .orderBy("cases.id")
    .limit(BATCH)
    .execute();
}

/**
 * Marks the moment a case enters its urgent window and sends the urgent notice, once: only one run
 * can flip the marker from null. The marker is set with a conditional update (not a version bump),
 * so a merchant's open form is not made stale by the job. A case the analyst flagged was urgent
 * already and had its notice then: it is marked, so that removing the flag later announces nothing.
 */
async function announceUrgent(
  db: DB,
  candidate: { id: number; respondBy: string; timeZone: string },
  now: Date,
  windowDays: number,
): Promise<"notified" | "already_urgent" | "taken"> {
  return retryLostRace(async () => {
    const result = await inTransaction(db, async (trx) => {
      const marked = await trx
        .updateTable("cases")
        .set({ urgent_window_notified_at: now.toISOString() })
        .where("id", "=", candidate.id)
        .where("status", "=", "awaiting_response")
        .where("respond_by", "=", candidate.respondBy)
        .where("urgent_window_notified_at", "is", null)
        .returning("urgent_flag")
        .executeTakeFirst();
      if (!marked) return "taken" as const;
      const urgency = {
        status: "awaiting_response" as const,
        respondBy: new Date(candidate.respondBy),
        urgentFlag: marked.urgent_flag === 1,
        timeZone: candidate.timeZone,
      };
      if (!becomesUrgentByDeadline(urgency, now, windowDays)) return "already_urgent" as const;
      await notifyCase(trx, { kind: "urgent", caseId: candidate.id, reason: "window" }, { actorUserId: null, now });
      return "notified" as const;
    });
    if (isRefused(result)) throw new RefusedUnderLock(`case ${candidate.id}: ${JSON.stringify(result.problems)}`);
    return result;
  });
}

export async function runDeadlineSweep(db: DB, now: Date): Promise<SweepReport> {
  const report: SweepReport = { closedNoReply: 0, noReplyChargebacks: 0, expired: 0, urgentNotified: 0, skipped: 0 };
  const failures: unknown[] = [];
  let afterId = 0;
  for (;;) {
    const overdue = await overdueCases(db, now, afterId);
    if (overdue.length === 0) break;
    for (const target of overdue) {
      // One case that cannot be closed must not keep the others open; the run still fails below.
      await closeOverdue(db, target, now, report).catch((error: unknown) => failures.push(error));
    }
    afterId = overdue[overdue.length - 1]!.id;
  }

  const windowDays = await urgentWindowDays(db);
  afterId = 0;
  for (;;) {
    const candidates = await urgentCandidates(db, now, windowDays, afterId);
    if (candidates.length === 0) break;
    for (const c of candidates) {
      const urgentByDeadline = isUrgent(
        { status: "awaiting_response", respondBy: new Date(c.respondBy), urgentFlag: false, timeZone: c.timeZone },
        now,
        windowDays,
      );
      if (!urgentByDeadline) continue;
      const announced = await announceUrgent(db, c, now, windowDays).catch((error: unknown) => failures.push(error));
      if (announced === "notified") report.urgentNotified += 1;
    }
    afterId = candidates[candidates.length - 1]!.id;
  }
  if (failures.length > 0) throw new AggregateError(failures, `deadline sweep: ${failures.length} cases failed; ${JSON.stringify(report)}`);
  return report;
}
