import type { DB } from "../../db/connection";
import { runDeadlineSweep } from "~/services/disputes/deadline-sweep.server";
import type { Job } from "~/services/job-runs.server";

/** SPEC 3.4: overdue cases closed, no-reply chargebacks opened, urgent notices sent once. */
export const deadlinesJob: Job = {
  name: "deadlines",
  everyMs: 60_000,
  run: (db: DB, now: Date) => runDeadlineSweep(db, now),
};
