import type { DB } from "../../db/connection";
import { recordJobRun } from "~/models/job-run.server";

// A background job and the one way to run it. Here, below the jobs that use it, so "Run now" in
// the admin services needs nothing from app/jobs.

export interface Job {
  name: string;
  everyMs: number;
  run: (db: DB, now: Date) => Promise<unknown>;
  /**
   * Several portal processes on one PostgreSQL: true when a timed run is skipped while another
   * process runs this job (a sweep over the same rows); false for a job whose claims let several
   * processes share its work (email delivery, `for update skip locked`).
   */
  runsAlone?: boolean;
}

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
