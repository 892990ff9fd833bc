import type { Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// Network intake keys (SPEC 4, 13, issue 13): the platform admin's keys for the card network's
// systems, which deliver cases to POST /api/v1/network/cases. They belong to no organisation, so
// they have a table of their own beside api_keys (whose organisation_id is NOT NULL): the secret
// is "dpn_<public id>_<secret>", stored as a hash only. The first answer to each batch under an
// Idempotency-Key is kept 24 hours in network_intake_idempotency, as api_idempotency does for keys.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("network_intake_keys")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("public_id", "text", (c) => c.notNull().unique())
    .addColumn("secret_hash", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addColumn("last_used_at", timestampType(db))
    .addColumn("revoked_at", timestampType(db))
    .addColumn("revoked_by", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema
    .createTable("network_intake_idempotency")
    .addColumn("intake_key_id", "integer", (c) => c.notNull().references("network_intake_keys.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("status", "integer", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", timestampType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint("network_intake_idempotency_pk", ["intake_key_id", "idempotency_key"])
    .execute();
}
