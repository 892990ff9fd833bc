import type { Kysely } from "kysely";

// The account filter of /disputes lists a head office's locations by name: one walk of this index
// (it holds every column the list shows), not a sort of hundreds of account rows per page view.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("accounts_by_organisation_name")
    .on("accounts")
    .columns(["organisation_id", "name", "id", "merchant_number"])
    .execute();
}
