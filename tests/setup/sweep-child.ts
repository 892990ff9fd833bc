// A deadline sweep in a process of its own, for tests that run two at once on one database file
// (better-sqlite3 is synchronous: two connections in one process never interleave a statement).
// Usage: tsx tests/setup/sweep-child.ts <database file or URL> <now ISO>. Prints "ready", waits for a
// line on stdin, sweeps, prints the report as JSON.
import { openDatabase } from "../../db/connection";
import { runDeadlineSweep } from "../../app/services/disputes/deadline-sweep.server";

const [location, nowIso] = process.argv.slice(2);
const db = openDatabase(location!);
await db.selectFrom("cases").select("id").limit(1).execute();
process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
try {
  const report = await runDeadlineSweep(db, new Date(nowIso!));
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await db.destroy();
  process.stdin.destroy();
}
