import { Kysely, SqliteDialect, sql, type CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import type { Actor } from "~/domain/permissions";
import { createTestDatabase } from "../../tests/setup/db";
import {
  countCases,
  listCases,
  overviewByAccount,
  reviewFilterChoices,
  reviewQueue,
  type CaseListFilters,
  type ReviewFilters,
} from "./case-list.server";

// Every list, queue and overview query exactly as the models build it, explained by SQLite on a
// table of cases large enough (and analysed) for the planner to choose as it would in production:
// none may read all cases (a SCAN of cases) or sort them (a temporary B-tree for ORDER BY).

const LOCATIONS = 120;
const CASES = 30_000;
const now = new Date("2026-11-23T10:00:00Z");

let destroy: () => Promise<void>;
let sqlite: ReturnType<typeof openSqlite>;
let db: DB;
const compiled: CompiledQuery[] = [];

beforeAll(async () => {
  const test = await createTestDatabase();
  destroy = test.destroy;
  const at = now.toISOString();
  await sql`insert into organisations (name, legal_name, address, dispute_handling, created_at)
    values ('Big', 'Big AG', 'x', 'central', ${at}), ('Other', 'Other GmbH', 'y', 'local', ${at})`.execute(test.db);
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${LOCATIONS})
    insert into accounts (organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
    select case when i % 4 = 0 then 1 else 2 end, printf('%010d', i), 'Location ' || i, 'Street ' || i,
      case when i % 2 = 0 then 'Europe/Berlin' else 'America/New_York' end, 'EUR', 1, ${at} from n`.execute(test.db);
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${CASES})
    insert into transactions (account_id, occurred_at, amount_minor, currency, card_last4, network_reference, description, created_at)
    select 1 + (i % ${LOCATIONS}), ${at}, 1000 + (i % 5000), 'EUR', printf('%04d', i % 10000), 'REF' || i, 'Sale', ${at} from n`.execute(
    test.db,
  );
  // A fifth awaiting a response, a tenth under review, the rest closed; respond-by over ±60 days.
  await sql`insert into cases (case_number, type, account_id, organisation_id, transaction_id, status, outcome,
      disputed_amount_minor, currency, reason_code, reason_text, received_at, respond_by, urgent_flag, last_response_at,
      version, created_at, updated_at)
    select printf('INQ-2026-%06d', t.id), case when t.id % 3 = 0 then 'chargeback' else 'inquiry' end, t.account_id,
      (select organisation_id from accounts a where a.id = t.account_id), t.id,
      case when t.id % 10 < 2 then 'awaiting_response' when t.id % 10 = 2 then 'under_review' else 'closed' end,
      case when t.id % 10 < 3 then null when t.id % 3 = 0 then 'lost' else 'won' end,
      t.amount_minor, 'EUR', '10.' || (t.id % 7), 'Fraud', ${at},
      strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, ((t.id % 120) - 60) || ' days'), case when t.id % 41 = 0 then 1 else 0 end,
      case when t.id % 10 = 2 then strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '-' || (t.id % 30) || ' days') end, 1, ${at}, ${at}
    from transactions t`.execute(test.db);
  await sql`analyze`.execute(test.db);
  sqlite = openSqlite(test.location);
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

/** The plan lines of every statement `run` sends, each with its SQL. */
async function plansOf(run: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
  compiled.length = 0;
  await run();
  return compiled.map((q) => ({
    sql: q.sql,
    plan: (sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail),
  }));
}

/** What is wrong with a plan on the cases table: a full scan, or a sort for ORDER BY. */
function problemsOf(p: { sql: string; plan: string[] }): string[] {
  const readsCases = /\bfrom "cases"/.test(p.sql);
  return p.plan.filter((line) => /^SCAN cases\b/.test(line) || (readsCases && line.includes("USE TEMP B-TREE FOR ORDER BY")));
}

/**
 * A page after a cursor must start where the cursor points (an index range on the keyset columns),
 * or deeper pages cost more than the first: a keyset on an expression (coalesce(...) > ?) does not.
 */
function keysetProblemsOf(p: { sql: string; plan: string[] }): string[] {
  if (!/^select .* from "cases" .* limit \?$/.test(p.sql)) return [];
  // A case number finds one case: there is nothing to page through.
  return p.plan.some((line) => /^SEARCH cases USING .*(>\?|case_number=\?)/.test(line)) ? [] : ["no index range on the keyset"];
}

async function expectIndexDriven(run: () => Promise<unknown>, { keysetRange = false } = {}) {
  const plans = await plansOf(run);
  expect(plans.length).toBeGreaterThan(0);
  for (const p of plans) {
    const problems = [...problemsOf(p), ...(keysetRange ? keysetProblemsOf(p) : [])];
    expect(problems, `${p.sql}\n${p.plan.join("\n")}`).toEqual([]);
  }
  if (process.env.SHOW_PLANS) for (const p of plans) console.log(`${p.sql.slice(-220)}\n  ${p.plan.join("\n  ")}`);
  return plans;
}

const headOffice: Actor = { userId: 1, role: "org_admin", organisationId: 1, assignedAccountIds: [] };
const location: Actor = { userId: 2, role: "location", organisationId: 1, assignedAccountIds: [8] };
const analyst: Actor = { userId: 3, role: "analyst", organisationId: null, assignedAccountIds: [] };

const listFilters: Record<string, CaseListFilters> = {
  open: { status: "open" },
  all: {},
  awaiting: { status: "awaiting_response" },
  "under review": { status: "under_review" },
  closed: { status: "closed" },
  chargebacks: { status: "open", type: "chargeback" },
  won: { outcomes: ["won"] },
  "one location": { status: "open", accountId: 8 },
  "due within 3 days": { status: "open", dueWithinDays: 3 },
  overdue: { overdue: true },
  "case number": { search: "INQ-2026-000008" },
};

// A search by card or network reference reaches the few cases of the matching transactions and
// sorts those: bounded by the matches, not by the cases of the scope.
const searchFilters: Record<string, CaseListFilters> = {
  "card last four": { search: "0008" },
  "network reference": { search: "REF8" },
};

describe("the /disputes list and its counts walk an index in their order", () => {
  for (const [who, actor] of [
    ["head office", headOffice],
    ["location", location],
  ] as const) {
    for (const [name, f] of Object.entries(listFilters)) {
      it(`${who}, ${name}: first page, next page and counts`, async () => {
        const first = await listCases(db, actor, f, null, now);
        await expectIndexDriven(() => listCases(db, actor, f, null, now));
        await expectIndexDriven(() => listCases(db, actor, f, first.next ?? { respondBy: now.toISOString(), id: 1 }, now), {
          keysetRange: true,
        });
        await expectIndexDriven(() => countCases(db, actor, f, now));
      });
    }
  }
});

describe("a search by card or reference reaches the cases through their transactions", () => {
  for (const [who, actor] of [
    ["head office", headOffice],
    ["location", location],
  ] as const) {
    for (const [name, f] of Object.entries(searchFilters)) {
      it(`${who}, ${name}`, async () => {
        for (const run of [() => listCases(db, actor, f, null, now), () => countCases(db, actor, f, now)]) {
          for (const p of await plansOf(run)) {
            expect(p.plan.filter((line) => /^SCAN cases\b/.test(line))).toEqual([]);
            expect(p.plan.filter((line) => /^SEARCH cases\b/.test(line))).toEqual([
              "SEARCH cases USING INDEX cases_by_transaction (transaction_id=?)",
            ]);
          }
        }
      });
    }
  }
});

describe("the overview reads summary rows and the cases due soon, not every case", () => {
  it.each([
    ["head office", headOffice],
    ["location", location],
  ] as const)("%s", async (_, actor) => {
    await expectIndexDriven(() => overviewByAccount(db, actor, now, 3));
  });
});

describe("the review queue walks an index in its order, whatever the filter", () => {
  const filters: Record<string, ReviewFilters> = {
    none: {},
    "flagged first": { urgentFirst: true },
    chargebacks: { type: "chargeback" },
    "reason code": { reasonCode: "10.3" },
    "reason code, flagged first": { reasonCode: "10.3", urgentFirst: true },
    amount: { amount: { currency: "EUR", minMinor: 2000, maxMinor: 3000 } },
    organisation: { organisationId: 1 },
    "organisation, flagged first": { organisationId: 1, urgentFirst: true },
  };
  for (const [name, f] of Object.entries(filters)) {
    it(`${name}: first page and the pages after a flagged and an unflagged row`, async () => {
      await expectIndexDriven(() => reviewQueue(db, analyst, f, null));
      for (const urgent of [1, 0] as const) {
        // After a flagged row (flagged first) the rest of the flagged rows come before all others:
        // no single range, but a walk of the index from the flagged rows on, which are few.
        const keysetRange = !(f.urgentFirst && urgent === 1);
        await expectIndexDriven(() => reviewQueue(db, analyst, f, { urgent, lastResponseAt: "2026-11-10T00:00:00.000Z", id: 10 }), {
          keysetRange,
        });
      }
    });
  }
  it("the filter choices", async () => {
    await expectIndexDriven(() => reviewFilterChoices(db, analyst));
  });
});
