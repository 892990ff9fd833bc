import type { DB } from "../../db/connection";
import { runDeadlineSweep } from "~/services/disputes/deadline-sweep.server";
import type { Job } from "~/services/job-runs.server";
import { sendStagedReminders } from "~/services/reminders.server";

/** SPEC 3.4: overdue cases closed, no-reply chargebacks opened, urgent notices sent once; SPEC 5: staged reminders. */
export async function runDeadlines(db: DB, now: Date) {
  const sweep = await runDeadlineSweep(db, now);
  return { ...sweep, reminders: await sendStagedReminders(db, now) };
}

export const deadlinesJob: Job = {
  name: "deadlines",
  everyMs: 60_000,
  runsAlone: true,
  run: runDeadlines,
};
