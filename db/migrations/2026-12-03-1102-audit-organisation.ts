import { sql, type Kysely } from "kysely";
import { onPostgres } from "./portable";

// The organisation's audit trail (/settings/audit, issue 11): every row names the organisation it
// belongs to, set by the audit model from the entity or the actor (app/models/audit.server.ts), and
// one index serves the page's order (newest first) within an organisation. Platform rows (settings,
// jobs, outbox) and sign-in attempts of platform users keep null.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("audit_log")
    .addColumn("organisation_id", "integer", (c) => c.references("organisations.id"))
    .execute();

  // The rows so far, derived as the model derives new ones: the organisation an organisation,
  // account or user entity belongs to, else the acting user's organisation.
  const entityOrganisation = (table: "organisations" | "accounts" | "users", column: "id" | "organisation_id", type: string) =>
    sql`case when audit_log.entity_type = ${type} then (select ${sql.ref(`e.${column}`)} from ${sql.table(table)} e
      where e.id = cast(audit_log.entity_id as integer)) end`;
  const backfill = sql`update audit_log set organisation_id = coalesce(
      ${entityOrganisation("organisations", "id", "organisation")},
      ${entityOrganisation("accounts", "organisation_id", "account")},
      ${entityOrganisation("users", "organisation_id", "user")},
      (select u.organisation_id from users u where u.id = audit_log.actor_user_id))`;
  // The trail refuses updates (its append-only guard); this one-time fill of a new column lifts
  // the guard for its own statement only, inside the migration's transaction.
  if (onPostgres(db)) {
    await sql`alter table audit_log disable trigger user`.execute(db);
    await backfill.execute(db);
    await sql`alter table audit_log enable trigger user`.execute(db);
  } else {
    const guards = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
      where type = 'trigger' and tbl_name = 'audit_log'`.execute(db);
    for (const g of guards.rows) await sql`drop trigger ${sql.id(g.name)}`.execute(db);
    await backfill.execute(db);
    for (const g of guards.rows) await sql.raw(g.sql).execute(db);
  }

  await db.schema.createIndex("audit_log_by_organisation_at").on("audit_log").columns(["organisation_id", "at", "id"]).execute();
}
