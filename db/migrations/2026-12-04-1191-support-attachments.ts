import { sql, type Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// Files on support requests (SPEC 9 "attachments (rules of 3.5)"): stored like the case
// attachments, content-addressed under DATA_DIR; a row per file, on the request's first text
// (message_id null) or on the message it came with.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("support_attachments")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("request_id", "integer", (c) => c.notNull().references("support_requests.id"))
    .addColumn("message_id", "integer", (c) => c.references("support_messages.id"))
    .addColumn("sha256", "text", (c) => c.notNull().check(sql`length(sha256) = 64`))
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) =>
      c.notNull().check(sql`media_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/tiff')`),
    )
    .addColumn("size_bytes", "integer", (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn("uploaded_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("uploaded_at", timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex("support_attachments_by_request").on("support_attachments").columns(["request_id", "id"]).execute();
  // The clean-up job asks whether any row still names a stored file.
  await db.schema.createIndex("support_attachments_by_file").on("support_attachments").column("sha256").execute();
}
