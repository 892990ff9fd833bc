import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseOver, type DB } from "../../../db/connection";
import type { SeededIds } from "../../../db/demo/organisations";
import { testsOnPostgres } from "../../../tests/setup/db";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { setPlatformSetting } from "~/models/settings.server";
import { runDeadlineSweep, type SweepReport } from "./deadline-sweep.server";
import { setUrgentFlag } from "./flag-urgent.server";
import { openCaseIn } from "./open-case.server";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const T0 = new Date("2026-11-02T09:00:00Z");
const ctx = useDisputesDatabase(T0, ["analyst"]);
const DAY = 86_400_000;
let db: DB;
let ids: SeededIds;
beforeAll(() => {
  db = ctx.db;
  ids = ctx.ids;
});

/** A sweep in a child process of its own, started when `go` is called. */
function sweepInChild(location: string, now: Date) {
  const child = spawn(`${root}node_modules/.bin/tsx`, ["tests/setup/sweep-child.ts", location, now.toISOString()], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith("ready\n")) onReady();
  });
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<SweepReport>((resolve, reject) =>
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`sweep child exited with ${code}: ${err}`));
      resolve(JSON.parse(out.slice("ready\n".length)) as SweepReport);
    }),
  );
  return { ready, go: () => child.stdin.write("go\n"), done };
}

describe("two deadline sweeps at once, in two processes on one database", () => {
  it("close every overdue case: none is left open as someone else's lost race", { timeout: 120_000 }, async () => {
    const accounts = ["alpen-muc", "alpen-gap", "alpen-vie", "noord-ams", "noord-utr", "harbor-bos", "harbor-nyc"];
    const inquiries: number[] = [];
    for (let i = 0; i < 70; i++) {
      const type = i % 2 === 0 ? "inquiry" : "chargeback";
      const opened = await openTestCase(db, ids.accounts[accounts[i % accounts.length]!]!, type, { at: T0, documents: [] });
      if (type === "inquiry") inquiries.push(opened.id);
    }
    const now = new Date("2027-03-01T12:00:00Z");
    const overdueBefore = await db
      .selectFrom("cases")
      .select(["id", "type"])
      .where("status", "=", "awaiting_response")
      .where("respond_by", "<", now.toISOString())
      .execute();

    const a = sweepInChild(ctx.location, now);
    const b = sweepInChild(ctx.location, now);
    await Promise.all([a.ready, b.ready]);
    a.go();
    b.go();
    const [ra, rb] = await Promise.all([a.done, b.done]);

    // Every case that was overdue, whoever opened it, is closed now.
    expect(await stillOverdue(now)).toEqual([]);
    const overdueInquiries = overdueBefore.filter((c) => c.type === "inquiry").length;
    const overdueChargebacks = overdueBefore.filter((c) => c.type === "chargeback").length;
    expect(ra.closedNoReply + rb.closedNoReply).toBe(overdueInquiries);
    expect(ra.expired + rb.expired).toBe(overdueChargebacks);
    expect(ra.noReplyChargebacks + rb.noReplyChargebacks).toBe(overdueInquiries);
    // One no-reply chargeback per inquiry, one deadline event per closed case.
    for (const id of inquiries) {
      const inquiry = await db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      expect(inquiry).toMatchObject({ status: "closed", outcome: "no_reply" });
      const chargebacks = await db
        .selectFrom("cases")
        .select("id")
        .where("transaction_id", "=", inquiry.transaction_id)
        .where("type", "=", "chargeback")
        .execute();
      expect(chargebacks).toHaveLength(1);
    }
    const events = await db
      .selectFrom("case_events")
      .select(({ fn }) => ["case_id", fn.countAll<number>().as("n")])
      .where("event_type", "=", "deadline_passed")
      .groupBy("case_id")
      .execute();
    expect(events).toHaveLength(overdueBefore.length);
    expect(events.every((e) => Number(e.n) === 1)).toBe(true);
  });
});

describe("a sweep with more overdue cases than one batch", () => {
  it("closes them all, also where many share one respond-by", { timeout: 120_000 }, async () => {
    // Opened at the same moment: one respond-by for all, so the batches part within a tie.
    const at = new Date("2027-04-01T08:00:00Z");
    for (let i = 0; i < 230; i++)
      await openTestCase(db, ids.accounts[i % 2 === 0 ? "alpen-muc" : "noord-ams"]!, "chargeback", { at, documents: [] });
    const now = new Date("2027-09-01T12:00:00Z");
    const overdue = (await stillOverdue(now)).length;
    expect(overdue).toBeGreaterThan(200);

    const report = await runDeadlineSweep(db, now);
    expect(await stillOverdue(now)).toEqual([]);
    expect(report.expired).toBe(overdue);
  });
});

/** Case numbers still awaiting a response after their respond-by date. */
function stillOverdue(now: Date) {
  return db
    .selectFrom("cases")
    .select("case_number")
    .where("status", "=", "awaiting_response")
    .where("respond_by", "<", now.toISOString())
    .execute();
}

/**
 * A connection whose every read of a case inside a transaction is followed by a rival's commit
 * on another connection (what a second sweep does when it closes the next case), or by the
 * rival's attempt when this connection already holds the write lock.
 */
function connectionWithRivalCommits(file: string) {
  const own = new SQLite(file);
  own.pragma("busy_timeout = 5000");
  const rival = new SQLite(file);
  rival.pragma("busy_timeout = 0");
  const rivalStats = { attempts: 0, commits: 0 };
  const rivalWrite = () => {
    rivalStats.attempts++;
    try {
      rival
        .prepare(
          "insert into settings (key, value, updated_at) values ('test.rival', ?, ?) on conflict (key) do update set value = excluded.value",
        )
        .run(String(rivalStats.attempts), new Date().toISOString());
      rivalStats.commits++;
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith("SQLITE_BUSY")) throw error;
    }
  };
  const database = new Proxy(own, {
    get(target, prop) {
      if (prop === "prepare") {
        return (text: string) => {
          const statement = target.prepare(text);
          if (!/^select .* from "cases"/i.test(text)) return statement;
          return new Proxy(statement, {
            get(st, p) {
              if (p === "all") {
                return (...args: unknown[]) => {
                  const rows = st.all(...args);
                  if (target.inTransaction) rivalWrite();
                  return rows;
                };
              }
              const value = Reflect.get(st, p, st) as unknown;
              return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(st) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  // The portal's own dialect (begin immediate): the rival's commit is what it must hold off.
  const db = databaseOver(database);
  return {
    db,
    rivalStats,
    close: async () => {
      await db.destroy();
      rival.close();
    },
  };
}

// SQLite only: on PostgreSQL the sweep reads under row locks, which the two-process sweep test covers.
describe.skipIf(testsOnPostgres)("a sweep while another writer tries to commit between its read of a case and its write", () => {
  it("still closes the case: it reads under the lock, so the race cannot be lost", async () => {
    const opened = [];
    for (const type of ["chargeback", "inquiry", "chargeback"] as const) {
      opened.push(await openTestCase(db, ids.accounts["alpen-muc"]!, type, { at: new Date("2027-06-01T09:00:00Z"), documents: [] }));
    }
    const now = new Date("2027-09-01T12:00:00Z");
    const overdue = await db
      .selectFrom("cases")
      .select("type")
      .where("status", "=", "awaiting_response")
      .where("respond_by", "<", now.toISOString())
      .execute();
    const connection = connectionWithRivalCommits(ctx.location);
    try {
      const report = await runDeadlineSweep(connection.db, now);
      expect(connection.rivalStats.attempts).toBeGreaterThan(0);
      // Every rival write came between a read and a write of the sweep's transaction: none got in.
      expect(connection.rivalStats.commits).toBe(0);
      expect(report.expired).toBe(overdue.filter((c) => c.type === "chargeback").length);
      expect(report.closedNoReply).toBe(overdue.filter((c) => c.type === "inquiry").length);
    } finally {
      await connection.close();
    }
    for (const o of opened) {
      expect(await db.selectFrom("cases").select("status").where("id", "=", o.id).executeTakeFirstOrThrow()).toEqual({ status: "closed" });
    }
    expect(await stillOverdue(now)).toEqual([]);
  });
});

async function urgentNotices(caseId: number) {
  return db
    .selectFrom("notifications")
    .select(["user_id", "message"])
    .where("case_id", "=", caseId)
    .where("category", "=", "urgent")
    .execute();
}

describe("urgent notices (SPEC 3.4: once, when a case becomes urgent)", () => {
  const opened = new Date("2027-10-01T09:00:00Z");

  it("a case the analyst flagged gets no second notice when it enters the window, nor after the flag is removed", async () => {
    const flagged = await openTestCase(db, ids.accounts["harbor-nyc"]!, "chargeback", { at: opened, documents: [] });
    const row = await db.selectFrom("cases").selectAll().where("id", "=", flagged.id).executeTakeFirstOrThrow();
    const flaggedAt = new Date(opened.getTime() + DAY);
    expect(await setUrgentFlag(db, ctx.actors["analyst"]!, flagged.caseNumber, { urgent: true, version: row.version }, flaggedAt)).toEqual({
      ok: true,
    });
    const afterFlag = await urgentNotices(flagged.id);
    expect(afterFlag.length).toBeGreaterThan(0);
    expect(afterFlag.every((n) => n.message === "urgent_flag")).toBe(true);

    const inWindow = new Date(new Date(row.respond_by).getTime() - 2 * DAY);
    await runDeadlineSweep(db, inWindow);
    expect(await urgentNotices(flagged.id)).toEqual(afterFlag);

    const current = await db.selectFrom("cases").select("version").where("id", "=", flagged.id).executeTakeFirstOrThrow();
    await setUrgentFlag(db, ctx.actors["analyst"]!, flagged.caseNumber, { urgent: false, version: current.version }, inWindow);
    await runDeadlineSweep(db, new Date(inWindow.getTime() + 60_000));
    expect(await urgentNotices(flagged.id)).toEqual(afterFlag);
  });

  it("a case nobody flagged gets one notice when it enters the window", async () => {
    const plain = await openTestCase(db, ids.accounts["harbor-nyc"]!, "chargeback", { at: opened, documents: [] });
    const row = await db.selectFrom("cases").selectAll().where("id", "=", plain.id).executeTakeFirstOrThrow();
    const inWindow = new Date(new Date(row.respond_by).getTime() - 2 * DAY);
    await runDeadlineSweep(db, inWindow);
    await runDeadlineSweep(db, new Date(inWindow.getTime() + 60_000));
    const notices = await urgentNotices(plain.id);
    // harbor-hq (org_admin) sees every Harbor account: one notice each, for the window.
    expect(notices).toEqual([{ user_id: ids.users["harbor-hq"]!, message: "urgent_window" }]);
  });

  it("a case already urgent by its window gets no second notice when the analyst flags it", async () => {
    const plain = await openTestCase(db, ids.accounts["harbor-nyc"]!, "chargeback", { at: opened, documents: [] });
    const row = await db.selectFrom("cases").selectAll().where("id", "=", plain.id).executeTakeFirstOrThrow();
    const inWindow = new Date(new Date(row.respond_by).getTime() - 2 * DAY);
    await runDeadlineSweep(db, inWindow);
    const afterWindow = await urgentNotices(plain.id);
    expect(afterWindow).toEqual([{ user_id: ids.users["harbor-hq"]!, message: "urgent_window" }]);
    const current = await db.selectFrom("cases").select("version").where("id", "=", plain.id).executeTakeFirstOrThrow();
    const flagged = await setUrgentFlag(db, ctx.actors["analyst"]!, plain.caseNumber, { urgent: true, version: current.version }, inWindow);
    expect(flagged).toEqual({ ok: true });
    expect(await urgentNotices(plain.id)).toEqual(afterWindow);
  });

  it("follows the urgent-window setting", async () => {
    const at = new Date("2027-11-02T15:00:00Z"); // 10:00 in New York
    const wide = await openTestCase(db, ids.accounts["harbor-nyc"]!, "chargeback", { at, documents: [] });
    const row = await db.selectFrom("cases").selectAll().where("id", "=", wide.id).executeTakeFirstOrThrow();
    // Five calendar days left in New York: outside the default window of 3, inside a window of 5.
    const fiveDaysLeft = new Date(new Date(row.respond_by).getTime() - 5 * DAY);
    await runDeadlineSweep(db, fiveDaysLeft);
    expect(await urgentNotices(wide.id)).toEqual([]);
    await setPlatformSetting(db, ids.users["admin"]!, "urgentWindowDays", 5, fiveDaysLeft);
    try {
      await runDeadlineSweep(db, new Date(fiveDaysLeft.getTime() + 60_000));
      expect(await urgentNotices(wide.id)).toHaveLength(1);
    } finally {
      await setPlatformSetting(db, ids.users["admin"]!, "urgentWindowDays", 3, fiveDaysLeft);
    }
  });
});

describe("an overdue inquiry whose charge already has a chargeback", () => {
  it("is closed as no_reply by the job and no second chargeback is opened", async () => {
    const at = new Date("2028-01-10T09:00:00Z");
    const inquiry = await openTestCase(db, ids.accounts["noord-ams"]!, "inquiry", { at, documents: [] });
    const row = await db.selectFrom("cases").selectAll().where("id", "=", inquiry.id).executeTakeFirstOrThrow();
    const account = await db.selectFrom("accounts").selectAll().where("id", "=", row.account_id).executeTakeFirstOrThrow();
    // The network sent a chargeback on the same charge a week later, while the inquiry still waited.
    await db.transaction().execute((trx) =>
      openCaseIn(
        trx,
        {
          type: "chargeback",
          accountId: account.id,
          timeZone: account.time_zone,
          transactionId: row.transaction_id,
          amountMinor: row.disputed_amount_minor,
          currency: row.currency,
          reasonCode: "13.1",
          reasonText: "Services not provided",
          requiredDocuments: [],
          relatedCaseId: null,
          openedByUserId: null,
          origin: "manual",
        },
        new Date(at.getTime() + 7 * DAY),
      ),
    );
    const report = await runDeadlineSweep(db, new Date(new Date(row.respond_by).getTime() + 60_000));
    expect(report.noReplyChargebacks).toBe(0);
    expect(await db.selectFrom("cases").select(["status", "outcome"]).where("id", "=", inquiry.id).executeTakeFirstOrThrow()).toEqual({
      status: "closed",
      outcome: "no_reply",
    });
    const chargebacks = await db
      .selectFrom("cases")
      .select("status")
      .where("transaction_id", "=", row.transaction_id)
      .where("type", "=", "chargeback")
      .execute();
    expect(chargebacks).toEqual([{ status: "awaiting_response" }]);
  });
});
