import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { openTestCase } from "../../tests/setup/disputes";
import { jobTwiceAtOnce, type JobAnswer } from "../../tests/setup/job-child-process";
import { enqueueEmail } from "~/models/outbox.server";

// Several portal processes on one database (SPEC 15): every job run in two processes at once,
// started together, does its work once. "direct" calls the job's work, so its own claims are what
// is tested; "timer" runs it as the server's timer does (recorded; a job that runs alone skips its
// turn while the other process has it).

const T0 = new Date("2026-06-01T00:00:00Z");
const NOW = new Date("2026-09-15T12:00:00Z");
const DAY = 86_400_000;

let test: TestDatabase;
let ids: SeededIds;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-two-"));
const posted = new Map<string, number>();
let provider: http.Server;
let providerUrl = "";

beforeAll(async () => {
  test = await createTestDatabase();
  ids = await seedOrganisationsAndUsers(test.db, T0, () => Promise.resolve("not-a-real-hash"));
  provider = http.createServer((req, res) => {
    const key = String(req.headers["idempotency-key"]);
    posted.set(key, (posted.get(key) ?? 0) + 1);
    req.resume();
    req.on("end", () => res.writeHead(200, { "Content-Type": "application/json" }).end('{"id":"x"}'));
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/send`;
});
afterAll(async () => {
  await test.destroy();
  await new Promise((resolve) => provider.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Answer = JobAnswer;

/** The job in two processes, released at the same moment. */
function twice(job: string, mode: "direct" | "timer"): Promise<Answer[]> {
  return jobTwiceAtOnce(job, NOW, mode, { ...test.env, DATA_DIR: dataDir, EMAIL_API_URL: providerUrl, EMAIL_API_TOKEN: "test-token" });
}

const sum = (answers: Answer[], field: string) =>
  answers.reduce((total, a) => total + (a.ran ? Number((a.result as Record<string, number>)[field]) : 0), 0);

async function recordedRuns(job: string): Promise<number> {
  const row = await test.db
    .selectFrom("job_runs")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("job", "=", job)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("every job run by two processes at once does its work once", () => {
  it("statements: one per account and month", { timeout: 60_000 }, async () => {
    const first = await twice("statements", "direct");
    const rows = await test.db.selectFrom("statements").select(["account_id", "month"]).execute();
    const keys = rows.map((r) => `${r.account_id}:${r.month}`);
    expect(new Set(keys).size).toBe(keys.length);
    // At least June, July and August for every account (May too where it began in May local time).
    expect(keys.length).toBeGreaterThanOrEqual(Object.keys(ids.accounts).length * 3);
    expect(sum(first, "generated")).toBe(keys.length);

    const again = await twice("statements", "timer");
    expect(sum(again, "generated")).toBe(0);
    expect(await test.db.selectFrom("statements").select("id").execute()).toHaveLength(keys.length);
    expect(await recordedRuns("statements")).toBe(again.filter((a) => a.ran).length);
  });

  it("notification digests: one email per user and day, every notice in exactly one", { timeout: 60_000 }, async () => {
    const users = await test.db.selectFrom("users").select("id").execute();
    for (const user of users) {
      for (let i = 0; i < 3; i++) {
        await test.db
          .insertInto("notification_digest_items")
          .values({
            user_id: user.id,
            category: "case_update",
            dedupe_key: `two-processes:${i}`,
            message: "case_update",
            params: JSON.stringify({
              caseNumber: `CASE-${i}`,
              caseType: "inquiry",
              accountName: "Alpen",
              amountMinor: 1000,
              currency: "EUR",
              respondBy: null,
              timeZone: "Europe/Berlin",
            }),
            link: null,
            created_at: new Date(NOW.getTime() - 2 * DAY).toISOString(),
          })
          .execute();
      }
    }
    const answers = await twice("notification-digest", "direct");
    expect(sum(answers, "queued")).toBe(users.length);
    const digests = await test.db.selectFrom("email_outbox").select("idempotency_key").where("kind", "=", "notification_digest").execute();
    expect(digests).toHaveLength(users.length);
    const waiting = await test.db.selectFrom("notification_digest_items").select("id").where("digested_at", "is", null).execute();
    expect(waiting).toHaveLength(0);
  });

  it("email delivery: each message posted to the provider once", { timeout: 120_000 }, async () => {
    for (let i = 0; i < 25; i++) {
      await enqueueEmail(
        test.db,
        { idempotencyKey: `two-processes-${i}`, kind: "test", to: `u${i}@example.com`, subject: "s", text: "t" },
        T0,
      );
    }
    const queued = await test.db.selectFrom("email_outbox").select("idempotency_key").execute();
    let claimed = 0;
    for (let round = 0; round < 10; round++) {
      const pending = await test.db.selectFrom("email_outbox").select("id").where("status", "!=", "sent").execute();
      if (pending.length === 0) break;
      const answers = await twice("email-delivery", round % 2 === 0 ? "direct" : "timer");
      claimed += sum(answers, "claimed");
    }
    expect(await test.db.selectFrom("email_outbox").select("id").where("status", "!=", "sent").execute()).toHaveLength(0);
    expect(claimed).toBe(queued.length);
    expect([...posted.keys()].sort()).toEqual(queued.map((q) => q.idempotency_key).sort());
    expect([...posted.values()].every((n) => n === 1)).toBe(true);
  });

  it("sign-in sweep: each expired session removed by one of them", { timeout: 60_000 }, async () => {
    const user = await test.db.selectFrom("users").select("id").executeTakeFirstOrThrow();
    const expired = new Date(NOW.getTime() - DAY).toISOString();
    for (let i = 0; i < 40; i++) {
      await test.db
        .insertInto("sessions")
        .values({ id: `two-${i}`, user_id: user.id, secret_hash: "x", created_at: T0.toISOString(), expires_at: expired })
        .execute();
    }
    const answers = await twice("sign-in-sweep", "direct");
    expect(sum(answers, "sessions")).toBe(40);
    expect(await test.db.selectFrom("sessions").select("id").where("expires_at", "<=", NOW.toISOString()).execute()).toHaveLength(0);
  });

  it("attachment clean-up: each stray file removed once", { timeout: 60_000 }, async () => {
    const old = new Date(NOW.getTime() - 2 * DAY);
    for (let i = 0; i < 20; i++) {
      const name = crypto.createHash("sha256").update(`stray ${i}`).digest("hex");
      const folder = path.join(dataDir, "attachments", name.slice(0, 2));
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, name), "stray");
      fs.utimesSync(path.join(folder, name), old, old);
    }
    const answers = await twice("attachment-cleanup", "timer");
    expect(sum(answers, "removedUnreferenced")).toBe(20);
    const left = fs.readdirSync(path.join(dataDir, "attachments")).flatMap((p) => fs.readdirSync(path.join(dataDir, "attachments", p)));
    expect(left).toHaveLength(0);
  });

  it("deadline sweep on the timer: one no-reply chargeback per overdue inquiry", { timeout: 60_000 }, async () => {
    const inquiries: number[] = [];
    for (let i = 0; i < 10; i++) {
      inquiries.push(
        (await openTestCase(test.db, ids.accounts["alpen-muc"]!, "inquiry", { at: new Date(NOW.getTime() - 40 * DAY), documents: [] })).id,
      );
    }
    const answers = await twice("deadlines", "timer");
    expect(sum(answers, "closedNoReply")).toBe(10);
    const chargebacks = await test.db.selectFrom("cases").select("related_case_id").where("related_case_id", "in", inquiries).execute();
    expect(chargebacks.map((c) => c.related_case_id).sort()).toEqual([...inquiries].sort());
    expect(await recordedRuns("deadlines")).toBe(answers.filter((a) => a.ran).length);
  });
});
