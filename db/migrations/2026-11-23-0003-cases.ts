import { sql, type Kysely } from "kysely";
import { idColumn, refuseChanges, timestampType } from "./portable";

// Dispute cases (inquiries and chargebacks), what an inquiry requires, the merchant's responses and
// their attachments, and the append-only timeline. Sized for a head office with hundreds of
// locations and hundreds of thousands of cases: every list and queue has an index that serves
// its filter and its order.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("cases")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("case_number", "text", (c) => c.notNull().unique())
    .addColumn("type", "text", (c) => c.notNull().check(sql`type in ('inquiry', 'chargeback')`))
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addColumn("transaction_id", "integer", (c) => c.notNull().references("transactions.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('awaiting_response', 'under_review', 'closed')`))
    .addColumn("outcome", "text", (c) =>
      c.check(
        sql`outcome is null or outcome in ('credit_issued', 'resolved', 'charged_back', 'no_reply', 'won', 'lost', 'accepted', 'expired')`,
      ),
    )
    .addColumn("disputed_amount_minor", "integer", (c) => c.notNull().check(sql`disputed_amount_minor > 0`))
    .addColumn("currency", "text", (c) => c.notNull().check(sql`length(currency) = 3`))
    .addColumn("reason_code", "text", (c) => c.notNull())
    .addColumn("reason_text", "text", (c) => c.notNull())
    .addColumn("received_at", timestampType(db), (c) => c.notNull())
    .addColumn("respond_by", timestampType(db), (c) => c.notNull())
    .addColumn("urgent_flag", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`urgent_flag in (0, 1)`),
    )
    // Set by the deadline job when the case enters the urgent window, so that notice goes once.
    .addColumn("urgent_window_notified_at", timestampType(db))
    // Inquiry <-> chargeback: the chargeback points at the inquiry it came from and the inquiry
    // at its chargeback.
    .addColumn("related_case_id", "integer", (c) => c.references("cases.id"))
    // When the latest response was submitted: the review queue's order (oldest response first).
    .addColumn("last_response_at", timestampType(db))
    .addColumn("opened_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("updated_at", timestampType(db), (c) => c.notNull())
    .addCheckConstraint("cases_closed_has_outcome", sql`(status = 'closed') = (outcome is not null)`)
    .execute();

  // Merchant lists: per account (scope), optionally by status, ordered by respond-by (keyset on id).
  await db.schema
    .createIndex("cases_by_account_status_respond_by")
    .on("cases")
    .columns(["account_id", "status", "respond_by", "id"])
    .execute();
  await db.schema.createIndex("cases_by_account_respond_by").on("cases").columns(["account_id", "respond_by", "id"]).execute();
  // The deadline job (open cases by respond-by) and the analyst's view of all cases.
  await db.schema.createIndex("cases_by_status_respond_by").on("cases").columns(["status", "respond_by", "id"]).execute();
  // Review queue: under_review, oldest response first.
  await db.schema.createIndex("cases_by_status_last_response").on("cases").columns(["status", "last_response_at", "id"]).execute();
  await db.schema.createIndex("cases_by_transaction").on("cases").columns(["transaction_id", "type"]).execute();
  await db.schema.createIndex("cases_by_related").on("cases").column("related_case_id").execute();
  // One chargeback per transaction: the database itself refuses a second no-reply chargeback, even
  // when two deadline jobs race past the version check.
  await sql`create unique index cases_one_chargeback_per_transaction on cases (transaction_id) where type = 'chargeback'`.execute(db);
  // Search by card last four / network reference goes through transactions.
  await db.schema.createIndex("transactions_by_card_last4").on("transactions").columns(["card_last4"]).execute();

  // Case numbers: INQ-2026-000123, CB-2026-000456; one counter per prefix and year.
  await db.schema
    .createTable("case_number_counters")
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("case_number_counters_pk", ["prefix", "year"])
    .execute();

  await db.schema
    .createTable("case_required_documents")
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("document_code", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("case_required_documents_pk", ["case_id", "document_code"])
    .execute();

  await db.schema
    .createTable("case_responses")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("submitted_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("submitted_at", timestampType(db), (c) => c.notNull())
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("credit_minor", "integer", (c) => c.check(sql`credit_minor is null or credit_minor > 0`))
    .addColumn("accepted", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`accepted in (0, 1)`),
    )
    .addColumn("version_at_submission", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_responses_by_case").on("case_responses").columns(["case_id", "id"]).execute();

  await db.schema
    .createTable("case_attachments")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("response_id", "integer", (c) => c.references("case_responses.id"))
    .addColumn("sha256", "text", (c) => c.notNull().check(sql`length(sha256) = 64`))
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) =>
      c.notNull().check(sql`media_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/tiff')`),
    )
    .addColumn("size_bytes", "integer", (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn("required_document", "text")
    .addColumn("uploaded_by_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("uploaded_at", timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_attachments_by_case").on("case_attachments").columns(["case_id", "id"]).execute();
  await db.schema.createIndex("case_attachments_by_response").on("case_attachments").column("response_id").execute();

  await db.schema
    .createTable("case_events")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("at", timestampType(db), (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text")
    .addColumn("outcome", "text")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema.createIndex("case_events_by_case").on("case_events").columns(["case_id", "id"]).execute();

  // Submitted responses, their attachments and the timeline are immutable (SPEC 3.3).
  for (const table of ["case_events", "case_responses", "case_attachments"]) {
    await refuseChanges(db, table, "update", `${table} is append-only`);
    await refuseChanges(db, table, "delete", `${table} is append-only`);
  }
  await refuseChanges(db, "case_required_documents", "delete", "case_required_documents is append-only");
}
