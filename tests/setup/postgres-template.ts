import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { onPostgresServer, POSTGRES_TEMPLATE, postgresDatabaseUrl, testPostgresUrl } from "./db";

// Vitest global setup: on PostgreSQL, migrate one template database per run; every test database
// is a copy of it (`create database … template`), much faster than migrating each one.
export default async function setup(): Promise<void> {
  if (!testPostgresUrl) return;
  const serverUrl = testPostgresUrl;
  await onPostgresServer(serverUrl, async (client) => {
    await client.query(`drop database if exists ${POSTGRES_TEMPLATE} with (force)`);
    await client.query(`create database ${POSTGRES_TEMPLATE}`);
  });
  const db = openDatabase(postgresDatabaseUrl(serverUrl, POSTGRES_TEMPLATE));
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
