import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { createTestDatabase } from "../../tests/setup/db";
import { openTestCase } from "../../tests/setup/disputes";
import { jobs, startBackgroundJobs } from "./scheduler.server";

// The deadline job as it runs for real: the cron command and the server's timer, both with the
// wall clock. Each test brackets "now": a case overdue for weeks must close, one opened a moment
// ago must stay open, so a sweep with a stale or far-off time fails.

const root = fileURLToPath(new URL("../../", import.meta.url));
const DAY = 86_400_000;
let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ids: SeededIds;
beforeAll(async () => {
  test = await createTestDatabase();
  ids = await seedOrganisationsAndUsers(test.db, new Date(), () => Promise.resolve("not-a-real-hash"));
});
afterAll(async () => {
  await test.destroy();
});

async function overdueAndFresh() {
  const wallClock = Date.now();
  const overdue = await openTestCase(test.db, ids.accounts["alpen-muc"]!, "chargeback", {
    at: new Date(wallClock - 40 * DAY),
    documents: [],
  });
  const fresh = await openTestCase(test.db, ids.accounts["alpen-muc"]!, "chargeback", { at: new Date(wallClock - 60_000), documents: [] });
  return { overdue: overdue.id, fresh: fresh.id };
}

const statusOf = async (id: number) =>
  (await test.db.selectFrom("cases").select(["status", "outcome"]).where("id", "=", id).executeTakeFirstOrThrow()) as {
    status: string;
    outcome: string | null;
  };

describe("the deadline job with the current time", () => {
  it("`npm run jobs:deadlines` sweeps the database it is pointed at", { timeout: 60_000 }, async () => {
    const cases = await overdueAndFresh();
    // The command runs the compiled job: build it into a folder of this test's own.
    fs.mkdirSync(path.join(root, ".cache"), { recursive: true });
    const buildDir = fs.mkdtempSync(path.join(root, ".cache", "jobs-build-"));
    onTestFinished(() => fs.rmSync(buildDir, { recursive: true, force: true }));
    const built = spawnSync("npm", ["run", "--silent", "build:node"], { cwd: root, env: { ...process.env, PORTAL_BUILD_DIR: buildDir } });
    expect(built.status, String(built.stderr)).toBe(0);
    const result = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn("npm", ["run", "--silent", "jobs:deadlines"], {
        cwd: root,
        env: { ...process.env, ...test.env, NODE_ENV: "test", PORTAL_BUILD_DIR: buildDir },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      child.stderr.on("data", (c: Buffer) => (out += c.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, out }));
    });
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/deadlines: .*1 chargebacks expired/);
    expect(await statusOf(cases.overdue)).toEqual({ status: "closed", outcome: "expired" });
    expect(await statusOf(cases.fresh)).toEqual({ status: "awaiting_response", outcome: null });
  });

  it("the server's timer runs the registered deadline job", async () => {
    const cases = await overdueAndFresh();
    const running = startBackgroundJobs(test.db, { list: jobs.filter((j) => j.name === "deadlines") });
    try {
      await vi.waitFor(async () => expect(await statusOf(cases.overdue)).toEqual({ status: "closed", outcome: "expired" }), {
        timeout: 10_000,
      });
    } finally {
      await running.stop();
    }
    expect(await statusOf(cases.fresh)).toEqual({ status: "awaiting_response", outcome: null });
  });
});
