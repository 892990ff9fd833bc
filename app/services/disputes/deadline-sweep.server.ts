import type { DB } from "../../../db/connection";
import { becomesUrgentByDeadline, isUrgent } from "~/domain/deadlines";
import { loadCaseById, urgentWindowDays } from "~/models/case.server";
import { lockTransactionRow } from "~/models/ledger.server";
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

/** Where a batch ended: the next one starts after it, in (respond_by, id) order. */
interface SweepCursor {
  respondBy: string;
  id: number;
}

// Both walks go in (respond_by, id) order, the order of the (status, respond_by, id) index: a
// batch reads the cases it returns and no others, on both engines. In id order PostgreSQL walked
// the primary key through every case (it takes "awaiting" and "past respond-by" for independent,
// so it expects a batch within the first few hundred rows), 2.6 s at a million cases.
async function overdueCases(
  db: DB,
  now: Date,
  after: SweepCursor | null,
): Promise<Array<{ id: number; transactionId: number; respondBy: string }>> {
  let q = db
    .selectFrom("cases")
    .select(["id", "transaction_id as transactionId", "respond_by as respondBy"])
    .where("status", "=", "awaiting_response")
    .where("respond_by", "<", now.toISOString());
  if (after) q = q.where((eb) => eb(eb.refTuple("respond_by", "id"), ">", eb.tuple(after.respondBy, after.id)));
  return q.orderBy("respond_by").orderBy("id").limit(BATCH).execute();
}

/** Closes one overdue case (no_reply + no-reply chargeback, or expired). */
async function closeOverdue(db: DB, target: { id: number; transactionId: number }, now: Date, report: SweepReport): Promise<void> {
  const outcome = await retryLostRace(async () => {
    const result = await inTransaction(db, async (trx) => {
      // The lock every booking on this charge takes (a merchant's response, a credit, a decision):
      // on PostgreSQL its row `for update`, on SQLite the write lock `begin immediate` took already.
      await lockTransactionRow(trx, target.transactionId);
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
async function urgentCandidates(db: DB, now: Date, windowDays: number, after: SweepCursor | null) {
  // Coarse bound in UTC (one extra day covers every zone); isUrgent decides in the account's zone.
  const latest = new Date(now.getTime() + (windowDays + 2) * 24 * 60 * 60 * 1000).toISOString();
  let q = db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .select(["cases.id", "cases.respond_by as respondBy", "cases.urgent_flag as urgentFlag", "accounts.time_zone as timeZone"])
    .where("cases.status", "=", "awaiting_response")
    .where("cases.urgent_window_notified_at", "is", null)
    .where("cases.respond_by", ">=", now.toISOString())
    .where("cases.respond_by", "<=", latest);
  if (after) q = q.where((eb) => eb(eb.refTuple("cases.respond_by", "cases.id"), ">", eb.tuple(after.respondBy, after.id)));
  return q.orderBy("cases.respond_by").orderBy("cases.id").limit(BATCH).execute();
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
  let after: SweepCursor | null = null;
  for (;;) {
    const overdue = await overdueCases(db, now, after);
    if (overdue.length === 0) break;
    for (const target of overdue) {
      // One case that cannot be closed must not keep the others open; the run still fails below.
      await closeOverdue(db, target, now, report).catch((error: unknown) => failures.push(error));
    }
    after = overdue[overdue.length - 1]!;
  }

  const windowDays = await urgentWindowDays(db);
  after = null;
  for (;;) {
    const candidates = await urgentCandidates(db, now, windowDays, after);
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
    after = candidates[candidates.length - 1]!;
  }
  if (failures.length > 0) throw new AggregateError(failures, `deadline sweep: ${failures.length} cases failed; ${JSON.stringify(report)}`);
  return report;
}
