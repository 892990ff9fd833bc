import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DB } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";

// Each test file gets its own real, migrated SQLite file: nothing leaks between files and
// files run in parallel workers without locking each other.
export async function createTestDatabase(): Promise<{ db: DB; file: string; destroy: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
  const file = path.join(dir, "portal.sqlite");
  const db = openDatabase(file);
  await migrateToLatest(db);
  return {
    db,
    file,
    destroy: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
