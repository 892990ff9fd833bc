import { sql, type Kysely } from "kysely";
import { idColumn, onPostgres, refuseChanges, timestampType } from "./portable";

// Frozen in time: migrations never import the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("legal_name", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("vat_id", "text")
    .addColumn("dispute_handling", "text", (c) => c.notNull().check(sql`dispute_handling in ('central', 'local')`))
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("accounts")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("merchant_number", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(
          onPostgres(db) ? sql`merchant_number ~ '^[0-9]{10}$'` : sql`length(merchant_number) = 10 and merchant_number not glob '*[^0-9]*'`,
        ),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull().check(sql`length(currency) = 3`))
    .addColumn("paperless", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`paperless in (0, 1)`),
    )
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex("accounts_by_organisation").on("accounts").column("organisation_id").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('location', 'head_office', 'org_admin', 'analyst', 'admin')`))
    .addColumn("organisation_id", "integer", (c) => c.references("organisations.id"))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("preferred_contact", "text", (c) =>
      c
        .notNull()
        .defaultTo("email")
        .check(sql`preferred_contact in ('email', 'phone', 'post', 'secure_message')`),
    )
    .addColumn("phone", "text")
    .addColumn("locale", "text", (c) => c.check(sql`locale in ('en', 'de')`))
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    // Merchant roles belong to an organisation; the network's staff do not.
    .addCheckConstraint(
      "users_organisation_matches_role",
      sql`(role in ('location', 'head_office', 'org_admin')) = (organisation_id is not null)`,
    )
    .execute();
  await db.schema.createIndex("users_by_organisation").on("users").column("organisation_id").execute();

  await db.schema
    .createTable("user_accounts")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addPrimaryKeyConstraint("user_accounts_pk", ["user_id", "account_id"])
    .execute();
  await db.schema.createIndex("user_accounts_by_account").on("user_accounts").column("account_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("secret_hash", "text", (c) => c.notNull())
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("expires_at", timestampType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_by_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("password_reset_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("secret_hash", "text", (c) => c.notNull())
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("expires_at", timestampType(db), (c) => c.notNull())
    .addColumn("used_at", timestampType(db))
    .execute();
  await db.schema.createIndex("password_reset_tokens_by_user").on("password_reset_tokens").column("user_id").execute();

  await db.schema
    .createTable("login_throttle")
    .addColumn("identifier", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failure_at", timestampType(db), (c) => c.notNull())
    .addColumn("locked_until", timestampType(db))
    .execute();

  await db.schema
    .createTable("email_outbox")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'sending', 'sent', 'failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", timestampType(db), (c) => c.notNull())
    .addColumn("locked_until", timestampType(db))
    .addColumn("last_error", "text")
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("sent_at", timestampType(db))
    .execute();
  await db.schema.createIndex("email_outbox_due").on("email_outbox").columns(["status", "next_attempt_at"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("at", timestampType(db), (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema.createIndex("audit_log_by_entity").on("audit_log").columns(["entity_type", "entity_id", "id"]).execute();
  // The audit trail is append-only: the database itself refuses edits and deletions.
  await refuseChanges(db, "audit_log", "update", "audit_log is append-only");
  await refuseChanges(db, "audit_log", "delete", "audit_log is append-only");

  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", timestampType(db), (c) => c.notNull())
    .execute();
}
