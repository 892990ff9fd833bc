import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { deadlinesJob } from "./deadlines.server";
import { emailDeliveryJob } from "./email-delivery.server";
import { notificationDigestJob } from "./notification-digest.server";
import { statementsJob } from "./statements.server";
import type { DB } from "~/utils/db.server";

export interface Job {
  name: string;
  everyMs: number;
  run: (db: DB, now: Date) => Promise<unknown>;
}

// Later areas (deadlines, email delivery, statements) register their jobs here.
export const jobs: Job[] = [statementsJob, emailDeliveryJob, deadlinesJob, notificationDigestJob];

/** Runs each job on its own timer inside the server; a run never overlaps the previous one. */
export function startBackgroundJobs(list: Job[] = jobs): { stop: () => Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of list) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const run = job
        .run(getDb(), systemClock())
        .catch((error: unknown) => console.error(`[job ${job.name}] failed:`, error))
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
