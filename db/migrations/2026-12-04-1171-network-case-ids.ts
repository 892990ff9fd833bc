import type { Kysely } from "kysely";

// Case intake (SPEC 4, issue 13 item 5): the network's own id of a case delivered in a batch. One
// case per network id, so a batch imported twice creates nothing the second time; cases opened by
// hand or by a decision have none (NULLs never collide in a unique index, on either engine).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("cases").addColumn("network_case_id", "text").execute();
  await db.schema.createIndex("cases_by_network_case_id").on("cases").column("network_case_id").unique().execute();
}
