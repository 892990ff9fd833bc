import { sql, type Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// Notification preferences (one row per user and category; no row means "on" for both channels)
// and the in-app notification centre. Emails go through the existing email_outbox.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("category", "text", (c) =>
      c.notNull().check(sql`category in ('new_inquiry', 'new_chargeback', 'case_update', 'urgent', 'payment')`),
    )
    .addColumn("in_app", "integer", (c) => c.notNull().check(sql`in_app in (0, 1)`))
    .addColumn("email", "integer", (c) => c.notNull().check(sql`email in (0, 1)`))
    // Email at once, or collected into one daily digest (08:00 in the user's time zone).
    .addColumn("email_delivery", "text", (c) =>
      c
        .notNull()
        .defaultTo("instant")
        .check(sql`email_delivery in ('instant', 'daily')`),
    )
    .addColumn("updated_at", timestampType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "category"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("category", "text", (c) =>
      c.notNull().check(sql`category in ('new_inquiry', 'new_chargeback', 'case_update', 'urgent', 'payment')`),
    )
    // What the notification is about; one per user and key, so a repeated notice (a job run twice,
    // a retried request) never shows twice. E.g. "case-event:42", "urgent:7:window:<respond_by>".
    .addColumn("dedupe_key", "text", (c) => c.notNull())
    .addColumn("case_id", "integer", (c) => c.references("cases.id"))
    .addColumn("case_event_id", "integer", (c) => c.references("case_events.id"))
    // Rendered when shown, in the reader's language: a message kind plus its facts as JSON.
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("link", "text")
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("read_at", timestampType(db))
    .execute();
  await db.schema.createIndex("notifications_once_per_user").on("notifications").columns(["user_id", "dedupe_key"]).unique().execute();
  // Keyset pagination (newest first) and the header's unread count.
  await db.schema.createIndex("notifications_by_user").on("notifications").columns(["user_id", "id"]).execute();
  await db.schema.createIndex("notifications_by_user_category").on("notifications").columns(["user_id", "category", "id"]).execute();
  await db.schema.createIndex("notifications_unread").on("notifications").columns(["user_id", "read_at"]).execute();

  // What waits for a user's daily digest email; digested_at is set when the digest is queued.
  await db.schema
    .createTable("notification_digest_items")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("category", "text", (c) =>
      c.notNull().check(sql`category in ('new_inquiry', 'new_chargeback', 'case_update', 'urgent', 'payment')`),
    )
    .addColumn("dedupe_key", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("link", "text")
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("digested_at", timestampType(db))
    .execute();
  await db.schema
    .createIndex("notification_digest_items_once_per_user")
    .on("notification_digest_items")
    .columns(["user_id", "dedupe_key"])
    .unique()
    .execute();
  await sql`create index notification_digest_items_waiting on notification_digest_items (user_id, id) where digested_at is null`.execute(
    db,
  );

  // The admin page lists the outbox newest first, and failed messages on their own.
  await db.schema.createIndex("email_outbox_by_status_id").on("email_outbox").columns(["status", "id"]).execute();
}
