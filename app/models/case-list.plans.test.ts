import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type LogConfig } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, postgresPool, type DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import type { Actor } from "~/domain/permissions";
import { createTestDatabase, testsOnPostgres } from "../../tests/setup/db";
import {
  countCases,
  listCases,
  overviewByAccount,
  reviewFilterChoices,
  reviewQueue,
  type CaseListFilters,
  type ReviewFilters,
} from "./case-list.server";
import { listVisibleAccountChoices } from "./account.server";

// Every list, queue and overview query exactly as the models build it, explained by the engine the
// suite runs on (SQLite, or PostgreSQL in CI's second run) on a table of cases large enough (and
// analysed) for the planner to choose as it would in production: none may read all cases (a SCAN
// of cases, a Seq Scan on PostgreSQL) or sort them (a temporary B-tree for ORDER BY, a Sort).
// PostgreSQL's plans are written in SQLite's words (`planLines`), so one set of rules reads both.

const LOCATIONS = 120;
const CASES = 30_000;
const now = new Date("2026-11-23T10:00:00Z");

let destroy: () => Promise<void>;
interface ExplainOptions {
  sortsAllowed?: boolean;
}
let explain: (query: CompiledQuery, options: ExplainOptions) => Promise<string[]>;
let releaseExplainer = () => {};
let db: DB;
const compiled: CompiledQuery[] = [];

beforeAll(async () => {
  const test = await createTestDatabase();
  destroy = test.destroy;
  const at = now.toISOString();
  await sql`insert into organisations (name, legal_name, address, dispute_handling, created_at)
    values ('Big', 'Big AG', 'x', 'central', ${at}), ('Other', 'Other GmbH', 'y', 'local', ${at})`.execute(test.db);
  await (testsOnPostgres ? fillOnPostgres : fillOnSqlite)(test.db, at);
  const log: LogConfig = (event) => {
    if (event.level === "query") compiled.push(event.query);
  };
  if (testsOnPostgres) {
    const pool = postgresPool(test.location);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    // On 30 000 cases PostgreSQL rightly sorts a few hundred rows of a range rather than walk an
    // index; what this test proves there is that an index in each list's order exists, so sorts
    // are priced out (the bench measures the planner's choices at a million cases).
    const explainer = await pool.connect();
    await explainer.query("set enable_sort = off");
    releaseExplainer = () => explainer.release();
    explain = async (q, { sortsAllowed }) =>
      postgresPlanLines(await (sortsAllowed ? pool : explainer).query(`explain (format json) ${q.sql}`, q.parameters as unknown[]));
  } else {
    const sqlite = openSqlite(test.location);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log });
    explain = (q) =>
      Promise.resolve(
        (sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail),
      );
  }
}, 120_000);

// A fifth awaiting a response, a tenth under review, the rest closed; respond-by over ±60 days.
async function fillOnSqlite(db: DB, at: string) {
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${LOCATIONS})
    insert into accounts (organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
    select case when i % 4 = 0 then 1 else 2 end, printf('%010d', i), 'Location ' || i, 'Street ' || i,
      case when i % 2 = 0 then 'Europe/Berlin' else 'America/New_York' end, 'EUR', 1, ${at} from n`.execute(db);
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${CASES})
    insert into transactions (account_id, occurred_at, amount_minor, currency, card_last4, network_reference, description, created_at)
    select 1 + (i % ${LOCATIONS}), ${at}, 1000 + (i % 5000), 'EUR', printf('%04d', i % 10000), 'REF' || i, 'Sale', ${at} from n`.execute(
    db,
  );
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
    from transactions t`.execute(db);
  await sql`analyze`.execute(db);
}

// The same rows as fillOnSqlite, in PostgreSQL's words.
async function fillOnPostgres(db: DB, at: string) {
  await sql`insert into accounts (organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
    select case when i % 4 = 0 then 1 else 2 end, lpad(i::text, 10, '0'), 'Location ' || i, 'Street ' || i,
      case when i % 2 = 0 then 'Europe/Berlin' else 'America/New_York' end, 'EUR', 1, ${at}::timestamptz
    from generate_series(1, ${LOCATIONS}::int) i`.execute(db);
  await sql`insert into transactions (account_id, occurred_at, amount_minor, currency, card_last4, network_reference, description, created_at)
    select 1 + (i % ${LOCATIONS}::int), ${at}::timestamptz, 1000 + (i % 5000), 'EUR', lpad((i % 10000)::text, 4, '0'), 'REF' || i, 'Sale',
      ${at}::timestamptz
    from generate_series(1, ${CASES}::int) i`.execute(db);
  await sql`insert into cases (case_number, type, account_id, organisation_id, transaction_id, status, outcome,
      disputed_amount_minor, currency, reason_code, reason_text, received_at, respond_by, urgent_flag, last_response_at,
      version, created_at, updated_at)
    select 'INQ-2026-' || lpad(t.id::text, 6, '0'), case when t.id % 3 = 0 then 'chargeback' else 'inquiry' end, t.account_id,
      (select organisation_id from accounts a where a.id = t.account_id), t.id,
      case when t.id % 10 < 2 then 'awaiting_response' when t.id % 10 = 2 then 'under_review' else 'closed' end,
      case when t.id % 10 < 3 then null when t.id % 3 = 0 then 'lost' else 'won' end,
      t.amount_minor, 'EUR', '10.' || (t.id % 7), 'Fraud', ${at}::timestamptz,
      ${at}::timestamptz + ((t.id % 120) - 60) * interval '1 day', case when t.id % 41 = 0 then 1 else 0 end,
      case when t.id % 10 = 2 then ${at}::timestamptz - (t.id % 30) * interval '1 day' end, 1, ${at}::timestamptz, ${at}::timestamptz
    from transactions t`.execute(db);
  await sql`analyze`.execute(db);
}

interface PostgresPlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PostgresPlanNode[];
}

/**
 * A PostgreSQL plan as SQLite would word it: "SCAN cases" for a sequential scan, "SEARCH cases
 * USING INDEX i (cond)" for an index, "USE TEMP B-TREE FOR ORDER BY" for a sort above cases.
 */
function postgresPlanLines(result: pg.QueryResult): string[] {
  const [{ Plan: root }] = (result.rows[0] as { "QUERY PLAN": [{ Plan: PostgresPlanNode }] })["QUERY PLAN"];
  const lines: string[] = [];
  const readsCases = (node: PostgresPlanNode): boolean => node["Relation Name"] === "cases" || (node.Plans ?? []).some(readsCases);
  const walk = (node: PostgresPlanNode) => {
    const type = node["Node Type"];
    if (type === "Seq Scan") lines.push(`SCAN ${node["Relation Name"]}`);
    if (node["Index Name"] && (node["Relation Name"] ?? "cases") !== "") {
      const table = node["Relation Name"] ?? "cases";
      // Parameters and comparisons in SQLite's spelling, so the keyset rule (">?") reads both.
      const cond = (node["Index Cond"] ?? "")
        .replace(/'[^']*'(::\w+( \w+)*)?/g, "?")
        .replace(/ROW\(/g, "(")
        .replace(/([<>=(,]\s*)-?\d+(\.\d+)?\b/g, "$1?")
        .replace(/\s*([<>=]+)\s*/g, "$1");
      lines.push(`SEARCH ${table} USING INDEX ${node["Index Name"]} (${cond})`);
    }
    if ((type === "Sort" || type === "Incremental Sort") && readsCases(node)) lines.push("USE TEMP B-TREE FOR ORDER BY");
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  return lines;
}

afterAll(async () => {
  releaseExplainer();
  await db?.destroy();
  await destroy();
});

/** The plan lines of every statement `run` sends, each with its SQL. */
async function plansOf(run: () => Promise<unknown>, options: ExplainOptions = {}): Promise<{ sql: string; plan: string[] }[]> {
  compiled.length = 0;
  await run();
  const queries = [...compiled];
  return Promise.all(queries.map(async (q) => ({ sql: q.sql, plan: await explain(q, options) })));
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
  if (!/^select .* from "cases" .* limit (\?|\$\d+)$/.test(p.sql)) return [];
  // A case number finds one case: there is nothing to page through.
  return p.plan.some((line) => /^SEARCH cases USING .*(>\(?\?|case_number=\?)/.test(line)) ? [] : ["no index range on the keyset"];
}

/**
 * Open cases are walked one open status at a time: a walk in respond-by order that skips closed
 * cases (`status != 'closed'`) reads every closed case first, since their respond-by lies in the past.
 */
function openWalkProblemsOf(plans: { sql: string; plan: string[] }[]): string[] {
  return plans.flatMap((p) => p.plan.filter((line) => /^SEARCH cases\b/.test(line) && !/\bstatus=\?/.test(line)));
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
        if (f.status === "open" && f.dueWithinDays === undefined) {
          for (const run of [() => listCases(db, actor, f, null, now), () => listCases(db, actor, f, first.next, now)]) {
            expect(openWalkProblemsOf(await plansOf(run))).toEqual([]);
          }
        }
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
          // The planner's own choice, sorts allowed: the matches are few.
          for (const p of await plansOf(run, { sortsAllowed: true })) {
            expect(p.plan.filter((line) => /^SCAN cases\b/.test(line))).toEqual([]);
            const casesIndexes = p.plan.filter((line) => /^SEARCH cases\b/.test(line)).map((line) => /USING INDEX (\S+)/.exec(line)?.[1]);
            expect(casesIndexes).toEqual(["cases_by_transaction"]);
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

describe("the account filter of /disputes reads a head office's accounts in name order", () => {
  it("one walk of an index that holds what the filter shows, no sort", async () => {
    const plans = await plansOf(() => listVisibleAccountChoices(db, headOffice));
    // SQLite says when an index covers the query; PostgreSQL's plans are read without that word.
    const walk = testsOnPostgres ? "INDEX" : "COVERING INDEX";
    expect(plans.flatMap((p) => p.plan).map((line) => line.replace(/ \(.*\)$/, ""))).toEqual([
      `SEARCH accounts USING ${walk} accounts_by_organisation_name`,
    ]);
  });
});
