import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers, seedSupportDesk } from "../demo/organisations";
import { openDatabase, type DB } from "../connection";
import { migrations } from "./index";

// 2026-12-04-1181 widens the notification category checks for the support notices, by a table
// rebuild on SQLite (this test: rows written before survive with their ids and keys), and gives
// support agents the tier-lead mark. On PostgreSQL every test database runs it.

const THIS = "2026-12-04-1181-support-notices";
const names = Object.keys(migrations).sort();
const BEFORE = names[names.indexOf(THIS) - 1]!;
const AT = "2026-12-01T00:00:00.000Z";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migration-support-notices-"));
let db: DB;
let before: Record<string, unknown[]>;
const TABLES = ["notifications", "notification_preferences", "notification_digest_items"];
const migrator = (on: DB) => new Migrator({ db: on, provider: { getMigrations: () => Promise.resolve(migrations) } });
let user: number;

beforeAll(async () => {
  db = openDatabase(path.join(dir, "portal.sqlite"));
  expect((await migrator(db).migrateTo(BEFORE)).error).toBeUndefined();
  const ids = await seedOrganisationsAndUsers(db, new Date(AT), () => Promise.resolve("h"));
  // Inserted without the lead column, which does not exist yet.
  for (const tier of [1, 2] as const) {
    const { id } = await db
      .insertInto("users")
      .values({
        username: `agent-${tier}`,
        email: `a${tier}@x.example`,
        display_name: "A",
        role: "support",
        organisation_id: null,
        password_hash: "h",
        locale: null,
        created_at: AT,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`insert into support_agents (user_id, tier) values (${id}, ${tier})`.execute(db);
  }
  user = ids.users["alpen-muc"]!;
  for (const category of ["reminders", "payment"]) {
    await sql`insert into notification_preferences (user_id, category, in_app, email, email_delivery, updated_at)
      values (${user}, ${category}, 0, 1, 'daily', ${AT})`.execute(db);
    await sql`insert into notifications (user_id, category, dedupe_key, message, params, created_at)
      values (${user}, ${category}, ${`k-${category}`}, 'reminder', '{}', ${AT})`.execute(db);
    await sql`insert into notification_digest_items (user_id, category, dedupe_key, message, params, created_at)
      values (${user}, ${category}, ${`k-${category}`}, 'reminder', '{}', ${AT})`.execute(db);
  }
  before = {};
  for (const table of TABLES) before[table] = (await sql`select * from ${sql.table(table)} order by 1`.execute(db)).rows;
  expect((await migrator(db).migrateTo(THIS)).error).toBeUndefined();
});
afterAll(async () => {
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the support notice categories (2026-12-04-1181)", () => {
  it("keeps the rows written before, and their one-per-user keys", async () => {
    for (const table of TABLES) expect((await sql`select * from ${sql.table(table)} order by 1`.execute(db)).rows).toEqual(before[table]);
    await expect(
      sql`insert into notifications (user_id, category, dedupe_key, message, params, created_at)
        values (${user}, 'payment', 'k-payment', 'reminder', '{}', ${AT})`.execute(db),
    ).rejects.toThrow(/unique|UNIQUE/);
  });

  it("accepts both support categories in every table and still refuses an unknown one", async () => {
    for (const category of ["support_replies", "support_promises"]) {
      await sql`insert into notification_preferences (user_id, category, in_app, email, email_delivery, updated_at)
        values (${user}, ${category}, 1, 0, 'instant', ${AT})`.execute(db);
      for (const table of ["notifications", "notification_digest_items"]) {
        await sql`insert into ${sql.table(table)} (user_id, category, dedupe_key, message, params, created_at)
          values (${user}, ${category}, ${`s-${category}`}, 'support_reply', '{}', ${AT})`.execute(db);
      }
    }
    for (const table of ["notifications", "notification_digest_items"]) {
      await expect(
        sql`insert into ${sql.table(table)} (user_id, category, dedupe_key, message, params, created_at)
          values (${user}, 'gossip', 'g1', 'support_reply', '{}', ${AT})`.execute(db),
      ).rejects.toThrow(/check/i);
    }
    // Ids go on after the highest used (two before, two just now).
    const { id } = await db
      .insertInto("notifications")
      .values({ user_id: user, category: "support_replies", dedupe_key: "s3", message: "support_reply", created_at: AT })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(id).toBe(5);
  });

  it("marks existing agents as not leads, allows 0 or 1 and one lead per tier", async () => {
    const agents = await db.selectFrom("support_agents").select(["tier", "lead"]).orderBy("tier").execute();
    expect(agents).toEqual([
      { tier: 1, lead: 0 },
      { tier: 2, lead: 0 },
    ]);
    await expect(sql`update support_agents set "lead" = 2 where tier = 1`.execute(db)).rejects.toThrow(/check/i);
    await sql`update support_agents set "lead" = 1 where tier = 1`.execute(db);
    const { id } = await db
      .insertInto("users")
      .values({
        username: "agent-1b",
        email: "a1b@x.example",
        display_name: "B",
        role: "support",
        organisation_id: null,
        password_hash: "h",
        locale: null,
        created_at: AT,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(db.insertInto("support_agents").values({ user_id: id, tier: 1, lead: 1 }).execute()).rejects.toThrow(/unique|UNIQUE/);
    await db.insertInto("support_agents").values({ user_id: id, tier: 1 }).execute();
  });

  it("lets the demo desk seed its tier leads", async () => {
    const ids = { organisations: {}, accounts: {}, users: {} };
    await db.deleteFrom("support_agents").execute();
    await seedSupportDesk(db, ids, new Date(AT), () => Promise.resolve("h"));
    expect(await db.selectFrom("support_agents").select(["tier", "lead"]).orderBy("tier").execute()).toEqual([
      { tier: 1, lead: 1 },
      { tier: 2, lead: 1 },
      { tier: 3, lead: 1 },
    ]);
  });
});
