// The bench's data on PostgreSQL: the same data set as tests/bench/generate.ts (same rows, same
// spread, same users), in a fresh database of its own on the server of DATABASE_URL, made by the
// real migrations and filled in one transaction with server-side generate_series inserts.
//
// Bulk loading, only here: the secondary indexes of the big tables are dropped and built again
// from their own definitions once the rows are in (one sort each instead of a dozen B-trees kept up
// to date row by row), and the rows go in with `session_replication_role = replica`, which skips
// the per-row triggers of the cases table (organisation of the account, case counters, reason
// codes) and the foreign-key checks for this transaction only. The generated rows carry the right
// organisation and references by construction, and the two tables the triggers keep (case_counts,
// case_reason_codes) are filled from the cases by one aggregate insert each, the statement the
// case-scale migration runs itself. Then VACUUM ANALYZE: statistics for the planner, and the
// visibility map an index-only scan needs (what autovacuum would have done on a live database).
import fs from "node:fs";
import pg from "pg";
import { openDatabase } from "../../db/connection";
import { rebuildCaseStatistics } from "../../db/migrations/2026-12-03-1109-case-statistics";
import { migrateToLatest } from "../../db/migrator";
import { hashPassword } from "../../app/services/auth.server";
import { postgresDatabaseUrl } from "../setup/db";
import { BENCH_PASSWORD, type GeneratedData } from "./generate";

/** The bench's own database for `cases` cases on the server of `serverUrl` (never the one it names). */
export function benchDatabaseUrl(serverUrl: string, cases: number): string {
  return postgresDatabaseUrl(serverUrl, `portal_bench_${cases}`);
}

function databaseName(url: string): string {
  return /^postgres(?:ql)?:\/\/[^/?]*\/([^?]+)/.exec(url)?.[1] ?? "";
}

async function onServer<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresDatabaseUrl(url, "postgres") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function dropBenchDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  if (!/^portal_bench_\d+$/.test(name)) throw new Error(`Not a bench database: ${url}`);
  await onServer(url, (client) => client.query(`drop database if exists ${name} with (force)`));
}

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** utime + stime of a local process in seconds, or null when it is not on this machine. */
function backendCpuSeconds(pid: number): number | null {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /s, "")
      .split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const BIG_TABLES = ["cases", "transactions", "case_events", "case_responses", "case_attachments"];

/** See tests/bench/generate.ts for the data set; `url` is a bench database, made afresh. */
export async function generatePostgres(
  url: string,
  options: { cases: number; locations: number; headOfficeLocations?: number; now: Date },
): Promise<GeneratedData & { steps: Record<string, number> }> {
  const started = performance.now();
  const { cases, locations, now } = options;
  const head = options.headOfficeLocations ?? Math.round(locations / 4);
  await dropBenchDatabase(url);
  await onServer(url, (client) => client.query(`create database ${databaseName(url)}`));
  const migrated = openDatabase(url);
  await migrateToLatest(migrated);
  await migrated.destroy();
  const hash = await hashPassword(BENCH_PASSWORD);
  const steps: Record<string, number> = {};
  let stepStarted = performance.now();
  const step = (name: string) => {
    const at = performance.now();
    steps[name] = Math.round(at - stepStarted);
    stepStarted = at;
  };

  const sample = await withClient(url, async (db) => {
    const run = (text: string, values: unknown[] = []) => db.query(text, values);
    const at = now.toISOString();
    // A timestamp `minutes` after now ($1 is now in every statement that uses it).
    const ts = (minutes: string) => `($1::timestamptz + (${minutes}) * interval '1 minute')`;
    // printf('%0Nd') of SQLite: zero-padded, never cut short.
    const pad = (value: string, width: number) => `lpad((${value})::text, greatest(${width}, length((${value})::text)), '0')`;

    // The server's CPU time for the load (when it runs on this machine): a number the load of a
    // shared machine does not inflate the way it does the wall time.
    const backend = Number(((await run("select pg_backend_pid() as pid")).rows[0] as { pid: number }).pid);
    const cpuBefore = backendCpuSeconds(backend);
    await run("begin");
    await run("set local synchronous_commit = off");
    await run("set local session_replication_role = replica");
    await run("set local maintenance_work_mem = '512MB'");
    await run("set local work_mem = '256MB'");
    await run("set local time zone 'UTC'");
    const { rows: indexes } = await run(
      `select i.indexname as name, i.indexdef as definition from pg_indexes i
       where i.schemaname = 'public' and i.tablename = any($1)
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [BIG_TABLES],
    );
    for (const index of indexes as { name: string }[]) await run(`drop index "${index.name}"`);

    await run(
      `insert into organisations (id, name, legal_name, address, dispute_handling, created_at)
       values (1, 'Head Office Retail', 'Head Office Retail AG', 'Hauptstrasse 1, Berlin', 'central', $1)`,
      [at],
    );
    await run(
      `insert into organisations (id, name, legal_name, address, dispute_handling, created_at)
       select i, 'Merchant Group ' || i, 'Merchant Group ' || i || ' GmbH', 'Street ' || i, 'local', $1
       from generate_series(2, 1 + ($2::int - $3::int + 9) / 10) i`,
      [at, locations, head],
    );
    await run(
      `insert into accounts (id, organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
       select i, case when i <= $2 then 1 else 2 + (i - $2 - 1) / 10 end, (4000000000 + i)::text,
         'Location ' || ${pad("i", 4)}, 'Street ' || i, 'Europe/Berlin', 'EUR', i % 2, '2024-01-01T00:00:00.000Z'
       from generate_series(1, $1::int) i`,
      [locations, head],
    );
    await run(
      `insert into paperless_enrolments (account_id, enrolled, at, by_user_id) select id, paperless, created_at, null from accounts order by id`,
    );
    const user = (username: string, name: string, role: string, org: number | null) =>
      run(
        `insert into users (username, email, display_name, role, organisation_id, password_hash, created_at)
         values ($1, $1 || '@bench.example', $2, $3, $4, $5, $6) returning id`,
        [username, name, role, org, hash, at],
      );
    await user("bench-head", "Head Office Admin", "org_admin", 1);
    await user("bench-analyst", "Network Analyst", "analyst", null);
    const locationUser = Number(((await user("bench-location", "Location Manager", "location", 1)).rows[0] as { id: number }).id);
    await run(`insert into user_accounts (user_id, account_id) values ($1, 1)`, [locationUser]);
    step("organisations, accounts, users");

    await run(
      `insert into transactions (id, account_id, occurred_at, amount_minor, currency, card_last4, network_reference, description, created_at)
       select i, 1 + (i % $2), ${ts("-(60 + i % 400) * 1440")}, 500 + (i * 37) % 99500, 'EUR',
         ${pad("(i * 7) % 10000", 4)}, 'BNR' || ${pad("i", 12)}, 'Card sale ' || i, $1
       from generate_series(1, $3::int) i`,
      [at, locations, cases],
    );
    step("transactions");
    // status: k % 10 in 0..1 awaiting, 2 under review, else closed; type: chargeback when k % 3 = 0.
    await run(
      `insert into cases (id, case_number, type, account_id, organisation_id, transaction_id, status, outcome, disputed_amount_minor, currency,
         reason_code, reason_text, received_at, respond_by, urgent_flag, last_response_at, version, created_at, updated_at,
         urgent_window_notified_at)
       select t.id, case when k % 3 = 0 then 'CB-' else 'INQ-' end || '2026-' || ${pad("t.id", 7)},
         case when k % 3 = 0 then 'chargeback' else 'inquiry' end, t.account_id, a.organisation_id, t.id,
         case when k % 10 < 2 then 'awaiting_response' when k % 10 = 2 then 'under_review' else 'closed' end,
         case when k % 10 < 3 then null
              when k % 3 = 0 then case k % 4 when 0 then 'won' when 1 then 'lost' when 2 then 'accepted' else 'expired' end
              else case k % 4 when 0 then 'resolved' when 1 then 'credit_issued' else 'no_reply' end end,
         t.amount_minor, 'EUR', case k % 5 when 0 then '10.4' when 1 then '13.1' when 2 then '13.3' when 3 then '4837' else '12.6' end,
         case k % 5 when 0 then 'Fraud' when 1 then 'Merchandise not received' when 2 then 'Not as described' when 3 then 'No cardholder authorisation' else 'Duplicate processing' end,
         ${ts("m - 30 * 1440")}, ${ts("m")}, case when t.id % 97 = 0 then 1 else 0 end,
         case when k % 10 = 2 then ${ts("-(t.id % 20) * 1440 - t.id % 1440")} when k % 10 > 2 then ${ts("m - 10 * 1440")} else null end,
         1, ${ts("m - 30 * 1440")}, $1,
         -- Earlier sweeps announced the open cases now in their urgent window.
         case when k % 10 < 2 and m < 10 * 1440 then ${ts("m - 30 * 1440")} else null end
       from (select t.id, t.account_id, t.amount_minor, t.id / $2 as k,
               case when (t.id / $2) % 10 < 2 then (1 + t.id % 60) * 1440 + t.id % 1440
                    when (t.id / $2) % 10 = 2 then -(t.id % 30) * 1440 - t.id % 1440
                    else -(30 + t.id % 300) * 1440 - t.id % 1440 end as m
             from transactions t) t
         join accounts a on a.id = t.account_id
       order by t.id`,
      [at, locations],
    );
    step("cases");
    await run(
      `insert into case_events (case_id, at, actor_user_id, event_type, from_status, to_status, outcome)
       select id, received_at, null, 'opened', null, 'awaiting_response', null from cases order by id`,
    );
    await run(
      `insert into case_responses (case_id, submitted_by_user_id, submitted_at, comment, version_at_submission)
       select id, $1, last_response_at, 'Receipt and delivery note attached.', 1 from cases where status = 'under_review' order by id`,
      [locationUser],
    );
    await run(
      `insert into case_events (case_id, at, actor_user_id, event_type, from_status, to_status, outcome)
       select case_id, submitted_at, submitted_by_user_id, 'respond', 'awaiting_response', 'under_review', null from case_responses order by id`,
    );
    await run(
      `insert into case_attachments (case_id, response_id, sha256, original_name, media_type, size_bytes, required_document, uploaded_by_user_id, uploaded_at)
       select case_id, id, lpad(to_hex(id), 64, '0'), 'receipt.pdf', 'application/pdf', 48213, null, submitted_by_user_id, submitted_at
       from case_responses order by id`,
    );
    await run(
      `insert into case_events (case_id, at, actor_user_id, event_type, from_status, to_status, outcome)
       select id, last_response_at, null, 'decide', 'under_review', 'closed', outcome from cases where status = 'closed' order by id`,
    );
    step("events, responses, attachments");
    // What the skipped triggers keep, from all the cases at once (as the case-scale migration does).
    await run(`insert into case_counts (account_id, organisation_id, type, status, outcome, cases, amount_minor)
      select c.account_id, a.organisation_id, c.type, c.status, coalesce(c.outcome, ''), count(*), sum(c.disputed_amount_minor)
      from cases c join accounts a on a.id = c.account_id
      group by c.account_id, a.organisation_id, c.type, c.status, coalesce(c.outcome, '')`);
    await run(`insert into case_reason_codes (reason_code) select distinct reason_code from cases on conflict (reason_code) do nothing`);
    await run(`insert into case_number_counters (prefix, year, last_value) values ('INQ', 2026, $1), ('CB', 2026, $1)`, [cases]);
    // Twelve closed months per account, the newest the month before now.
    await run(
      `insert into statements (account_id, month, opens_at, closes_at, currency, charges_minor, credits_minor, chargebacks_minor,
         reversals_minor, fees_minor, net_minor, delivered_on_paper, generated_at)
       select a.id, to_char(date_trunc('month', $1::timestamptz) - j * interval '1 month', 'YYYY-MM'),
         date_trunc('month', $1::timestamptz) - j * interval '1 month',
         date_trunc('month', $1::timestamptz) - (j - 1) * interval '1 month',
         'EUR', 1000000 + a.id * 13 + j, 2000 + j, 5000 + a.id, 100, case when a.paperless = 1 then 0 else 150 end,
         1000000 + a.id * 13 + j - 2000 - j - 5000 - a.id + 100 - case when a.paperless = 1 then 0 else 150 end,
         1 - a.paperless, date_trunc('month', $1::timestamptz) - (j - 1) * interval '1 month' + interval '2 hours'
       from accounts a, generate_series(1, 12) j order by a.id, j`,
      [at],
    );
    // Rows above were given their ids: the identity columns continue after them.
    for (const table of ["organisations", "accounts", "transactions", "cases"]) {
      await run(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    }
    step("counters, statements");
    for (const index of indexes as { definition: string }[]) await run(index.definition);
    step(`${indexes.length} indexes built`);
    await run("commit");
    await run("vacuum analyze");
    step("vacuum analyze");
    const cpuAfter = backendCpuSeconds(backend);
    if (cpuBefore !== null && cpuAfter !== null) steps["server CPU"] = Math.round((cpuAfter - cpuBefore) * 1000);
    const { rows } = await run(
      `select case_number from cases where account_id = 1 and status = 'awaiting_response' and type = 'inquiry' order by id limit 1`,
    );
    return (rows[0] as { case_number: string } | undefined)?.case_number;
  });
  if (!sample) throw new Error("The generated data has no open inquiry for the case page");
  // The overview's analytics read per-account month rows, as the portal keeps them (decision 059).
  const statistics = openDatabase(url);
  await rebuildCaseStatistics(statistics);
  await statistics.destroy();
  return {
    file: url,
    cases,
    locations,
    headOfficeLocations: head,
    headOffice: { username: "bench-head", organisationId: 1 },
    analyst: { username: "bench-analyst" },
    sampleCaseNumber: sample,
    milliseconds: Math.round(performance.now() - started),
    steps,
  };
}

/**
 * For the memory measurements: open cases of account 1 to upload to (the first a warm-up), and
 * two statements given 20 000 and 200 000 lines (the same rows run.ts adds on SQLite).
 */
export async function memoryCasesPostgres(
  url: string,
): Promise<{ open: { case_number: string }[]; few: { id: number }; many: { id: number } }> {
  return withClient(url, async (db) => {
    const open = (
      await db.query(`select case_number from cases where account_id = 1 and status = 'awaiting_response' order by id limit 4 offset 1`)
    ).rows as { case_number: string }[];
    const [few, many] = (await db.query(`select id from statements where account_id = 1 order by month desc limit 2`)).rows as {
      id: number;
    }[];
    await db.query("begin");
    for (const [statement, lines] of [
      [few!.id, 20_000],
      [many!.id, 200_000],
    ] as const) {
      await db.query(
        `insert into statement_lines (statement_id, position, kind, code, description, reference, occurred_at, amount_minor, currency)
         select $1, i, 'charge', null, 'Card sale ' || i, 'BNR' || i, '2026-10-15T12:00:00.000Z', 1000 + i % 5000, 'EUR'
         from generate_series(1, $2::int) i`,
        [statement, lines],
      );
    }
    await db.query("commit");
    await db.query("analyze statement_lines");
    return { open, few: few!, many: many! };
  });
}
