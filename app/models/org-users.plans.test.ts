import { Kysely, SqliteDialect, sql, type CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, openSqlite, type DB } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import type { Database } from "../../db/schema";
import { listOrganisationUsers } from "./org-users.server";

// /settings/users at 2 000 users of one organisation (and as many of another): a page is an index
// range in name order, never a scan of all users or a sort, whichever page it is. SQLite's plans
// (a file of its own, whichever engine the suite runs on).

const USERS = 2_000;
let destroy: () => Promise<void>;
let sqlite: ReturnType<typeof openSqlite>;
let db: DB;
const compiled: CompiledQuery[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-plans-"));
  const file = path.join(dir, "portal.sqlite");
  const test = { db: openDatabase(file) };
  await migrateToLatest(test.db);
  destroy = async () => {
    await test.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const at = "2026-12-03T10:00:00.000Z";
  await sql`insert into organisations (name, legal_name, address, dispute_handling, created_at)
    values ('Big', 'Big AG', 'x', 'central', ${at}), ('Other', 'Other GmbH', 'y', 'local', ${at})`.execute(test.db);
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${USERS * 2})
    insert into users (username, email, display_name, role, organisation_id, password_hash, created_at)
    select 'user-' || i, 'user-' || i || '@example.test', 'Name ' || (i % 700), 'head_office', 1 + (i % 2), 'x', ${at} from n`.execute(
    test.db,
  );
  await sql`analyze`.execute(test.db);
  sqlite = openSqlite(file);
  db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === "query") compiled.push(event.query);
    },
  });
});

afterAll(async () => {
  await db.destroy();
  await destroy();
});

async function plansOf(run: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
  compiled.length = 0;
  await run();
  return compiled.map((q) => ({
    sql: q.sql,
    plan: (sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail),
  }));
}

describe("the users list's query plans", () => {
  it("first and later pages, with and without a search: the organisation's name index, no scan, no sort", async () => {
    const last = await sqlite.prepare("select id from users where organisation_id = 1 order by display_name, id limit 1 offset 1500").get();
    const afterId = (last as { id: number }).id;
    for (const options of [
      { search: "", afterId: null },
      { search: "", afterId },
      { search: "name 69", afterId: null },
      { search: "name 69", afterId },
    ]) {
      const plans = await plansOf(() => listOrganisationUsers(db, 1, { ...options, limit: 51 }));
      const page = plans[0]!;
      const text = `${JSON.stringify(options)}\n${page.sql}\n${page.plan.join("\n")}`;
      expect(
        page.plan.some((l) => l.includes("users_by_organisation_name")),
        text,
      ).toBe(true);
      expect(
        page.plan.filter((l) => /^SCAN users\b/.test(l) || l.includes("TEMP B-TREE")),
        text,
      ).toEqual([]);
      if (options.afterId !== null && options.search === "") {
        // A later page starts where the cursor points: a range on the keyset, not a walk from the top.
        expect(
          page.plan.some((l) =>
            /^SEARCH users USING .*users_by_organisation_name \(organisation_id=\? AND (display_name>\?|\(display_name,id\)>\(\?,\?\))\)/.test(
              l,
            ),
          ),
          text,
        ).toBe(true);
      }
    }
  });
});
