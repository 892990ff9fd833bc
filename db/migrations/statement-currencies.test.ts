import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../connection";
import { migrations } from "./index";

// The 2026-12-03 migrations on a database that already holds a statement and a fee setting
// from before: old statements keep their meaning, the old fee keeps its meaning for EUR, USD, GBP.

const BEFORE = "2026-11-23-0007-user-deactivation";
let db: DB;
let dir: string;
const migrator = () => new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migration-"));
  db = openDatabase(path.join(dir, "portal.sqlite"));
  const up = await migrator().migrateTo(BEFORE);
  expect(up.error).toBeUndefined();
  await sql`insert into organisations (name, legal_name, address, dispute_handling, created_at)
    values ('Org', 'Org GmbH', 'Street 1', 'central', '2026-09-01T00:00:00.000Z')`.execute(db);
  await sql`insert into accounts (organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
    values (1, '4711000999', 'Old', 'Street 1', 'Europe/Berlin', 'EUR', 0, '2026-09-01T00:00:00.000Z')`.execute(db);
  await sql`insert into statements (account_id, month, opens_at, closes_at, currency, charges_minor, credits_minor,
      chargebacks_minor, reversals_minor, fees_minor, net_minor, delivered_on_paper, generated_at)
    values (1, '2026-10', '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z', 'EUR', 1000, 0, 0, 0, 300, 700, 1,
      '2026-11-01T00:00:00.000Z')`.execute(db);
  await sql`insert into statement_lines (statement_id, position, kind, code, description, reference, occurred_at, amount_minor)
    values (1, 0, 'charge', null, 'Sale', 'T-1', '2026-10-02T10:00:00.000Z', 1000),
           (1, 1, 'fee', 'paper_statement_fee', 'Paper statement fee', null, '2026-10-31T22:59:59.999Z', 300)`.execute(db);
  await sql`insert into settings (key, value, updated_at) values ('paper_statement_fee_minor', '300', '2026-09-01T00:00:00.000Z')`.execute(
    db,
  );
  const rest = await migrator().migrateToLatest();
  expect(rest.error).toBeUndefined();
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("statements per currency, fee per currency (2026-12-03 migrations)", () => {
  it("an old statement's lines take its currency and its totals move to statement_totals", async () => {
    expect(await db.selectFrom("statement_lines").select(["position", "currency"]).orderBy("position").execute()).toEqual([
      { position: 0, currency: "EUR" },
      { position: 1, currency: "EUR" },
    ]);
    expect(await db.selectFrom("statement_totals").selectAll().execute()).toEqual([
      {
        id: 1,
        statement_id: 1,
        currency: "EUR",
        charges_minor: 1000,
        credits_minor: 0,
        chargebacks_minor: 0,
        reversals_minor: 0,
        fees_minor: 300,
        net_minor: 700,
      },
    ]);
  });

  it("statements stay immutable, and a line without a currency is refused", async () => {
    await expect(db.updateTable("statement_lines").set({ currency: "USD" }).execute()).rejects.toThrow(/immutable/);
    await expect(db.updateTable("statement_totals").set({ net_minor: 1 }).execute()).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom("statement_totals").execute()).rejects.toThrow(/immutable/);
    await expect(
      sql`insert into statement_lines (statement_id, position, kind, description, occurred_at, amount_minor)
        values (1, 2, 'charge', 'x', '2026-10-03T10:00:00.000Z', 1)`.execute(db),
    ).rejects.toThrow(/currency is required/);
  });

  it("the old single fee becomes the EUR, USD and GBP fee; no other currency inherits it", async () => {
    expect(await db.selectFrom("settings").select(["key", "value"]).orderBy("key").execute()).toEqual([
      { key: "paper_statement_fee_minor.EUR", value: "300" },
      { key: "paper_statement_fee_minor.GBP", value: "300" },
      { key: "paper_statement_fee_minor.USD", value: "300" },
    ]);
  });
});
