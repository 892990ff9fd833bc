import { sql, type Kysely } from "kysely";
import { idColumn, timestampType } from "./portable";

// Support requests (SPEC 9, issue 14): the request with its promises and the columns the desk
// (queues, breaches, dashboard) will read, its conversation (public messages and internal
// notes in one table, told apart by visibility), its timeline, the SR-2026-000123 counter, and
// who on the desk is which tier and responsible for which organisation or category.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);

  await db.schema
    .createTable("support_agents")
    .addColumn("user_id", "integer", (c) => c.primaryKey().references("users.id"))
    .addColumn("tier", "integer", (c) => c.notNull().check(sql`tier in (1, 2, 3)`))
    .execute();

  // "One responsible person per customer", and one per category as the fallback (SPEC 9).
  await db.schema
    .createTable("support_organisation_agents")
    .addColumn("organisation_id", "integer", (c) => c.primaryKey().references("organisations.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("support_agents.user_id"))
    .execute();
  await db.schema
    .createTable("support_category_agents")
    .addColumn("category", "text", (c) =>
      c.primaryKey().check(sql`category in ('information', 'access', 'change', 'incident', 'complaint')`),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("support_agents.user_id"))
    .execute();

  await db.schema
    .createTable("support_request_counters")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("support_requests")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("request_number", "text", (c) => c.notNull().unique())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    // The location it concerns; null for a head office's request about the organisation as a whole.
    .addColumn("account_id", "integer", (c) => c.references("accounts.id"))
    .addColumn("filed_by_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("category", "text", (c) => c.notNull().check(sql`category in ('information', 'access', 'change', 'incident', 'complaint')`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('received', 'in_progress', 'waiting_for_merchant', 'solved', 'closed')`),
    )
    .addColumn("tier", "integer", (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`tier in (1, 2, 3)`),
    )
    .addColumn("management_flag", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`management_flag in (0, 1)`),
    )
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("reply_channel", "text", (c) => c.notNull().check(sql`reply_channel in ('portal', 'email', 'phone')`))
    // The language the merchant filed in: the desk's templates and the acknowledgment use it.
    .addColumn("locale", "text", (c) => c.notNull().check(sql`locale in ('en', 'de', 'nl')`))
    .addColumn("case_id", "integer", (c) => c.references("cases.id"))
    .addColumn("transaction_id", "integer", (c) => c.references("transactions.id"))
    .addColumn("statement_id", "integer", (c) => c.references("statements.id"))
    .addColumn("assigned_user_id", "integer", (c) => c.references("support_agents.user_id"))
    .addColumn("received_at", ts, (c) => c.notNull())
    .addColumn("acknowledge_by", ts, (c) => c.notNull())
    .addColumn("acknowledged_at", ts)
    // Complaints only: handled within two months of receipt.
    .addColumn("resolve_by", ts)
    .addColumn("first_response_at", ts)
    .addColumn("solved_at", ts)
    .addColumn("closed_at", ts)
    // Marks for the promise job (item 5): each warning and breach is recorded once.
    .addColumn("acknowledge_warned_at", ts)
    .addColumn("acknowledge_breached_at", ts)
    .addColumn("resolve_warned_at", ts)
    .addColumn("resolve_breached_at", ts)
    .addColumn("rating", "integer", (c) => c.check(sql`rating between 1 and 5`))
    .addColumn("rating_comment", "text")
    .addColumn("rated_at", ts)
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addCheckConstraint("support_requests_complaint_promise", sql`category <> 'complaint' or resolve_by is not null`)
    .execute();
  // The merchant lists, newest first: a head office by organisation, a location by account.
  await db.schema
    .createIndex("support_requests_by_organisation")
    .on("support_requests")
    .columns(["organisation_id", "received_at", "id"])
    .execute();
  await db.schema.createIndex("support_requests_by_account").on("support_requests").columns(["account_id", "received_at", "id"]).execute();
  // The duplicate rule: open requests of an organisation about one case.
  await db.schema
    .createIndex("support_requests_by_case")
    .on("support_requests")
    .columns(["case_id", "organisation_id", "category"])
    .execute();
  // The desk's queues and the per-agent count.
  await db.schema.createIndex("support_requests_by_queue").on("support_requests").columns(["status", "tier", "assigned_user_id"]).execute();
  await db.schema.createIndex("support_requests_by_agent").on("support_requests").columns(["assigned_user_id", "status"]).execute();

  await db.schema
    .createTable("support_messages")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("request_id", "integer", (c) => c.notNull().references("support_requests.id"))
    .addColumn("at", ts, (c) => c.notNull())
    // Null for the portal's own messages (the acknowledgment).
    .addColumn("author_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("author_kind", "text", (c) => c.notNull().check(sql`author_kind in ('merchant', 'agent', 'system')`))
    // Internal notes are for the desk only; merchant queries read 'public' rows and nothing else.
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility in ('public', 'internal')`))
    .addColumn("body", "text", (c) => c.notNull())
    .addCheckConstraint("support_messages_merchant_public", sql`author_kind <> 'merchant' or visibility = 'public'`)
    .execute();
  await db.schema.createIndex("support_messages_by_request").on("support_messages").columns(["request_id", "at", "id"]).execute();

  await db.schema
    .createTable("support_events")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("request_id", "integer", (c) => c.notNull().references("support_requests.id"))
    .addColumn("at", ts, (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema.createIndex("support_events_by_request").on("support_events").columns(["request_id", "at", "id"]).execute();
}
