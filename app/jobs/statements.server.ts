import type { DB } from "../../db/connection";
import { generateDueStatements } from "~/services/statements.server";
import type { Job } from "~/services/job-runs.server";

// Hourly is plenty: a month closes at local midnight and its statement appears within the hour.
// Each run only fills months that are missing, so running it twice, or in two processes, is harmless.
export const statementsJob: Job = {
  name: "statements",
  everyMs: 60 * 60 * 1000,
  runsAlone: true,
  run: async (db: DB, now: Date) => {
    const report = await generateDueStatements(db, now);
    if (report.generated > 0) console.log(`[job statements] ${report.generated} statements generated`);
    return report;
  },
};
