// `npm run jobs:deadlines`: the deadline sweep for cron. The server runs the same sweep every minute;
// both may run at once (each case is changed in its own guarded transaction).
import { databaseLocation, openDatabase } from "../../db/connection";
import { systemClock } from "../utils/clock.server";
import { getEnv } from "../utils/env.server";
import { deadlinesJob, runDeadlines } from "./deadlines.server";
import { runRecorded } from "../services/job-runs.server";

const db = openDatabase(databaseLocation(getEnv()));
try {
  const run = await runRecorded(db, deadlinesJob.name, systemClock, (now) => runDeadlines(db, now));
  if (!run.ok) throw run.error;
  const r = run.result;
  console.log(
    `deadlines: ${r.closedNoReply} inquiries closed without reply (${r.noReplyChargebacks} chargebacks opened), ` +
      `${r.expired} chargebacks expired, ${r.urgentNotified} urgent notices, ${r.skipped} skipped, ` +
      `${r.reminders.reminded} reminders, ${r.reminders.escalated} escalations to the head office`,
  );
} finally {
  await db.destroy();
}
