import type { Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// Webhook endpoints of an organisation (SPEC 13, issue 13 item 4) and their deliveries. The signing
// secret is kept as it is: signing needs it (unlike an API key, which is only compared). Each
// event reaches an endpoint once: (endpoint_id, event_id) is unique, so a notice reported twice
// queues nothing new. Every try of a delivery is logged with its status code and timing.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("enabled"))
    .addColumn("disabled_reason", "text")
    .addColumn("failing_since", timestampType(db))
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("deleted_at", timestampType(db))
    .execute();
  await db.schema.createIndex("webhook_endpoints_by_organisation").on("webhook_endpoints").columns(["organisation_id", "id"]).execute();
  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("endpoint_id", "integer", (c) => c.notNull().references("webhook_endpoints.id"))
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", timestampType(db), (c) => c.notNull())
    .addColumn("locked_until", timestampType(db))
    .addColumn("last_status_code", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("delivered_at", timestampType(db))
    .addUniqueConstraint("webhook_deliveries_once", ["endpoint_id", "event_id"])
    .execute();
  await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("webhook_deliveries_by_endpoint").on("webhook_deliveries").columns(["endpoint_id", "id"]).execute();
  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("delivery_id", "integer", (c) => c.notNull().references("webhook_deliveries.id"))
    .addColumn("attempted_at", timestampType(db), (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .execute();
  await db.schema.createIndex("webhook_attempts_by_delivery").on("webhook_attempts").columns(["delivery_id", "id"]).execute();
}
