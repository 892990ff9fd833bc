import { sql, type Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// A log of background job runs (timer and cron alike), shown on /admin/jobs. Not an audit table:
// only the latest runs of each job are kept.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("job_runs")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("job", "text", (c) => c.notNull())
    .addColumn("started_at", timestampType(db), (c) => c.notNull())
    .addColumn("finished_at", timestampType(db), (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('ok', 'error')`))
    // The job's report as JSON when it succeeded, the error message when it failed.
    .addColumn("summary", "text")
    .addColumn("error", "text")
    .execute();
  await db.schema.createIndex("job_runs_by_job").on("job_runs").columns(["job", "id"]).execute();
}
