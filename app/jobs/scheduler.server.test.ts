import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "../../tests/setup/db";
import { listJobRuns } from "~/models/job-run.server";
import { startBackgroundJobs } from "./scheduler.server";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.destroy();
});

describe("the scheduler", () => {
  it("records each timer run in job_runs, failures with their message", async () => {
    const failing = vi.fn(() => Promise.reject(new Error("provider down")));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const running = startBackgroundJobs(test.db, {
      list: [
        { name: "test-ok", everyMs: 60_000, run: () => Promise.resolve({ done: 1 }) },
        { name: "test-failing", everyMs: 60_000, run: failing },
      ],
    });
    await vi.waitFor(async () => expect(await listJobRuns(test.db, "test-failing")).toHaveLength(1));
    await running.stop();
    expect((await listJobRuns(test.db, "test-ok")).map((r) => [r.outcome, r.summary])).toEqual([["ok", JSON.stringify({ done: 1 })]]);
    expect((await listJobRuns(test.db, "test-failing")).map((r) => [r.outcome, r.error])).toEqual([["error", "provider down"]]);
    expect(errors).toHaveBeenCalledWith("[job test-failing] failed:", expect.any(Error));
    errors.mockRestore();
  });
});
