import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../connection";
import { migrations } from "./index";
import { up } from "./2026-12-03-1106-dutch-locale";

// The users table is rebuilt on SQLite to widen its locale check: on a database that already
// holds users referenced from everywhere, nothing may be lost and no reference may break.

const THIS = "2026-12-03-1106-dutch-locale";
// The migration just before this one, whatever is added around it later.
const names = Object.keys(migrations).sort();
const BEFORE = names[names.indexOf(THIS) - 1]!;
const AT = "2026-11-01T00:00:00.000Z";
const dirs: string[] = [];
let db: DB;

function freshFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migration-nl-"));
  dirs.push(dir);
  return path.join(dir, "portal.sqlite");
}
const migrator = (on: DB) => new Migrator({ db: on, provider: { getMigrations: () => Promise.resolve(migrations) } });

let usersBefore: unknown[];
let schemaBefore: unknown[];

beforeAll(async () => {
  db = openDatabase(freshFile());
  expect((await migrator(db).migrateTo(BEFORE)).error).toBeUndefined();
  await sql`insert into organisations (name, legal_name, address, dispute_handling, created_at)
    values ('Noordzee', 'Noordzee Retail B.V.', 'Damrak 1, Amsterdam', 'local', ${AT})`.execute(db);
  await sql`insert into accounts (organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
    values (1, '4711000101', 'Amsterdam', 'Damrak 1', 'Europe/Amsterdam', 'EUR', 0, ${AT})`.execute(db);
  await sql`insert into users (username, email, display_name, role, organisation_id, password_hash, preferred_contact, phone, locale, created_at, deactivated_at)
    values ('noord-hq', 'hq@noordzee.example', 'Sanne de Vries', 'head_office', 1, 'h1', 'phone', '+31 20 1234567', 'de', ${AT}, null),
           ('noord-ams', 'ams@noordzee.example', 'Daan Jansen', 'location', 1, 'h2', 'email', null, null, ${AT}, null),
           ('gone', 'gone@noordzee.example', 'Old User', 'location', 1, 'h3', 'email', null, 'en', ${AT}, ${AT})`.execute(db);
  // The newest user was removed by hand once: its id must never be handed out again.
  await sql`insert into users (username, email, display_name, role, organisation_id, password_hash, created_at)
    values ('removed', 'removed@noordzee.example', 'Removed', 'analyst', null, 'h4', ${AT})`.execute(db);
  await sql`delete from users where username = 'removed'`.execute(db);
  await sql`insert into user_accounts (user_id, account_id) values (2, 1), (3, 1)`.execute(db);
  await sql`insert into sessions (id, user_id, secret_hash, created_at, expires_at) values ('s1', 2, 'x', ${AT}, '2027-01-01T00:00:00.000Z')`.execute(
    db,
  );
  await sql`insert into password_reset_tokens (id, user_id, secret_hash, created_at, expires_at) values ('r1', 1, 'y', ${AT}, ${AT})`.execute(
    db,
  );
  await sql`insert into audit_log (at, actor_user_id, action, entity_type, entity_id) values (${AT}, 1, 'profile_updated', 'user', '1')`.execute(
    db,
  );
  usersBefore = (await sql`select * from users order by id`.execute(db)).rows;
  schemaBefore = (await sql`select type, name from sqlite_schema where tbl_name = 'users' order by name`.execute(db)).rows;
  expect((await migrator(db).migrateTo(THIS)).error).toBeUndefined();
});
afterAll(async () => {
  await db.destroy();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("users.locale allows 'nl' (2026-12-03-1106, SQLite table rebuild)", () => {
  it("keeps every user with every column, and the indexes of the table", async () => {
    expect((await sql`select * from users order by id`.execute(db)).rows).toEqual(usersBefore);
    expect((await sql`select type, name from sqlite_schema where tbl_name = 'users' order by name`.execute(db)).rows).toEqual(schemaBefore);
    expect((await sql<{ name: string }>`select name from sqlite_schema where name like 'users_rebuilt%'`.execute(db)).rows).toEqual([]);
  });

  it("accepts nl and still refuses a language the portal does not speak", async () => {
    await db.updateTable("users").set({ locale: "nl" }).where("username", "=", "noord-ams").execute();
    expect(await db.selectFrom("users").select("locale").where("username", "=", "noord-ams").executeTakeFirst()).toEqual({ locale: "nl" });
    await expect(sql`update users set locale = 'fr' where username = 'noord-ams'`.execute(db)).rejects.toThrow(/CHECK constraint failed/);
    await expect(sql`update users set locale = 'NL' where username = 'noord-ams'`.execute(db)).rejects.toThrow(/CHECK constraint failed/);
    await db.updateTable("users").set({ locale: null }).where("username", "=", "noord-ams").execute();
  });

  it("keeps the other constraints: unique email, role check, role matches organisation", async () => {
    const insert = (username: string, email: string, role: string, org: number | null) =>
      sql`insert into users (username, email, display_name, role, organisation_id, password_hash, created_at)
        values (${username}, ${email}, 'X', ${role}, ${org}, 'h', ${AT})`.execute(db);
    await expect(insert("dup", "ams@noordzee.example", "location", 1)).rejects.toThrow(/UNIQUE constraint failed: users\.email/);
    await expect(insert("boss", "boss@noordzee.example", "emperor", 1)).rejects.toThrow(/CHECK constraint failed/);
    await expect(insert("lost", "lost@noordzee.example", "location", null)).rejects.toThrow(/CHECK constraint failed/);
  });

  it("sessions, tokens, accounts and the audit trail still point at their users, and foreign keys are enforced again", async () => {
    const signedIn = await db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select(["sessions.id", "users.username"])
      .execute();
    expect(signedIn).toEqual([{ id: "s1", username: "noord-ams" }]);
    expect(await db.selectFrom("user_accounts").select(["user_id", "account_id"]).orderBy("user_id").execute()).toEqual([
      { user_id: 2, account_id: 1 },
      { user_id: 3, account_id: 1 },
    ]);
    expect(await db.selectFrom("audit_log").select("actor_user_id").execute()).toEqual([{ actor_user_id: 1 }]);
    expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }]);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    await expect(
      sql`insert into sessions (id, user_id, secret_hash, created_at, expires_at) values ('s2', 999, 'x', ${AT}, ${AT})`.execute(db),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await expect(sql`delete from users where username = 'noord-ams'`.execute(db)).rejects.toThrow(/FOREIGN KEY constraint failed/);
  });

  it("hands out new ids after the highest ever used", async () => {
    const { id } = await db
      .insertInto("users")
      .values({
        username: "noord-new",
        email: "new@noordzee.example",
        display_name: "Nieuw",
        role: "location",
        organisation_id: 1,
        password_hash: "h",
        locale: "nl",
        created_at: AT,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(id).toBe(5);
  });

  it("refuses to run inside a transaction, where foreign keys cannot be switched off", async () => {
    const other = openDatabase(freshFile());
    try {
      expect((await migrator(other).migrateTo(BEFORE)).error).toBeUndefined();
      await expect(other.transaction().execute((trx) => up(trx))).rejects.toThrow(/inside a transaction/);
      expect((await sql<{ sql: string }>`select sql from sqlite_schema where name = 'users'`.execute(other)).rows[0]?.sql).toContain(
        "locale in ('en', 'de'))",
      );
    } finally {
      await other.destroy();
    }
  });
});
