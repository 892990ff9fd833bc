import type { DB } from "../../db/connection";
import { promiseBounds, promiseEventType, promiseMarksDue } from "~/domain/support-promises";
import { appendSupportEvent } from "~/models/support.server";
import { promiseCandidates, recordPromiseMark, type PromiseCandidate } from "~/models/support-notices.server";
import type { Job } from "~/services/job-runs.server";
import { notifyDeskOfPromise } from "~/services/support-notices.server";
import { closeRequestsPastReopenWindow } from "~/services/support.server";

export interface PromiseReport {
  warned: number;
  breached: number;
  notified: number;
  /** Solved requests closed after their 14 days to reopen. */
  closed: number;
}

const BATCH = 200;
const at = (iso: string | null) => (iso === null ? null : new Date(iso));

/**
 * Also closes solved requests whose 14 days to reopen have passed (the desk's other timer).
 *
 * SPEC 9 "the desk sees what is close to breaking them, and a breach is recorded and reported":
 * each open request's acknowledgment and complaint promise gets its warning and its breach
 * recorded once, with a timeline event and a notice to the holder and the tier's lead. Each mark
 * in its own transaction whose conditional update re-checks the rule, so a rerun or a second
 * process records nothing twice and a request answered meanwhile is left alone.
 */
export async function runSupportPromises(db: DB, now: Date): Promise<PromiseReport> {
  const report: PromiseReport = { warned: 0, breached: 0, notified: 0, closed: 0 };
  report.closed = await closeRequestsPastReopenWindow(db, now);
  const bounds = promiseBounds(now);
  let afterId = 0;
  for (;;) {
    const batch = await promiseCandidates(db, bounds, afterId, BATCH);
    for (const candidate of batch) await markOne(db, candidate, now, bounds, report);
    if (batch.length < BATCH) return report;
    afterId = batch[batch.length - 1]!.id;
  }
}

async function markOne(db: DB, c: PromiseCandidate, now: Date, bounds: ReturnType<typeof promiseBounds>, report: PromiseReport) {
  const due = promiseMarksDue(
    {
      status: c.status,
      category: c.category,
      acknowledgeBy: new Date(c.acknowledgeBy),
      acknowledgedAt: at(c.acknowledgedAt),
      resolveBy: at(c.resolveBy),
      solvedAt: at(c.solvedAt),
      acknowledgeWarnedAt: at(c.acknowledgeWarnedAt),
      acknowledgeBreachedAt: at(c.acknowledgeBreachedAt),
      resolveWarnedAt: at(c.resolveWarnedAt),
      resolveBreachedAt: at(c.resolveBreachedAt),
    },
    now,
  );
  for (const mark of due) {
    const notified = await db.transaction().execute(async (trx) => {
      if (!(await recordPromiseMark(trx, c.id, mark.promise, mark.mark, bounds))) return null;
      await appendSupportEvent(trx, {
        requestId: c.id,
        at: now,
        actorUserId: null,
        eventType: promiseEventType(mark.mark),
        from: null,
        to: null,
        details: { promise: mark.promise, dueAt: mark.dueAt.toISOString() },
      });
      return notifyDeskOfPromise(trx, { request: c, promise: mark.promise, mark: mark.mark, dueAt: mark.dueAt }, now);
    });
    if (notified === null) continue;
    if (mark.mark === "warning") report.warned++;
    else report.breached++;
    report.notified += notified;
  }
}

// Promises count Berlin calendar days: a few minutes late is still the same day's warning.
export const supportPromisesJob: Job = {
  name: "support-promises",
  everyMs: 5 * 60_000,
  runsAlone: true,
  run: runSupportPromises,
};
