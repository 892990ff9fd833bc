import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isPostgresUrl, openSqlite } from "../../db/connection";
import { databaseEnv } from "./db";
import type { RaceOperation } from "./concurrent-child";

// Races operations in separate processes, each with its own connection to one database file.
// better-sqlite3 is synchronous: two connections in one process cannot wait for each other (a
// busy wait blocks the event loop the other side needs), so a real race needs real processes.
//
// To make the overlap certain rather than a matter of timing, this process holds SQLite's write
// lock while the children start: each one runs up to its first statement that needs the lock
// (and announces it), then waits. Everything a side reads before that point, it read before any
// other side wrote; only then is the lock released and the children race for it.

export type RaceAnswer = { ok: true; value: unknown } | { ok: false; error: string };

const CHILD = fileURLToPath(new URL("./concurrent-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Side {
  child: ChildProcess;
  ready: Promise<void>;
  writing: Promise<void>;
  answer: Promise<RaceAnswer>;
}

function start(operation: RaceOperation, env: Record<string, string>): Side {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(operation)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  const marks = new Map<string, () => void>();
  const mark = (name: string) => new Promise<void>((resolve) => marks.set(name, resolve));
  const ready = mark("READY");
  const writing = mark("WRITE");
  const answer = new Promise<RaceAnswer>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      let newline: number;
      while ((newline = output.indexOf("\n")) >= 0) {
        const line = output.slice(0, newline);
        output = output.slice(newline + 1);
        if (line.startsWith("RESULT ")) {
          // A side that answers without writing (refused early) never needs the lock.
          marks.get("WRITE")?.();
          resolve(JSON.parse(line.slice("RESULT ".length)) as RaceAnswer);
        } else marks.get(line)?.();
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    child.on("exit", (code) => reject(new Error(`race child exited (${code}) without an answer:\n${errors}`)));
  });
  // Without an answer the marks would wait forever; the exit error surfaces through `answer`.
  answer.catch(() => marks.forEach((resolve) => resolve()));
  return { child, ready, writing, answer };
}

/** Runs every operation at once, each in its own process; answers in the order given. */
export async function race(location: string, operations: RaceOperation[], env: Record<string, string> = {}): Promise<RaceAnswer[]> {
  const sides = operations.map((op) => start(op, { ...databaseEnv(location), ...env }));
  try {
    await Promise.all(sides.map((s) => Promise.race([s.ready, s.answer])));
    await holdingTheLocks(location, async () => {
      for (const s of sides) s.child.stdin!.write("GO\n");
      await Promise.all(sides.map((s) => Promise.race([s.writing, s.answer.then(() => undefined)])));
    });
    return await Promise.all(sides.map((s) => s.answer));
  } finally {
    for (const s of sides) if (s.child.exitCode === null) s.child.kill();
  }
}

/**
 * Runs `during` while this process holds what every writer needs: SQLite's write lock, or on
 * PostgreSQL every table in EXCLUSIVE mode (plain reads go on, writes and `for update` wait).
 */
async function holdingTheLocks(location: string, during: () => Promise<void>): Promise<void> {
  if (isPostgresUrl(location)) {
    const pg = (await import("pg")).default;
    const blocker = new pg.Client({ connectionString: location });
    await blocker.connect();
    try {
      await blocker.query("begin");
      const { rows } = await blocker.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
      await blocker.query(`lock table ${rows.map((r) => `"${r.tablename}"`).join(", ")} in exclusive mode`);
      await during();
      await blocker.query("commit");
    } finally {
      await blocker.end();
    }
    return;
  }
  const blocker = openSqlite(location);
  try {
    blocker.exec("begin immediate");
    await during();
    blocker.exec("commit");
  } finally {
    blocker.close();
  }
}
