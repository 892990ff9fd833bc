import type { Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// API keys of an organisation (SPEC 13, issue 13): the secret is "dp_<public id>_<secret>", the
// database keeps the public id (the lookup) and a SHA-256 of the secret only, like a session.
// A key limited to accounts has rows in api_key_accounts; all_accounts = 1 means every account
// of the organisation, now and later. Idempotency keys of API POSTs are kept here for 24 hours.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_keys")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("public_id", "text", (c) => c.notNull().unique())
    .addColumn("secret_hash", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("all_accounts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("last_used_at", timestampType(db))
    .addColumn("revoked_at", timestampType(db))
    .addColumn("revoked_by", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("api_keys_by_organisation").on("api_keys").columns(["organisation_id", "created_at"]).execute();
  await db.schema
    .createTable("api_key_accounts")
    .addColumn("api_key_id", "integer", (c) => c.notNull().references("api_keys.id"))
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addPrimaryKeyConstraint("api_key_accounts_pk", ["api_key_id", "account_id"])
    .execute();
  await db.schema
    .createTable("api_idempotency")
    .addColumn("api_key_id", "integer", (c) => c.notNull().references("api_keys.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("status", "integer", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("api_idempotency_pk", ["api_key_id", "idempotency_key"])
    .execute();
  await db.schema.createIndex("api_idempotency_by_created").on("api_idempotency").column("created_at").execute();
}
