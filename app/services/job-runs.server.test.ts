import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/setup/db";
import { listJobRuns } from "~/models/job-run.server";
import { runRecorded } from "./job-runs.server";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.destroy();
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));

describe("runRecorded", () => {
  it("hands the job the clock's time and records both outcomes without throwing", async () => {
    let tick = 10;
    const clock = () => at(tick++);
    const ok = await runRecorded(test.db, "notification-digest", clock, (now) => Promise.resolve({ queued: 1, now: now.toISOString() }));
    expect(ok).toMatchObject({ ok: true, result: { queued: 1, now: at(10).toISOString() } });
    const failed = await runRecorded(test.db, "notification-digest", clock, () => Promise.reject(new Error("provider down")));
    expect(failed).toMatchObject({ ok: false, startedAt: at(12), finishedAt: at(13) });
    const runs = await listJobRuns(test.db, "notification-digest");
    expect(runs.map((r) => r.outcome)).toEqual(["error", "ok"]);
  });
});
