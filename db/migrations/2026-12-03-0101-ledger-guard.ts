import { sql, type Kysely } from "kysely";
import { onPostgres } from "./portable";

// SPEC 3.1's invariant, kept by the database as well as by the services (which read the rule's
// inputs under the transaction lock, app/models/ledger.server.ts): on a card transaction, no
// credit once a chargeback exists, credits never above the disputed amount, and credits plus
// the chargeback never above what was disputed. A service that forgot the lock fails loudly here
// instead of paying twice. Messages start with "ledger:" so the services can tell them apart.
export async function up(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) return ledgerGuardOnPostgres(db);
  await sql`create trigger ledger_credit_within_disputed before insert on ledger_entries
    when new.kind = 'credit' and new.transaction_id is not null
    begin
      select raise(abort, 'ledger: no credit once a chargeback exists for the transaction')
        where exists (select 1 from cases where transaction_id = new.transaction_id and type = 'chargeback');
      select raise(abort, 'ledger: credits would exceed the disputed amount')
        where (select coalesce(sum(amount_minor), 0) from ledger_entries
                where transaction_id = new.transaction_id and kind = 'credit') + new.amount_minor
          > coalesce((select disputed_amount_minor from cases where id = new.case_id),
                     (select amount_minor from transactions where id = new.transaction_id));
    end`.execute(db);
  await sql`create trigger ledger_chargeback_within_disputed before insert on ledger_entries
    when new.kind = 'chargeback' and new.transaction_id is not null
    begin
      select raise(abort, 'ledger: credits and chargeback would exceed the disputed amount')
        where (select coalesce(sum(amount_minor), 0) from ledger_entries
                where transaction_id = new.transaction_id and kind in ('credit', 'chargeback')) + new.amount_minor
          > coalesce((select inquiry.disputed_amount_minor from cases chargeback
                        join cases inquiry on inquiry.id = chargeback.related_case_id
                        where chargeback.id = new.case_id),
                     (select amount_minor from transactions where id = new.transaction_id));
    end`.execute(db);
}

// The same two rules as one trigger function (PostgreSQL's triggers run a function, not a body).
async function ledgerGuardOnPostgres(db: Kysely<any>): Promise<void> {
  await sql`create function ledger_within_disputed() returns trigger language plpgsql as $$
    begin
      if new.transaction_id is null then return new; end if;
      if new.kind = 'credit' then
        if exists (select 1 from cases where transaction_id = new.transaction_id and type = 'chargeback') then
          raise exception 'ledger: no credit once a chargeback exists for the transaction';
        end if;
        if (select coalesce(sum(amount_minor), 0) from ledger_entries
              where transaction_id = new.transaction_id and kind = 'credit') + new.amount_minor
           > coalesce((select disputed_amount_minor from cases where id = new.case_id),
                      (select amount_minor from transactions where id = new.transaction_id)) then
          raise exception 'ledger: credits would exceed the disputed amount';
        end if;
      elsif new.kind = 'chargeback' then
        if (select coalesce(sum(amount_minor), 0) from ledger_entries
              where transaction_id = new.transaction_id and kind in ('credit', 'chargeback')) + new.amount_minor
           > coalesce((select inquiry.disputed_amount_minor from cases chargeback
                         join cases inquiry on inquiry.id = chargeback.related_case_id
                         where chargeback.id = new.case_id),
                      (select amount_minor from transactions where id = new.transaction_id)) then
          raise exception 'ledger: credits and chargeback would exceed the disputed amount';
        end if;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger ledger_within_disputed before insert on ledger_entries
    for each row execute function ledger_within_disputed()`.execute(db);
}
