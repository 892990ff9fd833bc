import type { DB } from "../../../db/connection";
import { isUrgent } from "~/domain/deadlines";
import { loadCaseById, urgentWindowDays } from "~/models/case.server";
import { notifyCase } from "../notify.server";
import { applyTransition, inTransaction, isRefused } from "./common.server";
import { openChargebackForInquiry } from "./open-case.server";

// The deadline job of SPEC 3.4. Each case is handled in its own transaction and guarded (version
// check, or a conditional update for the urgent marker), so a rerun or a second copy running at
// the same time changes nothing twice; the unique chargeback-per-transaction index backs that up.

export interface SweepReport {
  closedNoReply: number;
  noReplyChargebacks: number;
  expired: number;
  urgentNotified: number;
  skipped: number;
}

const BATCH = 200;

/** Another writer got there first: the case is someone else's to finish, not an error. */
function isLostRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code === "SQLITE_CONSTRAINT_UNIQUE");
}

async function overdueIds(db: DB, now: Date, afterId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("cases")
    .select("id")
    .where("status", "=", "awaiting_response")
    .where("respond_by", "<", now.toISOString())
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(BATCH)
    .execute();
  return rows.map((r) => r.id);
}

/** Closes one overdue case (no_reply + no-reply chargeback, or expired). */
async function closeOverdue(db: DB, caseId: number, now: Date, report: SweepReport): Promise<void> {
  const outcome = await inTransaction(db, async (trx) => {
    const current = await loadCaseById(trx, caseId);
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
  if (outcome === "skip" || isRefused(outcome)) {
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
 * Marks the moment a case becomes urgent by its deadline and sends that notice once. The marker
 * is set with a conditional update (not a version bump), so a merchant's open form is not made
 * stale by the job; only one run can flip it from null.
 */
async function announceUrgent(db: DB, caseId: number, respondBy: string, now: Date): Promise<boolean> {
  const result = await inTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable("cases")
      .set({ urgent_window_notified_at: now.toISOString() })
      .where("id", "=", caseId)
      .where("status", "=", "awaiting_response")
      .where("respond_by", "=", respondBy)
      .where("urgent_window_notified_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await notifyCase(trx, { kind: "urgent", caseId, reason: "window" }, { actorUserId: null, now });
    return true;
  });
  return result === true;
}

export async function runDeadlineSweep(db: DB, now: Date): Promise<SweepReport> {
  const report: SweepReport = { closedNoReply: 0, noReplyChargebacks: 0, expired: 0, urgentNotified: 0, skipped: 0 };
  let afterId = 0;
  for (;;) {
    const ids = await overdueIds(db, now, afterId);
    if (ids.length === 0) break;
    for (const id of ids) {
      try {
        await closeOverdue(db, id, now, report);
      } catch (error) {
        if (!isLostRace(error)) throw error;
        report.skipped += 1;
      }
    }
    afterId = ids[ids.length - 1]!;
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
      try {
        if (await announceUrgent(db, c.id, c.respondBy, now)) report.urgentNotified += 1;
      } catch (error) {
        if (!isLostRace(error)) throw error;
        report.skipped += 1;
      }
    }
    afterId = candidates[candidates.length - 1]!.id;
  }
  return report;
}
