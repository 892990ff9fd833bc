import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers } from "../demo/organisations";
import { openDatabase, type DB } from "../connection";
import { migrations } from "./index";

// 2026-12-03-1120 widens the notification category checks for "reminders", by a table rebuild on
// SQLite (this test: rows written before it survive with their ids and keys). On PostgreSQL it
// alters the constraints; every PostgreSQL test database runs it.

const THIS = "2026-12-03-1120-staged-reminders";
const names = Object.keys(migrations).sort();
const BEFORE = names[names.indexOf(THIS) - 1]!;
const AT = "2026-11-01T00:00:00.000Z";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migration-reminders-"));
let db: DB;
let notificationsBefore: unknown[];
const migrator = (on: DB) => new Migrator({ db: on, provider: { getMigrations: () => Promise.resolve(migrations) } });

beforeAll(async () => {
  db = openDatabase(path.join(dir, "portal.sqlite"));
  expect((await migrator(db).migrateTo(BEFORE)).error).toBeUndefined();
  const ids = await seedOrganisationsAndUsers(db, new Date(AT), () => Promise.resolve("h"));
  const user = ids.users["alpen-muc"]!;
  for (const category of ["urgent", "payment"]) {
    await sql`insert into notification_preferences (user_id, category, in_app, email, email_delivery, updated_at)
      values (${user}, ${category}, 0, 1, 'daily', ${AT})`.execute(db);
    await sql`insert into notifications (user_id, category, dedupe_key, message, params, created_at)
      values (${user}, ${category}, ${`k-${category}`}, 'urgent_window', '{}', ${AT})`.execute(db);
    await sql`insert into notification_digest_items (user_id, category, dedupe_key, message, params, created_at)
      values (${user}, ${category}, ${`k-${category}`}, 'urgent_window', '{}', ${AT})`.execute(db);
  }
  notificationsBefore = (await sql`select * from notifications order by id`.execute(db)).rows;
  expect((await migrator(db).migrateTo(THIS)).error).toBeUndefined();
});
afterAll(async () => {
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the reminders category (2026-12-03-1120)", () => {
  it("keeps the rows written before, and their one-per-user keys", async () => {
    expect((await sql`select * from notifications order by id`.execute(db)).rows).toEqual(notificationsBefore);
    expect(await db.selectFrom("notification_preferences").select("category").orderBy("category").execute()).toHaveLength(2);
    expect(await db.selectFrom("notification_digest_items").select("id").execute()).toHaveLength(2);
    const user = (await db.selectFrom("notifications").select("user_id").executeTakeFirstOrThrow()).user_id;
    await expect(
      sql`insert into notifications (user_id, category, dedupe_key, message, params, created_at)
        values (${user}, 'urgent', 'k-urgent', 'urgent_window', '{}', ${AT})`.execute(db),
    ).rejects.toThrow(/unique|UNIQUE/);
  });

  it("accepts reminders in every table and still refuses an unknown category", async () => {
    const user = (await db.selectFrom("notifications").select("user_id").executeTakeFirstOrThrow()).user_id;
    await sql`insert into notification_preferences (user_id, category, in_app, email, email_delivery, updated_at)
      values (${user}, 'reminders', 1, 0, 'instant', ${AT})`.execute(db);
    await sql`insert into notifications (user_id, category, dedupe_key, message, params, created_at)
      values (${user}, 'reminders', 'r1', 'reminder', '{}', ${AT})`.execute(db);
    await sql`insert into notification_digest_items (user_id, category, dedupe_key, message, params, created_at)
      values (${user}, 'reminders', 'r1', 'reminder', '{}', ${AT})`.execute(db);
    for (const table of ["notifications", "notification_digest_items"]) {
      await expect(
        sql`insert into ${sql.table(table)} (user_id, category, dedupe_key, message, params, created_at)
          values (${user}, 'gossip', 'g1', 'reminder', '{}', ${AT})`.execute(db),
      ).rejects.toThrow(/check/i);
    }
    // A fresh id after the highest used.
    const { id } = await db
      .insertInto("notifications")
      .values({ user_id: user, category: "reminders", dedupe_key: "r2", message: "reminder", created_at: AT })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(id).toBe(4);
  });
});
