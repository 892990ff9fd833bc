import { z } from "zod";

/** "Run now" on /admin/jobs: the job is looked up by name in the scheduler's list. */
export const runJobSchema = z.object({
  intent: z.literal("run"),
  job: z.string().regex(/^[a-z][a-z-]{0,63}$/),
});
