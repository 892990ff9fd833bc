// `npm run bench`: speed targets for the lists a large head office uses, on a real SQLite file
// with 300 locations and 200 000 cases. Prints a median per query and exits 1 if a target is missed.
// Kept out of `npm test` on purpose: timings belong here, not in tests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import type { Actor } from "../../app/domain/permissions";
import { countCases, listCases, overviewByAccount, reviewQueue } from "../../app/models/case-list.server";
import { listVisibleAccounts } from "../../app/models/account.server";

const LOCATIONS = Number(process.env.BENCH_LOCATIONS ?? 300);
const CASES = Number(process.env.BENCH_CASES ?? 200_000);
const RUNS = 15;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
const db = openDatabase(path.join(dir, "bench.sqlite"));
const now = new Date("2026-11-23T10:00:00Z");

async function seed() {
  await migrateToLatest(db);
  const at = now.toISOString();
  await sql`insert into organisations (name, legal_name, address, dispute_handling, created_at)
    values ('Big Retail', 'Big Retail AG', 'Somewhere 1', 'central', ${at}), ('Other', 'Other GmbH', 'Elsewhere 2', 'local', ${at})`.execute(
    db,
  );
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${LOCATIONS})
    insert into accounts (organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
    select case when i % 10 = 0 then 2 else 1 end, printf('%010d', 1000000000 + i), 'Location ' || i, 'Street ' || i,
      'Europe/Berlin', 'EUR', 1, ${at} from n`.execute(db);
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${CASES})
    insert into transactions (account_id, occurred_at, amount_minor, currency, card_last4, network_reference, description, created_at)
    select 1 + (i % ${LOCATIONS}), ${at}, 1000 + (i % 50000), 'EUR', printf('%04d', i % 10000), 'REF' || i, 'Sale ' || i, ${at} from n`.execute(
    db,
  );
  // A realistic mix: a fifth open, a tenth under review, the rest closed; respond-by spread over ±60 days.
  await sql`insert into cases (case_number, type, account_id, transaction_id, status, outcome, disputed_amount_minor, currency,
      reason_code, reason_text, received_at, respond_by, urgent_flag, last_response_at, version, created_at, updated_at)
    select case when t.id % 3 = 0 then 'CB-' else 'INQ-' end || printf('2026-%07d', t.id),
      case when t.id % 3 = 0 then 'chargeback' else 'inquiry' end,
      t.account_id, t.id,
      case when t.id % 10 < 2 then 'awaiting_response' when t.id % 10 = 2 then 'under_review' else 'closed' end,
      case when t.id % 10 < 3 then null when t.id % 3 = 0 then 'lost' else 'resolved' end,
      t.amount_minor, 'EUR', '10.4', 'Fraud', ${at},
      strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, ((t.id % 120) - 60) || ' days'),
      case when t.id % 97 = 0 then 1 else 0 end,
      case when t.id % 10 = 2 then strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '-' || (t.id % 30) || ' days') else null end,
      1, ${at}, ${at}
    from transactions t`.execute(db);
  await sql`analyze`.execute(db);
}

const headOffice: Actor = { userId: 1, role: "org_admin", organisationId: 1, assignedAccountIds: [] };
const location: Actor = { userId: 2, role: "location", organisationId: 1, assignedAccountIds: [7] };
const analyst: Actor = { userId: 3, role: "analyst", organisationId: null, assignedAccountIds: [] };

async function time(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  await fn(); // warm the page cache
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? NaN;
}

const seedStart = performance.now();
await seed();
console.log(`seeded ${LOCATIONS} locations and ${CASES} cases in ${Math.round(performance.now() - seedStart)} ms`);

const secondPage = (await listCases(db, headOffice, { status: "open" }, null, now)).next;
const checks: Array<[string, number, () => Promise<unknown>]> = [
  ["/disputes, head office, open cases, first page", 100, () => listCases(db, headOffice, { status: "open" }, null, now)],
  ["/disputes, head office, open cases, next page (keyset)", 100, () => listCases(db, headOffice, { status: "open" }, secondPage, now)],
  ["/disputes, head office, search by card last four", 100, () => listCases(db, headOffice, { search: "0042" }, null, now)],
  ["/disputes, location, all cases", 20, () => listCases(db, location, {}, null, now)],
  ["/disputes counts per status, head office", 400, () => countCases(db, headOffice, {}, now)],
  ["/overview, head office, 270 locations", 1500, () => overviewByAccount(db, headOffice, now, 3)],
  ["/review queue, analyst, everything under review", 500, () => reviewQueue(db, analyst, {})],
  ["visible accounts, head office", 20, () => listVisibleAccounts(db, headOffice)],
];

let missed = 0;
for (const [name, targetMs, fn] of checks) {
  const median = await time(fn);
  const ok = median <= targetMs;
  if (!ok) missed++;
  console.log(`${ok ? "ok  " : "MISS"} ${median.toFixed(1).padStart(8)} ms  (target ${targetMs} ms)  ${name}`);
}

await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
console.log(missed ? `${missed} target(s) missed` : "all targets met");
process.exit(missed ? 1 : 0);
