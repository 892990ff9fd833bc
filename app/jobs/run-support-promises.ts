// `npm run jobs:support-promises`: the support desk's promise check for cron. The server runs the
// same job every five minutes; both may run at once (each mark is recorded by a guarded update).
import { databaseLocation, openDatabase } from "../../db/connection";
import { systemClock } from "../utils/clock.server";
import { getEnv } from "../utils/env.server";
import { runRecorded } from "../services/job-runs.server";
import { runSupportPromises, supportPromisesJob } from "./support-promises.server";

const db = openDatabase(databaseLocation(getEnv()));
try {
  const run = await runRecorded(db, supportPromisesJob.name, systemClock, (now) => runSupportPromises(db, now));
  if (!run.ok) throw run.error;
  const r = run.result;
  console.log(`support promises: ${r.warned} warnings, ${r.breached} breaches recorded, ${r.notified} desk notices`);
} finally {
  await db.destroy();
}
