import type { DB } from "../../db/connection";
import { recordJobRun } from "~/models/job-run.server";

export type RecordedRun<T> =
  { ok: true; result: T; startedAt: Date; finishedAt: Date } | { ok: false; error: unknown; startedAt: Date; finishedAt: Date };

/**
 * Runs a job's work once with `now` from the clock and records the run in job_runs, whether it
 * succeeded or failed; the one way the timers, the cron commands and "Run now" run a job.
 */
export async function runRecorded<T>(db: DB, name: string, clock: () => Date, work: (now: Date) => Promise<T>): Promise<RecordedRun<T>> {
  const startedAt = clock();
  try {
    const result = await work(startedAt);
    const finishedAt = clock();
    await recordJobRun(db, name, startedAt, finishedAt, { result });
    return { ok: true, result, startedAt, finishedAt };
  } catch (error) {
    const finishedAt = clock();
    await recordJobRun(db, name, startedAt, finishedAt, { error });
    return { ok: false, error, startedAt, finishedAt };
  }
}
