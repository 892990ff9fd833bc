import type { DB } from "../../db/connection";

export async function listUsersForAdmin(db: DB) {
  return db
    .selectFrom("users")
    .leftJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.id",
      "users.username",
      "users.display_name as displayName",
      "users.email",
      "users.role",
      "organisations.name as organisationName",
      "users.deactivated_at as deactivatedAt",
    ])
    .orderBy("users.username")
    .execute();
}

export async function outboxCounts(db: DB): Promise<Record<"pending" | "sending" | "sent" | "failed", number>> {
  const rows = await db
    .selectFrom("email_outbox")
    .select(["status", db.fn.countAll<number>().as("count")])
    .groupBy("status")
    .execute();
  const counts = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
