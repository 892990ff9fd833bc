import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { openTestCase } from "../../tests/setup/disputes";
import { jobTwiceAtOnce, type JobAnswer } from "../../tests/setup/job-child-process";

// The deadline job's staged reminders in two processes at once, each with its own connection
// (SPEC 5, 15): released together at 7, 3 and 1 days left, they send each stage to each
// recipient once between them.

const T0 = new Date("2026-06-01T08:00:00Z");
const DAY = 86_400_000;
let test: TestDatabase;
let ids: SeededIds;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-remind-"));

beforeAll(async () => {
  test = await createTestDatabase();
  ids = await seedOrganisationsAndUsers(test.db, T0, () => Promise.resolve("not-a-real-hash"));
});
afterAll(async () => {
  await test.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Reminded = { reminders: { reminded: number; escalated: number } };
type Answer = JobAnswer<Reminded>;

function twiceAt(now: Date): Promise<Answer[]> {
  return jobTwiceAtOnce<Reminded>("deadlines", now, "direct", { ...test.env, DATA_DIR: dataDir });
}

describe("staged reminders from two processes at once", () => {
  it("each stage reaches each recipient once", { timeout: 120_000 }, async () => {
    const opened = await openTestCase(test.db, ids.accounts["noord-ams"]!, "inquiry", { at: T0, documents: [] });
    const respondBy = new Date(
      (await test.db.selectFrom("cases").select("respond_by").where("id", "=", opened.id).executeTakeFirstOrThrow()).respond_by,
    );
    let reminded = 0;
    let escalated = 0;
    for (const daysLeft of [7, 3, 1]) {
      // Noon of the local day with that many days left (respond-by is 23:59:59.999 local).
      const answers = await twiceAt(new Date(respondBy.getTime() - daysLeft * DAY - 12 * 3_600_000));
      reminded += answers.reduce((n, a) => n + (a.result?.reminders.reminded ?? 0), 0);
      escalated += answers.reduce((n, a) => n + (a.result?.reminders.escalated ?? 0), 0);
    }
    expect({ reminded, escalated }).toEqual({ reminded: 3, escalated: 1 });
    const notices = await test.db
      .selectFrom("notifications")
      .select(["user_id", "message", "dedupe_key"])
      .where("case_id", "=", opened.id)
      .where("message", "in", ["reminder", "reminder_escalation"])
      .orderBy("id")
      .execute();
    expect(notices.map((n) => [n.user_id, n.message])).toEqual([
      [ids.users["noord-ams"], "reminder"],
      [ids.users["noord-ams"], "reminder"],
      [ids.users["noord-ams"], "reminder"],
      [ids.users["noord-hq"], "reminder_escalation"],
    ]);
    const emails = await test.db.selectFrom("email_outbox").select("kind").where("kind", "in", ["case_reminders"]).execute();
    expect(emails).toHaveLength(3);
    expect(await test.db.selectFrom("case_reminders").select("id").where("case_id", "=", opened.id).execute()).toHaveLength(4);
  });
});
