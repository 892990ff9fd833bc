import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../connection";
import { migrations } from "./index";

// 2026-12-03-1102 on a trail written before it: each old row gets the organisation it is about
// (organisation, account or user entity) or its actor's, the platform's rows none; the trail stays
// append-only afterwards.

const BEFORE = "2026-12-03-1001-case-scale";
let db: DB;
let dir: string;
const migrator = () => new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
const at = "2026-11-01T00:00:00.000Z";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migration-"));
  db = openDatabase(path.join(dir, "portal.sqlite"));
  expect((await migrator().migrateTo(BEFORE)).error).toBeUndefined();
  await sql`insert into organisations (id, name, legal_name, address, dispute_handling, created_at)
    values (1, 'A', 'A GmbH', 'x', 'central', ${at}), (2, 'B', 'B BV', 'y', 'local', ${at})`.execute(db);
  await sql`insert into accounts (id, organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
    values (7, 2, '4711000007', 'B1', 'y', 'Europe/Amsterdam', 'EUR', 0, ${at})`.execute(db);
  await sql`insert into users (id, username, email, display_name, password_hash, role, organisation_id, created_at)
    values (10, 'a-admin', 'a@example.com', 'A Admin', 'h', 'org_admin', 1, ${at}),
           (11, 'b-user', 'b@example.com', 'B User', 'h', 'location', 2, ${at}),
           (12, 'op', 'op@example.com', 'Operator', 'h', 'admin', null, ${at})`.execute(db);
  await sql`insert into audit_log (at, actor_user_id, action, entity_type, entity_id, details) values
    (${at}, 10, 'organisation_details_changed', 'organisation', '1', '{}'),
    (${at}, 10, 'paperless_enrolled', 'account', '7', '{}'),
    (${at}, 12, 'user_created', 'user', '11', '{}'),
    (${at}, null, 'password_reset_requested', 'user', '10', '{}'),
    (${at}, 11, 'notification_preferences_changed', 'something_else', 'n/a', '{}'),
    (${at}, 12, 'setting_changed', 'setting', 'paper_statement_fee_minor', '{}'),
    (${at}, null, 'job_run_requested', 'job', 'deadlines', '{}')`.execute(db);
  expect((await migrator().migrateToLatest()).error).toBeUndefined();
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("audit_log.organisation_id (2026-12-03-1102)", () => {
  it("derives each old row's organisation from its entity, else its actor; the platform's rows keep none", async () => {
    const rows = await db.selectFrom("audit_log").select(["action", "organisation_id"]).orderBy("id").execute();
    expect(rows.map((r) => [r.action, r.organisation_id])).toEqual([
      ["organisation_details_changed", 1],
      ["paperless_enrolled", 2],
      ["user_created", 2],
      ["password_reset_requested", 1],
      ["notification_preferences_changed", 2],
      ["setting_changed", null],
      ["job_run_requested", null],
    ]);
  });

  it("leaves the trail append-only", async () => {
    await expect(sql`update audit_log set organisation_id = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it("indexes the trail in its page's order", async () => {
    const plan = await sql<{ detail: string }>`explain query plan select id from audit_log where organisation_id = 1
      order by at desc, id desc limit 51`.execute(db);
    expect(plan.rows.map((r) => r.detail).join(" | ")).toMatch(/USING (COVERING )?INDEX audit_log_by_organisation_at/);
    expect(plan.rows.map((r) => r.detail).join(" | ")).not.toMatch(/TEMP B-TREE/);
  });
});
