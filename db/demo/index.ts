import type { DB } from "../connection";
import { seedDisputesDemo } from "./disputes";
import { seedAnnouncementsDemo } from "./announcements";
import { idOf, seedOrganisationsAndUsers, seedSupportDesk, type SeededIds } from "./organisations";
import { seedStatementsDemo } from "./statements";
import { seedSupportRequestsDemo } from "./support-requests";

/**
 * Demo data (SPEC 10), written once into an empty database. Dates are relative to `now`, the day
 * the database is seeded, so the demo always has cases due today, soon and overdue.
 */
export async function seedDemoData(
  db: DB,
  options: { now: Date; hashPassword: (password: string) => Promise<string> },
): Promise<SeededIds> {
  return db.transaction().execute(async (trx) => {
    const ids = await seedOrganisationsAndUsers(trx, options.now, options.hashPassword);
    await seedSupportDesk(trx, ids, options.now, options.hashPassword);
    await seedDisputesDemo(trx, ids, options.now);
    await seedSupportRequestsDemo(trx, ids, options.now);
    await seedAnnouncementsDemo(trx, options.now, idOf(ids.users, "admin"));
    // Keep last: statements are generated from every charge and ledger entry seeded before it.
    await seedStatementsDemo(trx, ids, options.now);
    return ids;
  });
}

export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("organisations").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}
