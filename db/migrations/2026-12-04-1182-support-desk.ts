import { sql, type Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// The desk side of issue 14 (item 3): the reply templates the desk keeps itself, one name per
// language, and the queue indexes in each queue's sort order (oldest first).
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  await db.schema
    .createTable("support_reply_templates")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("locale", "text", (c) => c.notNull().check(sql`locale in ('en', 'de', 'nl')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("updated_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("support_reply_templates_name", ["locale", "name"])
    .execute();

  // "Mine" and "my tier" / "unassigned": open requests of one agent or one tier, oldest first.
  await db.schema
    .createIndex("support_requests_by_holder")
    .on("support_requests")
    .columns(["assigned_user_id", "received_at", "id"])
    .execute();
  await db.schema.createIndex("support_requests_by_tier").on("support_requests").columns(["tier", "received_at", "id"]).execute();
}
