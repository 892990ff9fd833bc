import { inject } from "vitest";
import { openDatabase, type DB } from "../../db/connection";

/**
 * The served database, for reading what the server did (an email queued, a case decided), on
 * whichever engine the suite runs. Opened for one look and closed again.
 */
export async function lookUp<T>(read: (db: DB) => Promise<T>): Promise<T> {
  const db = openDatabase(inject("databaseLocation"));
  try {
    return await read(db);
  } finally {
    await db.destroy();
  }
}
