import { sql, type Kysely } from "kysely";
import { onPostgres } from "./portable";

// Lists that scale with the page, not with the data (issue 10). A case carries its account's
// organisation, so a head office's list walks one index in its sort order instead of an IN over
// hundreds of accounts; per account, type, status and outcome a counter row (with the disputed
// amount) serves the status counts and the overview; the reason codes seen so far serve the review
// queue's filter. Counters and reason codes are kept by triggers in the transaction of every case
// write, so no writer (service, demo seed, bulk loader) can leave them behind.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("cases")
    .addColumn("organisation_id", "integer", (c) => c.references("organisations.id"))
    .execute();
  await db
    .updateTable("cases")
    .set((eb) => ({
      organisation_id: eb.selectFrom("accounts").select("accounts.organisation_id").whereRef("accounts.id", "=", "cases.account_id"),
    }))
    .execute();
  // The data layer sets it; a bulk loader that leaves it out gets it filled, a wrong one is refused.
  if (onPostgres(db)) await organisationOfAccountOnPostgres(db);
  else await organisationOfAccountOnSqlite(db);

  // /disputes of a head office: one status (order respond_by, id), or open/all (status read from the
  // index). The account in the first makes the due/overdue counts and the overview's due columns
  // index-only.
  await db.schema
    .createIndex("cases_by_organisation_status_respond_by")
    .on("cases")
    .columns(["organisation_id", "status", "respond_by", "id", "account_id"])
    .execute();
  await db.schema
    .createIndex("cases_by_organisation_respond_by")
    .on("cases")
    .columns(["organisation_id", "respond_by", "id", "status"])
    .execute();
  // A location's open/all list: the same, per account (replaces the index without status).
  await db.schema.dropIndex("cases_by_account_respond_by").execute();
  await db.schema
    .createIndex("cases_by_account_respond_by_status")
    .on("cases")
    .columns(["account_id", "respond_by", "id", "status"])
    .execute();
  // The review queue with flagged cases first, and both orders for one organisation.
  await sql`create index cases_by_status_urgent_last_response on cases (status, urgent_flag desc, last_response_at, id)`.execute(db);
  await db.schema
    .createIndex("cases_by_organisation_status_last_response")
    .on("cases")
    .columns(["organisation_id", "status", "last_response_at", "id"])
    .execute();
  // The queue under a reason code, in its order; its total counted from this index alone.
  await db.schema
    .createIndex("cases_by_status_reason_last_response")
    .on("cases")
    .columns(["status", "reason_code", "last_response_at", "id"])
    .execute();
  await sql`create index cases_by_status_reason_urgent_last_response
    on cases (status, reason_code, urgent_flag desc, last_response_at, id)`.execute(db);
  await sql`create index cases_by_organisation_status_urgent_last_response
    on cases (organisation_id, status, urgent_flag desc, last_response_at, id)`.execute(db);

  await db.schema
    .createTable("case_counts")
    .addColumn("account_id", "integer", (c) => c.notNull().references("accounts.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    // '' while open: a key column must not be null for the upsert to find its row.
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("cases", "integer", (c) => c.notNull())
    .addColumn("amount_minor", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("case_counts_pk", ["account_id", "type", "status", "outcome"])
    .execute();
  await db.schema.createIndex("case_counts_by_organisation").on("case_counts").columns(["organisation_id", "status"]).execute();
  await db.schema.createIndex("case_counts_by_status").on("case_counts").columns(["status", "organisation_id"]).execute();
  await sql`insert into case_counts (account_id, organisation_id, type, status, outcome, cases, amount_minor)
    select c.account_id, a.organisation_id, c.type, c.status, coalesce(c.outcome, ''), count(*), sum(c.disputed_amount_minor)
    from cases c join accounts a on a.id = c.account_id
    group by c.account_id, a.organisation_id, c.type, c.status, coalesce(c.outcome, '')`.execute(db);

  if (onPostgres(db)) await countersOnPostgres(db);
  else await countersOnSqlite(db);

  await db.schema
    .createTable("case_reason_codes")
    .addColumn("reason_code", "text", (c) => c.primaryKey())
    .execute();
  await sql`insert into case_reason_codes (reason_code) select distinct reason_code from cases`.execute(db);
  if (onPostgres(db)) {
    await sql`create function case_reason_codes_keep() returns trigger language plpgsql as $$
      begin
        insert into case_reason_codes (reason_code) values (new.reason_code) on conflict (reason_code) do nothing;
        return null;
      end $$`.execute(db);
    await sql`create trigger case_reason_codes_keep after insert or update of reason_code on cases
      for each row execute function case_reason_codes_keep()`.execute(db);
  } else {
    await sql`create trigger case_reason_codes_insert after insert on cases
      begin insert into case_reason_codes (reason_code) values (new.reason_code) on conflict (reason_code) do nothing; end`.execute(db);
    await sql`create trigger case_reason_codes_update after update of reason_code on cases
      begin insert into case_reason_codes (reason_code) values (new.reason_code) on conflict (reason_code) do nothing; end`.execute(db);
  }
}

async function organisationOfAccountOnSqlite(db: Kysely<any>): Promise<void> {
  await sql`create trigger cases_organisation_filled after insert on cases when new.organisation_id is null
    begin
      update cases set organisation_id = (select organisation_id from accounts where id = new.account_id) where id = new.id;
    end`.execute(db);
  for (const [name, event] of [
    ["cases_organisation_of_account_insert", "before insert on cases"],
    ["cases_organisation_of_account_update", "before update of organisation_id, account_id on cases"],
  ] as const) {
    await sql`${sql.raw(`create trigger ${name} ${event}`)}
      when new.organisation_id is not null
        and new.organisation_id is not (select organisation_id from accounts where id = new.account_id)
      begin select raise(abort, 'cases: organisation_id is not the organisation of the account'); end`.execute(db);
  }
}

async function organisationOfAccountOnPostgres(db: Kysely<any>): Promise<void> {
  await sql`create function cases_organisation_of_account() returns trigger language plpgsql as $$
    declare account_organisation integer;
    begin
      select organisation_id into account_organisation from accounts where id = new.account_id;
      if new.organisation_id is null then
        new.organisation_id := account_organisation;
      elsif new.organisation_id is distinct from account_organisation then
        raise exception 'cases: organisation_id is not the organisation of the account';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger cases_organisation_of_account before insert or update of organisation_id, account_id on cases
    for each row execute function cases_organisation_of_account()`.execute(db);
}

async function countersOnSqlite(db: Kysely<any>): Promise<void> {
  const add = (row: "new") =>
    sql.raw(`insert into case_counts (account_id, organisation_id, type, status, outcome, cases, amount_minor)
        values (${row}.account_id, (select organisation_id from accounts where id = ${row}.account_id), ${row}.type, ${row}.status,
                coalesce(${row}.outcome, ''), 1, ${row}.disputed_amount_minor)
        on conflict (account_id, type, status, outcome)
        do update set cases = cases + 1, amount_minor = amount_minor + excluded.amount_minor;`);
  const remove = (row: "old") =>
    sql.raw(`update case_counts set cases = cases - 1, amount_minor = amount_minor - ${row}.disputed_amount_minor
        where account_id = ${row}.account_id and type = ${row}.type and status = ${row}.status and outcome = coalesce(${row}.outcome, '');`);
  await sql`create trigger case_counts_insert after insert on cases begin ${add("new")} end`.execute(db);
  await sql`create trigger case_counts_update after update of account_id, type, status, outcome, disputed_amount_minor on cases
    when old.account_id is not new.account_id or old.type is not new.type or old.status is not new.status
      or old.outcome is not new.outcome or old.disputed_amount_minor is not new.disputed_amount_minor
    begin ${remove("old")} ${add("new")} end`.execute(db);
  await sql`create trigger case_counts_delete after delete on cases begin ${remove("old")} end`.execute(db);
}

async function countersOnPostgres(db: Kysely<any>): Promise<void> {
  await sql`create function case_counts_keep() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update case_counts set cases = case_counts.cases - 1, amount_minor = case_counts.amount_minor - old.disputed_amount_minor
          where account_id = old.account_id and type = old.type and status = old.status and outcome = coalesce(old.outcome, '');
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into case_counts (account_id, organisation_id, type, status, outcome, cases, amount_minor)
          values (new.account_id, (select organisation_id from accounts where id = new.account_id), new.type, new.status,
                  coalesce(new.outcome, ''), 1, new.disputed_amount_minor)
          on conflict (account_id, type, status, outcome)
          do update set cases = case_counts.cases + 1, amount_minor = case_counts.amount_minor + excluded.amount_minor;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger case_counts_insert_delete after insert or delete on cases
    for each row execute function case_counts_keep()`.execute(db);
  await sql`create trigger case_counts_update after update of account_id, type, status, outcome, disputed_amount_minor on cases
    for each row when (old.account_id is distinct from new.account_id or old.type is distinct from new.type
      or old.status is distinct from new.status or old.outcome is distinct from new.outcome
      or old.disputed_amount_minor is distinct from new.disputed_amount_minor)
    execute function case_counts_keep()`.execute(db);
}
