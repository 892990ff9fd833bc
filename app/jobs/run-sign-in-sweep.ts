// `npm run jobs:sweep`: the sign-in sweep for cron (the server also runs it every hour).
import { databaseLocation, openDatabase } from "../../db/connection";
import { systemClock } from "../utils/clock.server";
import { getEnv } from "../utils/env.server";
import { runRecorded } from "../services/job-runs.server";
import { signInSweepJob } from "./sign-in-sweep.server";

const db = openDatabase(databaseLocation(getEnv()));
try {
  const run = await runRecorded(db, signInSweepJob.name, systemClock, (now) => signInSweepJob.run(db, now));
  if (!run.ok) throw run.error;
  console.log(`sign-in sweep: ${JSON.stringify(run.result)}`);
} finally {
  await db.destroy();
}
