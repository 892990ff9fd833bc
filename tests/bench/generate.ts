// The bench's data: a portal database in the real schema (the real migrations), filled in one
// transaction with recursive CTEs through better-sqlite3 (Kysely would build a million statements).
import SQLite from "better-sqlite3";
import { openDatabase } from "../../db/connection";
import { rebuildCaseStatistics } from "../../db/migrations/2026-12-03-1109-case-statistics";
import { migrateToLatest } from "../../db/migrator";
import { hashPassword } from "../../app/services/auth.server";

export const BENCH_PASSWORD = "bench-password-2026";

export interface GeneratedData {
  file: string;
  cases: number;
  locations: number;
  headOfficeLocations: number;
  headOffice: { username: string; organisationId: number };
  analyst: { username: string };
  /** An open inquiry of the head office, for the case page. */
  sampleCaseNumber: string;
  milliseconds: number;
}

/**
 * `cases` cases spread evenly over `locations` accounts; organisation 1 (the head office) owns the
 * first quarter of the accounts (500 of 2 000), the others belong to organisations of ten. By
 * position: a fifth awaiting a response (respond-by within the next 60 days), a tenth under
 * review (with a response and an attachment), the rest closed. Every case has its "opened"
 * event; responded and decided cases one more. Twelve monthly statements per account.
 */
export async function generate(
  file: string,
  options: { cases: number; locations: number; headOfficeLocations?: number; now: Date },
): Promise<GeneratedData> {
  const started = performance.now();
  const { cases, locations, now } = options;
  const head = options.headOfficeLocations ?? Math.round(locations / 4);
  const migrated = openDatabase(file);
  await migrateToLatest(migrated);
  await migrated.destroy();

  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -524288");
  db.pragma("temp_store = MEMORY");
  const at = now.toISOString();
  const hash = await hashPassword(BENCH_PASSWORD);
  // A timestamp `minutes` after now, as the portal writes them (ISO-8601 UTC with milliseconds).
  const ts = (minutes: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', @at, (${minutes}) || ' minutes')`;

  // Bulk loading: the indexes of the big tables are dropped and built again once their rows are
  // in (one sort each instead of a dozen B-trees kept up to date row by row). The schema ends up
  // as the migrations made it; the triggers stay and run for every row.
  const indexes = db
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null
       and tbl_name in ('cases', 'transactions', 'case_events', 'case_responses', 'case_attachments')`,
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`drop index "${index.name}"`);

  db.transaction(() => {
    // BigInt: better-sqlite3 binds a JS number as a REAL, and `/` would then not divide integers.
    const p = { at, head: BigInt(head), locations: BigInt(locations), cases: BigInt(cases) };
    db.prepare(
      `insert into organisations (id, name, legal_name, address, dispute_handling, created_at)
       values (1, 'Head Office Retail', 'Head Office Retail AG', 'Hauptstrasse 1, Berlin', 'central', @at)`,
    ).run(p);
    db.prepare(
      `with recursive n(i) as (select 2 union all select i + 1 from n where i < 1 + (@locations - @head + 9) / 10)
       insert into organisations (id, name, legal_name, address, dispute_handling, created_at)
       select i, 'Merchant Group ' || i, 'Merchant Group ' || i || ' GmbH', 'Street ' || i, 'local', @at from n`,
    ).run(p);
    db.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < @locations)
       insert into accounts (id, organisation_id, merchant_number, name, address, time_zone, currency, paperless, created_at)
       select i, case when i <= @head then 1 else 2 + (i - @head - 1) / 10 end, printf('%010d', 4000000000 + i),
         'Location ' || printf('%04d', i), 'Street ' || i, 'Europe/Berlin', 'EUR', i % 2, '2024-01-01T00:00:00.000Z' from n`,
    ).run(p);
    db.prepare(
      `insert into paperless_enrolments (account_id, enrolled, at, by_user_id)
       select id, paperless, created_at, null from accounts`,
    ).run();
    const user = db.prepare(
      `insert into users (username, email, display_name, role, organisation_id, password_hash, created_at)
       values (@username, @username || '@bench.example', @name, @role, @org, @hash, @at)`,
    );
    user.run({ username: "bench-head", name: "Head Office Admin", role: "org_admin", org: 1, hash, at });
    user.run({ username: "bench-analyst", name: "Network Analyst", role: "analyst", org: null, hash, at });
    const location = user.run({ username: "bench-location", name: "Location Manager", role: "location", org: 1, hash, at });
    db.prepare(`insert into user_accounts (user_id, account_id) values (?, 1)`).run(location.lastInsertRowid);
    const locationUser = Number(location.lastInsertRowid);

    // k = i / locations: the case's round over the accounts, so each account gets the same mix.
    db.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < @cases)
       insert into transactions (id, account_id, occurred_at, amount_minor, currency, card_last4, network_reference, description, created_at)
       select i, 1 + (i % @locations), ${ts("-(60 + i % 400) * 1440")}, 500 + (i * 37) % 99500, 'EUR',
         printf('%04d', (i * 7) % 10000), 'BNR' || printf('%012d', i), 'Card sale ' || i, @at from n`,
    ).run(p);
    // status: k % 10 in 0..1 awaiting, 2 under review, else closed; type: chargeback when k % 3 = 0.
    db.prepare(
      `insert into cases (id, case_number, type, account_id, organisation_id, transaction_id, status, outcome, disputed_amount_minor, currency,
         reason_code, reason_text, received_at, respond_by, urgent_flag, last_response_at, version, created_at, updated_at,
         urgent_window_notified_at)
       select t.id, case when k % 3 = 0 then 'CB-' else 'INQ-' end || '2026-' || printf('%07d', t.id),
         case when k % 3 = 0 then 'chargeback' else 'inquiry' end, t.account_id,
         (select a.organisation_id from accounts a where a.id = t.account_id), t.id,
         case when k % 10 < 2 then 'awaiting_response' when k % 10 = 2 then 'under_review' else 'closed' end,
         case when k % 10 < 3 then null
              when k % 3 = 0 then case k % 4 when 0 then 'won' when 1 then 'lost' when 2 then 'accepted' else 'expired' end
              else case k % 4 when 0 then 'resolved' when 1 then 'credit_issued' else 'no_reply' end end,
         t.amount_minor, 'EUR', case k % 5 when 0 then '10.4' when 1 then '13.1' when 2 then '13.3' when 3 then '4837' else '12.6' end,
         case k % 5 when 0 then 'Fraud' when 1 then 'Merchandise not received' when 2 then 'Not as described' when 3 then 'No cardholder authorisation' else 'Duplicate processing' end,
         ${ts("m - 30 * 1440")}, ${ts("m")}, case when t.id % 97 = 0 then 1 else 0 end,
         case when k % 10 = 2 then ${ts("-(t.id % 20) * 1440 - t.id % 1440")} when k % 10 > 2 then ${ts("m - 10 * 1440")} else null end,
         1, ${ts("m - 30 * 1440")}, @at,
         -- Earlier sweeps announced the open cases now in their urgent window.
         case when k % 10 < 2 and m < 10 * 1440 then ${ts("m - 30 * 1440")} else null end
       from (select t.*, t.id / @locations as k,
               case when (t.id / @locations) % 10 < 2 then (1 + t.id % 60) * 1440 + t.id % 1440
                    when (t.id / @locations) % 10 = 2 then -(t.id % 30) * 1440 - t.id % 1440
                    else -(30 + t.id % 300) * 1440 - t.id % 1440 end as m
             from transactions t) t`,
    ).run(p);
    db.prepare(
      `insert into case_events (case_id, at, actor_user_id, event_type, from_status, to_status, outcome)
       select id, received_at, null, 'opened', null, 'awaiting_response', null from cases`,
    ).run();
    db.prepare(
      `insert into case_responses (case_id, submitted_by_user_id, submitted_at, comment, version_at_submission)
       select id, ${locationUser}, last_response_at, 'Receipt and delivery note attached.', 1 from cases where status = 'under_review'`,
    ).run();
    db.prepare(
      `insert into case_events (case_id, at, actor_user_id, event_type, from_status, to_status, outcome)
       select case_id, submitted_at, submitted_by_user_id, 'respond', 'awaiting_response', 'under_review', null from case_responses`,
    ).run();
    db.prepare(
      `insert into case_attachments (case_id, response_id, sha256, original_name, media_type, size_bytes, required_document, uploaded_by_user_id, uploaded_at)
       select case_id, id, printf('%064x', id), 'receipt.pdf', 'application/pdf', 48213, null, submitted_by_user_id, submitted_at from case_responses`,
    ).run();
    db.prepare(
      `insert into case_events (case_id, at, actor_user_id, event_type, from_status, to_status, outcome)
       select id, last_response_at, null, 'decide', 'under_review', 'closed', outcome from cases where status = 'closed'`,
    ).run();
    db.prepare(`insert into case_number_counters (prefix, year, last_value) values ('INQ', 2026, @cases), ('CB', 2026, @cases)`).run(p);
    // Twelve closed months per account, the newest the month before now.
    db.prepare(
      `with recursive m(j) as (select 1 union all select j + 1 from m where j < 12)
       insert into statements (account_id, month, opens_at, closes_at, currency, charges_minor, credits_minor, chargebacks_minor,
         reversals_minor, fees_minor, net_minor, delivered_on_paper, generated_at)
       select a.id, strftime('%Y-%m', @at, 'start of month', '-' || j || ' months'),
         strftime('%Y-%m-%dT%H:%M:%fZ', @at, 'start of month', '-' || j || ' months'),
         strftime('%Y-%m-%dT%H:%M:%fZ', @at, 'start of month', '-' || (j - 1) || ' months'),
         'EUR', 1000000 + a.id * 13 + j, 2000 + j, 5000 + a.id, 100, case when a.paperless then 0 else 150 end,
         1000000 + a.id * 13 + j - 2000 - j - 5000 - a.id + 100 - case when a.paperless then 0 else 150 end,
         1 - a.paperless, strftime('%Y-%m-%dT%H:%M:%fZ', @at, 'start of month', '-' || (j - 1) || ' months', '+2 hours')
       from accounts a, m`,
    ).run(p);
  })();
  for (const index of indexes) db.exec(index.sql);
  db.pragma("wal_checkpoint(TRUNCATE)");
  const sample = db
    .prepare(`select case_number from cases where account_id = 1 and status = 'awaiting_response' and type = 'inquiry' order by id limit 1`)
    .get() as { case_number: string } | undefined;
  db.close();
  if (!sample) throw new Error("The generated data has no open inquiry for the case page");
  // The overview's analytics read per-account month rows, as the portal keeps them (decision 059).
  const statistics = openDatabase(file);
  await rebuildCaseStatistics(statistics);
  await statistics.destroy();
  return {
    file,
    cases,
    locations,
    headOfficeLocations: head,
    headOffice: { username: "bench-head", organisationId: 1 },
    analyst: { username: "bench-analyst" },
    sampleCaseNumber: sample.case_number,
    milliseconds: Math.round(performance.now() - started),
  };
}
