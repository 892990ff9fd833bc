import { databaseLocation, openDatabase, type DB } from "../../db/connection";
import { getEnv } from "./env.server";

export type { DB };

// One connection per process. Kept on globalThis so a dev rebuild does not leak handles.
const holder = globalThis as unknown as { __portalDb?: DB };

export function getDb(): DB {
  holder.__portalDb ??= openDatabase(databaseLocation(getEnv()));
  return holder.__portalDb;
}
