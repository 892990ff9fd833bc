import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/setup/db";
import { KEEP_RUNS_PER_JOB, latestJobRuns, listJobRuns, recordJobRun } from "./job-run.server";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.destroy();
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));

describe("job runs", () => {
  it("records two runs, a success with its report and a failure with its message; the latest shows", async () => {
    await recordJobRun(test.db, "deadlines", at(0), at(1), { result: { closedNoReply: 2, expired: 0 } });
    await recordJobRun(test.db, "deadlines", at(2), at(3), { error: new Error("database is locked") });
    const runs = await listJobRuns(test.db, "deadlines");
    expect(runs.map((r) => [r.outcome, r.summary, r.error, r.startedAt, r.finishedAt])).toEqual([
      ["error", null, "database is locked", at(2).toISOString(), at(3).toISOString()],
      ["ok", JSON.stringify({ closedNoReply: 2, expired: 0 }), null, at(0).toISOString(), at(1).toISOString()],
    ]);
    expect((await latestJobRuns(test.db)).get("deadlines")).toMatchObject({ outcome: "error", error: "database is locked" });
  });

  it("keeps the latest runs of each job only, and leaves other jobs' runs alone", async () => {
    await recordJobRun(test.db, "statements", at(0), at(0), { result: null });
    for (let i = 0; i < KEEP_RUNS_PER_JOB + 5; i++)
      await recordJobRun(test.db, "email-delivery", at(i % 60), at(i % 60), { result: { sent: i } });
    const runs = await listJobRuns(test.db, "email-delivery", 1000);
    expect(runs).toHaveLength(KEEP_RUNS_PER_JOB);
    expect(runs[0]!.summary).toBe(JSON.stringify({ sent: KEEP_RUNS_PER_JOB + 4 }));
    expect(runs.at(-1)!.summary).toBe(JSON.stringify({ sent: 5 }));
    expect(await listJobRuns(test.db, "statements")).toHaveLength(1);
    expect(await listJobRuns(test.db, "deadlines")).toHaveLength(2);
  });
});
