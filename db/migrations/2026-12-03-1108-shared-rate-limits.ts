import { sql, type Kysely } from "kysely";
import { onPostgres } from "./portable";

// Several portal processes on one PostgreSQL count requests together: rate-limiter-flexible's
// RateLimiterPostgres keeps the counters in this table (app/utils/rate-limit.server.ts), made here
// instead of by the library at run time. Its columns are the library's own (key, points, expire in
// epoch milliseconds). SQLite keeps its counters in a file of their own in DATA_DIR, as before.
export async function up(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "varchar(255)", (c) => c.primaryKey())
    .addColumn("points", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expire", "bigint")
    .execute();
  await sql`comment on table rate_limits is 'rate-limiter-flexible counters shared by every portal process'`.execute(db);
}
