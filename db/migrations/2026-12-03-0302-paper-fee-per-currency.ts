import { sql, type Kysely } from "kysely";

// The paper-statement fee becomes a setting per currency (issue 9 item 6): key
// `paper_statement_fee_minor.<ISO code>`. The old single number was charged as the same count
// of minor units in every currency; it keeps its meaning for the currencies it was meant for
// (EUR, USD, GBP, all with two decimals). Every other currency starts without a fee until an
// admin sets one.
export async function up(db: Kysely<any>): Promise<void> {
  for (const currency of ["EUR", "USD", "GBP"]) {
    await sql`insert into settings (key, value, updated_at)
      select ${`paper_statement_fee_minor.${currency}`}, value, updated_at from settings where key = 'paper_statement_fee_minor'`.execute(
      db,
    );
  }
  await sql`delete from settings where key = 'paper_statement_fee_minor'`.execute(db);
}
