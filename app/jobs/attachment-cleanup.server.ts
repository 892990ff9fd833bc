import type { DB } from "../../db/connection";
import { cleanUpAttachments } from "~/services/disputes/attachment-cleanup.server";
import type { Job } from "~/services/job-runs.server";

/** Files left by refused or interrupted submissions (SPEC 3.5 storage), removed after a day. */
export const attachmentCleanupJob: Job = {
  name: "attachment-cleanup",
  everyMs: 6 * 60 * 60 * 1000,
  runsAlone: true,
  run: (db: DB, now: Date) => cleanUpAttachments(db, now),
};
