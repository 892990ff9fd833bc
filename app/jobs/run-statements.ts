// `npm run jobs:statements`: generates the statements of completed months that are missing, for cron.
// The server also runs this on its own timer; both may run at once (the unique key keeps one statement).
import { databaseLocation, openDatabase } from "../../db/connection";
import { generateDueStatements } from "../services/statements.server";
import { systemClock } from "../utils/clock.server";
import { getEnv } from "../utils/env.server";
import { runRecorded } from "../services/job-runs.server";
import { statementsJob } from "./statements.server";

const db = openDatabase(databaseLocation(getEnv()));
try {
  const run = await runRecorded(db, statementsJob.name, systemClock, (now) => generateDueStatements(db, now));
  if (!run.ok) throw run.error;
  const report = run.result;
  console.log(`statements: ${report.generated} generated, ${report.alreadyThere} already there`);
} finally {
  await db.destroy();
}
