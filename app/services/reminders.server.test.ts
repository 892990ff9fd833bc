import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { openTestCase } from "../../tests/setup/disputes";
import { runDeadlines } from "~/jobs/deadlines.server";
import { updatePlatformSettings } from "~/models/settings.server";
import { loadActor } from "~/models/user.server";
import { answerOrSaveDraft } from "~/services/disputes/drafts.server";

// Staged reminders through the deadline job with an injected clock (SPEC 5): the clock walks a
// case from 9 days before its respond-by to the day itself, running the job every 6 hours and
// twice at each moment; every stage reaches every recipient exactly once.

const T0 = new Date("2026-06-01T08:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let test: TestDatabase;
let ids: SeededIds;

beforeAll(async () => {
  test = await createTestDatabase();
  ids = await seedOrganisationsAndUsers(test.db, T0, () => Promise.resolve("not-a-real-hash"));
});
afterAll(async () => {
  await test.destroy();
});

async function respondByOf(caseId: number): Promise<Date> {
  const row = await test.db.selectFrom("cases").select("respond_by").where("id", "=", caseId).executeTakeFirstOrThrow();
  return new Date(row.respond_by);
}

/** Runs the job every 6 hours (twice each time) from 9 days before the respond-by to the respond-by. */
async function walkTo(respondBy: Date) {
  for (let t = respondBy.getTime() - 9 * DAY; t <= respondBy.getTime(); t += 6 * HOUR) {
    await runDeadlines(test.db, new Date(t));
    await runDeadlines(test.db, new Date(t));
  }
}

async function noticesOf(username: string, caseId: number) {
  const rows = await test.db
    .selectFrom("notifications")
    .select(["category", "message", "params"])
    .where("user_id", "=", ids.users[username]!)
    .where("case_id", "=", caseId)
    .where("message", "in", ["reminder", "reminder_escalation"])
    .orderBy("id")
    .execute();
  return rows.map((r) => `${r.message}:${(JSON.parse(r.params) as { daysLeft: number }).daysLeft}`);
}

async function emailsOf(username: string, caseNumber: string) {
  const user = await test.db.selectFrom("users").select("email").where("id", "=", ids.users[username]!).executeTakeFirstOrThrow();
  const rows = await test.db
    .selectFrom("email_outbox")
    .select(["kind", "subject"])
    .where("to_address", "=", user.email)
    .where("kind", "in", ["case_reminders", "case_urgent"])
    .orderBy("id")
    .execute();
  return rows.filter((r) => r.subject.includes(caseNumber)).map((r) => `${r.kind}: ${r.subject}`);
}

const caseNumberOf = async (id: number) =>
  (await test.db.selectFrom("cases").select("case_number").where("id", "=", id).executeTakeFirstOrThrow()).case_number;

describe("staged reminders", () => {
  it("an unanswered case under local handling: 7, 3 and 1 days left to the location, the head office at 1 day", async () => {
    const opened = await openTestCase(test.db, ids.accounts["noord-ams"]!, "inquiry", { at: T0, documents: [] });
    await walkTo(await respondByOf(opened.id));

    expect(await noticesOf("noord-ams", opened.id)).toEqual(["reminder:7", "reminder:3", "reminder:1"]);
    // Local handling: the head office cannot answer, so no plain reminders; but it is told at the last stage.
    expect(await noticesOf("noord-hq", opened.id)).toEqual(["reminder_escalation:1"]);
    const hqNotice = await test.db
      .selectFrom("notifications")
      .select("category")
      .where("user_id", "=", ids.users["noord-hq"]!)
      .where("case_id", "=", opened.id)
      .where("message", "=", "reminder_escalation")
      .executeTakeFirstOrThrow();
    expect(hqNotice.category).toBe("urgent");
    const caseNumber = await caseNumberOf(opened.id);
    // Besides the urgent-window notice, which is not a reminder.
    const toLocation = (await emailsOf("noord-ams", caseNumber)).filter((e) => !e.includes("Urgent:"));
    expect(toLocation).toEqual([
      `case_reminders: Reminder: ${caseNumber} awaits your response, 7 days left`,
      `case_reminders: Reminder: ${caseNumber} awaits your response, 3 days left`,
      `case_reminders: Reminder: ${caseNumber} awaits your response, 1 day left`,
    ]);
    const toHeadOffice = (await emailsOf("noord-hq", caseNumber)).filter((e) => !e.includes("Urgent:"));
    expect(toHeadOffice).toEqual([`case_urgent: Nobody has answered ${caseNumber} yet, 1 day left: please chase the location`]);
    // Another organisation's users hear nothing of it.
    expect(await noticesOf("alpen-hq", opened.id)).toEqual([]);
    const rows = await test.db.selectFrom("case_reminders").select(["stage_days", "escalation"]).where("case_id", "=", opened.id).execute();
    expect(rows).toHaveLength(4);
  });

  it("an answered case is not escalated: the location still hears of its new respond-by", async () => {
    const opened = await openTestCase(test.db, ids.accounts["noord-ams"]!, "inquiry", { at: T0, documents: [] });
    // Answered once, then the disputes team asked for more: it awaits a response again.
    await test.db
      .insertInto("case_responses")
      .values({
        case_id: opened.id,
        submitted_by_user_id: ids.users["noord-ams"]!,
        submitted_at: new Date(T0.getTime() + DAY).toISOString(),
        credit_minor: null,
        version_at_submission: 1,
      })
      .execute();
    await walkTo(await respondByOf(opened.id));
    expect(await noticesOf("noord-ams", opened.id)).toEqual(["reminder:7", "reminder:3", "reminder:1"]);
    expect(await noticesOf("noord-hq", opened.id)).toEqual([]);
  });

  it("a drafted case is not escalated: somebody at the location is at work on it", async () => {
    const opened = await openTestCase(test.db, ids.accounts["noord-ams"]!, "inquiry", { at: T0, documents: [] });
    const user = await test.db.selectFrom("users").selectAll().where("username", "=", "noord-ams").executeTakeFirstOrThrow();
    const saved = await answerOrSaveDraft(
      test.db,
      await loadActor(test.db, user),
      await caseNumberOf(opened.id),
      () =>
        Promise.resolve({
          intent: "draft" as const,
          comment: "the receipt follows",
          creditText: "",
          accept: false,
          version: 1,
          attachments: [],
          draft: { version: 0, removeFileIds: [] },
        }),
      new Date(T0.getTime() + DAY),
    );
    expect(saved).toEqual({ ok: true, draft: "saved" });
    await walkTo(await respondByOf(opened.id));
    expect(await noticesOf("noord-ams", opened.id)).toEqual(["reminder:7", "reminder:3", "reminder:1"]);
    expect(await noticesOf("noord-hq", opened.id)).toEqual([]);
  });

  it("under central handling the head office may answer: reminded at every stage, escalated at the last", async () => {
    const opened = await openTestCase(test.db, ids.accounts["alpen-muc"]!, "chargeback", { at: T0, documents: [] });
    await walkTo(await respondByOf(opened.id));
    expect(await noticesOf("alpen-muc", opened.id)).toEqual(["reminder:7", "reminder:3", "reminder:1"]);
    expect(await noticesOf("alpen-hq", opened.id)).toEqual(["reminder:7", "reminder:3", "reminder_escalation:1"]);
  });

  it("respects the reminders and urgent choices, and the stages the platform sets", async () => {
    const admin = ids.users["admin"]!;
    await updatePlatformSettings(test.db, admin, { reminderDays: [5, 2] }, T0);
    const off = { in_app: 0, email: 0, email_delivery: "instant", updated_at: T0.toISOString() } as const;
    await test.db
      .insertInto("notification_preferences")
      .values([
        { user_id: ids.users["noord-ams"]!, category: "reminders", ...off },
        { user_id: ids.users["noord-hq"]!, category: "urgent", ...off },
      ])
      .execute();
    try {
      const opened = await openTestCase(test.db, ids.accounts["noord-ams"]!, "inquiry", { at: T0, documents: [] });
      await walkTo(await respondByOf(opened.id));
      expect(await noticesOf("noord-ams", opened.id)).toEqual([]);
      expect(await noticesOf("noord-hq", opened.id)).toEqual([]);

      const central = await openTestCase(test.db, ids.accounts["alpen-muc"]!, "inquiry", { at: T0, documents: [] });
      await walkTo(await respondByOf(central.id));
      expect(await noticesOf("alpen-muc", central.id)).toEqual(["reminder:5", "reminder:2"]);
    } finally {
      await updatePlatformSettings(test.db, admin, { reminderDays: [7, 3, 1] }, T0);
      await test.db.deleteFrom("notification_preferences").execute();
    }
  });

  it("a closed case gets no reminders", async () => {
    const opened = await openTestCase(test.db, ids.accounts["alpen-muc"]!, "inquiry", { at: T0, documents: [] });
    await test.db.updateTable("cases").set({ status: "closed", outcome: "resolved" }).where("id", "=", opened.id).execute();
    await walkTo(await respondByOf(opened.id));
    expect(await noticesOf("alpen-muc", opened.id)).toEqual([]);
  });
});
