import { sql, type Kysely } from "kysely";
import { timestampType } from "./portable";

// An org_admin invites the users of its organisation (issue 11, SPEC 14). The invitation's
// set-password link is a row of password_reset_tokens with its own purpose, so a link sent as an
// invitation can never be used on the reset page (or the other way round), and the reset emails'
// hourly limit counts resets only. `invited_at` says the user has not chosen a password yet (the
// list shows "invited" and offers to resend). The list of an organisation's users is walked in
// name order through its own index.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("password_reset_tokens")
    .addColumn("purpose", "text", (c) =>
      c
        .notNull()
        .defaultTo("reset")
        .check(sql`purpose in ('reset', 'invitation')`),
    )
    .execute();
  await db.schema.alterTable("users").addColumn("invited_at", timestampType(db)).execute();
  await db.schema.createIndex("users_by_organisation_name").on("users").columns(["organisation_id", "display_name", "id"]).execute();
}
