import type { Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// Drafts of a response (SPEC 3.7, issue 12 item 1): one per case (unique case_id), shared by
// everyone who may answer it, with its own version so two saves at once cannot overwrite each
// other silently. Its files are stored content-addressed like attachments; a row here keeps the
// file from the clean-up job until the draft is discarded, submitted or its case closes.
// `deadline_notice_at`: the deadline job told the savers of an incomplete draft, once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("case_drafts")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("case_id", "integer", (c) => c.notNull().unique().references("cases.id"))
    .addColumn("comment", "text", (c) => c.notNull())
    .addColumn("credit_text", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("saved_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("saved_at", timestampType(db), (c) => c.notNull())
    .addColumn("deadline_notice_at", timestampType(db))
    .execute();
  await db.schema
    .createTable("case_draft_files")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("draft_id", "integer", (c) => c.notNull().references("case_drafts.id").onDelete("cascade"))
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("required_document", "text")
    .addColumn("uploaded_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("uploaded_at", timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_draft_files_by_draft").on("case_draft_files").columns(["draft_id", "id"]).execute();
  await db.schema.createIndex("case_draft_files_by_sha256").on("case_draft_files").column("sha256").execute();
  await db.schema
    .alterTable("organisations")
    .addColumn("submit_drafts_at_deadline", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}
