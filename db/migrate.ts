// `npm run db:migrate`: apply pending migrations to DATABASE_PATH.
import { getEnv } from "../app/utils/env.server";
import { databaseLocation, openDatabase } from "./connection";
import { migrateToLatest } from "./migrator";

const db = openDatabase(databaseLocation(getEnv()));
try {
  const { results } = await migrateToLatest(db);
  if (!results?.length) console.log("Nothing to migrate.");
  for (const r of results ?? []) console.log(`migration ${r.migrationName}: ${r.status}`);
} finally {
  await db.destroy();
}
