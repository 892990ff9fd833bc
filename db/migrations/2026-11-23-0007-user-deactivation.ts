import type { Kysely } from "kysely";
import { timestampType } from "./portable";

// A platform operator can deactivate a user: they can no longer sign in and their sessions end.
// Users are never deleted (the audit trail and case events point at them).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("deactivated_at", timestampType(db)).execute();
}
