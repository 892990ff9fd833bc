// One background job in a process of its own, as a second portal server would run it, for tests
// that run two at once on one database. Usage: tsx tests/setup/job-child.ts <job> <now ISO> <mode>,
// the database (and DATA_DIR, EMAIL_API_URL) from the environment. Mode "direct" calls the job's
// work; "timer" runs it the way the server's timer does (recorded, and skipped while another
// process runs a job that runs alone). Prints "ready", waits for a line on stdin, runs, prints
// the answer as JSON.
import { openDatabase } from "../../db/connection";
import { jobs, runScheduled } from "../../app/jobs/scheduler.server";

const [name, nowIso, mode] = process.argv.slice(2);
const job = jobs.find((j) => j.name === name);
if (!job) throw new Error(`no job ${name}`);
const db = openDatabase(process.env.DATABASE_URL ?? process.env.DATABASE_PATH!);
await db.selectFrom("job_runs").select("id").limit(1).execute();
process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
const now = new Date(nowIso!);
try {
  const answer =
    mode === "timer"
      ? await runScheduled(db, job, () => now).then((alone) =>
          alone.ran
            ? { ran: true, ok: alone.result.ok, result: alone.result.ok ? alone.result.result : String(alone.result.error) }
            : { ran: false },
        )
      : { ran: true, ok: true, result: await job.run(db, now) };
  process.stdout.write(`RESULT ${JSON.stringify(answer)}\n`);
} finally {
  await db.destroy();
  process.stdin.destroy();
}
