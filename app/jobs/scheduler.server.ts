import { systemClock, type Clock } from "~/utils/clock.server";
import { attachmentCleanupJob } from "./attachment-cleanup.server";
import { deadlinesJob } from "./deadlines.server";
import { emailDeliveryJob } from "./email-delivery.server";
import { unlessRunningElsewhere, type AloneRun } from "~/models/locks.server";
import { runRecorded, type Job, type RecordedRun } from "~/services/job-runs.server";
import { notificationDigestJob } from "./notification-digest.server";
import { signInSweepJob } from "./sign-in-sweep.server";
import { statementsJob } from "./statements.server";
import { supportPromisesJob } from "./support-promises.server";
import { webhookDeliveryJob } from "./webhook-delivery.server";
import type { DB } from "~/utils/db.server";

// Later areas (deadlines, email delivery, statements) register their jobs here.
export const jobs: Job[] = [
  statementsJob,
  emailDeliveryJob,
  deadlinesJob,
  notificationDigestJob,
  attachmentCleanupJob,
  signInSweepJob,
  webhookDeliveryJob,
  supportPromisesJob,
];

/** One timed run of a job, as the timers make it: recorded, and skipped while another process runs a job that `runsAlone`. */
export function runScheduled(db: DB, job: Job, clock: Clock): Promise<AloneRun<RecordedRun<unknown>>> {
  const once = () => runRecorded(db, job.name, clock, (now) => job.run(db, now));
  return job.runsAlone ? unlessRunningElsewhere(db, `job:${job.name}`, once) : once().then((result) => ({ ran: true, result }) as const);
}

/**
 * Runs each job on its own timer inside the server; a run never overlaps the previous one. With
 * several servers on one PostgreSQL, a job that `runsAlone` skips its turn while another server
 * runs it (that run is recorded there); the others share their work through their claims.
 */
export function startBackgroundJobs(
  db: DB,
  options: { list?: Job[]; clock?: Clock; everyMs?: number | undefined } = {},
): { stop: () => Promise<void> } {
  const { list = jobs, clock = systemClock } = options;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of list) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const run = runScheduled(db, job, clock)
        .then((alone) => {
          if (alone.ran && !alone.result.ok) console.error(`[job ${job.name}] failed:`, alone.result.error);
        })
        .catch((error: unknown) => console.error(`[job ${job.name}] run not recorded:`, error))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    timers.push(setInterval(tick, options.everyMs ?? job.everyMs));
    setImmediate(tick);
  }
  return {
    stop: async () => {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
