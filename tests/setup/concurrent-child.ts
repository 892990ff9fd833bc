// One side of a race (see tests/setup/concurrent.ts): a process of its own with its own
// connection to the database, as a second server process would have. It says READY, waits
// for GO on stdin, runs one operation and prints its answer as `RESULT <json>`. Before the first
// statement that needs the write lock (SQLite) or a row lock (PostgreSQL) it prints WRITE, so the parent knows this side has
// done every read it does before asking for the lock.
import fs from "node:fs";
import readline from "node:readline";
import type pg from "pg";
import { databaseOver, databaseOverPool, openSqlite, postgresPool, type DB } from "../../db/connection";
import { loadActor } from "../../app/models/user.server";
import { decideCase } from "../../app/services/disputes/decide.server";
import { answerOrSaveDraft } from "../../app/services/disputes/drafts.server";
import { submitResponse } from "../../app/services/disputes/respond.server";
import { signIn } from "../../app/services/auth.server";
import { changeUserAccess, setOrganisationUserActive } from "../../app/services/org-users.server";
import { changeDisputeHandling } from "../../app/services/settings.server";
import { setUserActive } from "../../app/services/user-admin.server";
import { actAsDesk } from "../../app/services/support-desk.server";
import { fileRequest } from "../../app/services/support.server";
import { importCases, readIntakeCsv } from "../../app/services/disputes/intake.server";

export type RaceOperation =
  | { kind: "respond"; username: string; caseNumber: string; version: number; creditText: string; comment?: string; now: string }
  | { kind: "decide"; username: string; caseNumber: string; version: number; decision: string; note: string; now: string }
  | { kind: "signIn"; identifier: string; password: string; now: string }
  | {
      kind: "changeAccess";
      username: string;
      target: string;
      role: "location" | "head_office" | "org_admin";
      accounts: number[];
      now: string;
    }
  | { kind: "deactivate"; username: string; target: string; now: string }
  | { kind: "changeHandling"; username: string; handling: "central" | "local"; now: string }
  | { kind: "saveDraft"; username: string; caseNumber: string; draftVersion: number; comment: string; now: string }
  | { kind: "fileComplaint"; username: string; caseNumber: string; description: string; now: string }
  | { kind: "importCases"; username: string; csv: string; now: string }
  | { kind: "deskTake"; username: string; requestNumber: string; version: number; now: string };

const say = (line: string) => fs.writeSync(1, `${line}\n`);

const operation = JSON.parse(process.argv[2] ?? "null") as RaceOperation;
// The first statement that waits for the lock a competing write takes too: SQLite's write lock, or
// on PostgreSQL a row lock (a write, or a read `for update` / `for share`).
let announced = false;
const announceBeforeLocking = (source: string) => {
  if (
    !announced &&
    (/^\s*(begin immediate|insert|update|delete|replace)\b/i.test(source) ||
      /\b(for update|for share|pg_advisory_xact_lock)\b/i.test(source))
  ) {
    announced = true;
    say("WRITE");
  }
};
const db: DB = process.env.DATABASE_URL ? watchedPostgres(process.env.DATABASE_URL) : watchedSqlite(process.env.DATABASE_PATH!);

function watchedSqlite(file: string): DB {
  const sqlite = openSqlite(file);
  // The server's 5 s is plenty for a request; a loaded test machine gets more before a side gives up.
  sqlite.pragma("busy_timeout = 30000");
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = (source: string) => {
    announceBeforeLocking(source);
    return prepare(source);
  };
  return databaseOver(sqlite);
}

function watchedPostgres(url: string): DB {
  const pool = postgresPool(url);
  pool.on("connect", (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      announceBeforeLocking(typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? ""));
      return query(...args);
    };
  });
  return databaseOverPool(pool);
}

async function actorOf(username: string) {
  const user = await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
  return loadActor(db, user);
}

async function userIdOf(username: string): Promise<number> {
  return (await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow()).id;
}

async function run(op: RaceOperation): Promise<unknown> {
  const now = new Date(op.now);
  switch (op.kind) {
    case "respond":
      return submitResponse(
        db,
        await actorOf(op.username),
        op.caseNumber,
        { comment: op.comment ?? "", creditText: op.creditText, accept: false, version: op.version, attachments: [] },
        now,
      );
    case "decide":
      return decideCase(db, await actorOf(op.username), op.caseNumber, { decision: op.decision, note: op.note, version: op.version }, now);
    case "signIn": {
      // The session token and user row stay in this process: the answer says only how it went.
      const result = await signIn(db, { identifier: op.identifier, password: op.password }, now);
      return result.ok ? { ok: true } : result;
    }
    case "changeAccess":
      return changeUserAccess(db, await actorOf(op.username), await userIdOf(op.target), { role: op.role, accounts: op.accounts }, now);
    case "deactivate": {
      // The platform operator deactivates at /admin/users, an org_admin at /settings/users.
      const actor = await actorOf(op.username);
      const deactivate = actor.role === "admin" ? setUserActive : setOrganisationUserActive;
      return deactivate(db, actor, await userIdOf(op.target), false, now);
    }
    case "changeHandling":
      return changeDisputeHandling(db, await actorOf(op.username), op.handling, now);
    case "saveDraft": {
      const draft = { version: op.draftVersion, removeFileIds: [] };
      const submission = {
        intent: "draft" as const,
        comment: op.comment,
        creditText: "",
        accept: false,
        version: 1,
        attachments: [],
        draft,
      };
      return answerOrSaveDraft(db, await actorOf(op.username), op.caseNumber, () => Promise.resolve(submission), now);
    }
    case "fileComplaint":
      return fileRequest(
        db,
        await actorOf(op.username),
        {
          category: "complaint",
          subject: "Complaint",
          description: op.description,
          replyChannel: "portal",
          caseNumber: op.caseNumber,
          accountId: null,
          locale: "en",
        },
        now,
      );
    case "importCases": {
      const read = readIntakeCsv(op.csv);
      return read.ok ? importCases(db, await actorOf(op.username), read.rows, now) : read;
    }
    case "deskTake":
      return actAsDesk(db, await actorOf(op.username), op.requestNumber, { kind: "take" }, op.version, now);
  }
}

// Load everything a first call would (modules, statements) before the start signal.
const ready = op(operation);
async function op(o: RaceOperation) {
  if (o.kind !== "signIn") await actorOf(o.username);
  say("READY");
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) if (line === "GO") break;
  lines.close();
  try {
    say(`RESULT ${JSON.stringify({ ok: true, value: await run(o) })}`);
  } catch (error) {
    say(`RESULT ${JSON.stringify({ ok: false, error: String(error) })}`);
  }
}
await ready;
await db.destroy();
