// `npm run jobs:attachments`: the attachment clean-up for cron (the server also runs it every 6 hours).
import { databaseLocation, openDatabase } from "../../db/connection";
import { systemClock } from "../utils/clock.server";
import { getEnv } from "../utils/env.server";
import { attachmentCleanupJob } from "./attachment-cleanup.server";
import { runRecorded } from "../services/job-runs.server";

const db = openDatabase(databaseLocation(getEnv()));
try {
  const run = await runRecorded(db, attachmentCleanupJob.name, systemClock, (now) => attachmentCleanupJob.run(db, now));
  if (!run.ok) throw run.error;
  console.log(`attachment clean-up: ${JSON.stringify(run.result)}`);
} finally {
  await db.destroy();
}
