import type { DB } from "../../db/connection";
import { lockKey } from "./locks.server";

// The log of background job runs. Small on purpose: the latest runs of each job only.

export const KEEP_RUNS_PER_JOB = 100;
const MAX_TEXT = 2000;

export type JobOutcome = { result: unknown } | { error: unknown };

export interface JobRun {
  id: number;
  job: string;
  startedAt: string;
  finishedAt: string;
  outcome: "ok" | "error";
  /** The job's report as JSON text (null when it returned nothing). */
  summary: string | null;
  error: string | null;
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_TEXT);
}

function summaryOf(result: unknown): string | null {
  if (result === undefined || result === null) return null;
  const text = JSON.stringify(result) ?? null;
  return text === null ? null : text.slice(0, MAX_TEXT);
}

/** Records one run and drops the job's runs beyond the latest KEEP_RUNS_PER_JOB, in one transaction. */
export async function recordJobRun(db: DB, name: string, startedAt: Date, finishedAt: Date, outcome: JobOutcome): Promise<void> {
  const failed = "error" in outcome;
  await db.transaction().execute(async (trx) => {
    // Several servers record runs of the same job: one trims its log at a time (no deadlock
    // between two deletes of the same old rows on PostgreSQL).
    await lockKey(trx, `job_runs:${name}`);
    await trx
      .insertInto("job_runs")
      .values({
        job: name,
        started_at: startedAt.toISOString(),
        finished_at: finishedAt.toISOString(),
        outcome: failed ? "error" : "ok",
        summary: failed ? null : summaryOf(outcome.result),
        error: failed ? errorMessage(outcome.error) : null,
      })
      .execute();
    await trx
      .deleteFrom("job_runs")
      .where("job", "=", name)
      .where("id", "not in", trx.selectFrom("job_runs").select("id").where("job", "=", name).orderBy("id", "desc").limit(KEEP_RUNS_PER_JOB))
      .execute();
  });
}

const columns = ["id", "job", "started_at as startedAt", "finished_at as finishedAt", "outcome", "summary", "error"] as const;

/** The latest run of each job, by job name. */
export async function latestJobRuns(db: DB): Promise<Map<string, JobRun>> {
  const latest = db
    .selectFrom("job_runs")
    .select((eb) => eb.fn.max("id").as("id"))
    .groupBy("job");
  const rows = await db.selectFrom("job_runs").select(columns).where("id", "in", latest).execute();
  return new Map(rows.map((r) => [r.job, r]));
}

export async function listJobRuns(db: DB, name: string, limit = 20): Promise<JobRun[]> {
  return db.selectFrom("job_runs").select(columns).where("job", "=", name).orderBy("id", "desc").limit(limit).execute();
}
