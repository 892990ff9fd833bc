// `npm run db:setup`: create the database file if needed, migrate it, and seed the demo data
// into an empty database. Safe to run on every start.
import { hashPassword } from "../app/services/auth.server";
import { getEnv } from "../app/utils/env.server";
import { databaseLocation, openDatabase } from "./connection";
import { isEmpty, seedDemoData } from "./demo/index";
import { migrateToLatest } from "./migrator";

const env = getEnv();
const db = openDatabase(databaseLocation(env));
try {
  const { results } = await migrateToLatest(db);
  for (const r of results ?? []) console.log(`migration ${r.migrationName}: ${r.status}`);
  if (await isEmpty(db)) {
    await seedDemoData(db, { now: new Date(), hashPassword });
    console.log("Seeded the demo data (password for every demo user: portal-demo-2026).");
  }
  console.log(`Database ready at ${env.DATABASE_URL ? "DATABASE_URL" : env.DATABASE_PATH}`);
} finally {
  await db.destroy();
}
