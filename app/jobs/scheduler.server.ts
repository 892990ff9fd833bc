import { systemClock, type Clock } from "~/utils/clock.server";
import { attachmentCleanupJob } from "./attachment-cleanup.server";
import { deadlinesJob } from "./deadlines.server";
import { emailDeliveryJob } from "./email-delivery.server";
import { runRecorded, type Job } from "~/services/job-runs.server";
import { notificationDigestJob } from "./notification-digest.server";
import { signInSweepJob } from "./sign-in-sweep.server";
import { statementsJob } from "./statements.server";
import type { DB } from "~/utils/db.server";

// Later areas (deadlines, email delivery, statements) register their jobs here.
export const jobs: Job[] = [statementsJob, emailDeliveryJob, deadlinesJob, notificationDigestJob, attachmentCleanupJob, signInSweepJob];

/** Runs each job on its own timer inside the server; a run never overlaps the previous one. */
export function startBackgroundJobs(db: DB, options: { list?: Job[]; clock?: Clock } = {}): { stop: () => Promise<void> } {
  const { list = jobs, clock = systemClock } = options;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of list) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const run = runRecorded(db, job.name, clock, (now) => job.run(db, now))
        .then((r) => {
          if (!r.ok) console.error(`[job ${job.name}] failed:`, r.error);
        })
        .catch((error: unknown) => console.error(`[job ${job.name}] run not recorded:`, error))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    timers.push(setInterval(tick, job.everyMs));
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
