import { sql, type Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// Announcements (SPEC 9, issue 14 item 6): maintenance and incidents an admin posts for the notice
// board and the public /status page. English is required; German and Dutch are optional (readers
// then see the English) but come as a pair. No end means until further notice. "End now" sets
// ends_at, so the history stays.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("announcements")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('maintenance', 'incident')`))
    .addColumn("severity", "text", (c) => c.notNull().check(sql`severity in ('info', 'minor', 'major')`))
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("body_en", "text", (c) => c.notNull())
    .addColumn("title_de", "text")
    .addColumn("body_de", "text")
    .addColumn("title_nl", "text")
    .addColumn("body_nl", "text")
    .addColumn("starts_at", timestampType(db), (c) => c.notNull())
    .addColumn("ends_at", timestampType(db))
    .addColumn("created_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addCheckConstraint("announcements_window", sql`ends_at is null or ends_at >= starts_at`)
    .addCheckConstraint("announcements_de_pair", sql`(title_de is null) = (body_de is null)`)
    .addCheckConstraint("announcements_nl_pair", sql`(title_nl is null) = (body_nl is null)`)
    .execute();
  // Every page's notice board asks for what has not ended yet; ended ones pile up over the years.
  await db.schema.createIndex("announcements_by_end").on("announcements").columns(["ends_at", "starts_at"]).execute();
}
