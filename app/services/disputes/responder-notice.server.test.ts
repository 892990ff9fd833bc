import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../../db/connection";
import type { SeededIds } from "../../../db/demo/organisations";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { submitResponse } from "./respond.server";

// SPEC 5: whoever made a change does not hear of it. Through the real response service, so that
// the service handing the responder to the notification rule is tested, not only the rule.

const T0 = new Date("2026-11-02T09:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-muc", "alpen-hq"]);
let db: DB;
let ids: SeededIds;
beforeAll(() => {
  db = ctx.db;
  ids = ctx.ids;
});

async function respondAs(username: string) {
  const opened = await openTestCase(db, ids.accounts["alpen-muc"]!, "inquiry", { at: T0, documents: [] });
  const now = new Date(T0.getTime() + 3_600_000);
  const result = await submitResponse(
    db,
    ctx.actors[username]!,
    opened.caseNumber,
    { comment: "The guest stayed three nights.", creditText: "", accept: false, version: 1, attachments: [] },
    now,
  );
  expect(result).toMatchObject({ ok: true, status: "under_review" });
  const event = await db
    .selectFrom("case_events")
    .select("id")
    .where("case_id", "=", opened.id)
    .where("event_type", "=", "respond")
    .executeTakeFirstOrThrow();
  const notified = await db.selectFrom("notifications").select("user_id").where("case_event_id", "=", event.id).execute();
  const emailed = await db
    .selectFrom("email_outbox")
    .select("to_address")
    .where("idempotency_key", "like", `case-event:${event.id}:%`)
    .execute();
  return { notified: notified.map((n) => n.user_id).sort(), emailed: emailed.map((e) => e.to_address).sort() };
}

describe("the responder is never notified of their own response", () => {
  it("a location's response reaches the organisation's admin and the disputes team, not the location", async () => {
    const { notified, emailed } = await respondAs("alpen-muc");
    expect(notified).toEqual([ids.users["alpen-hq"]!, ids.users["analyst"]!].sort());
    expect(notified).not.toContain(ids.users["alpen-muc"]);
    expect(emailed).not.toContain("alpen-muc@alpenblick.example");
    expect(emailed).toContain("alpen-hq@alpenblick.example");
  });

  it("an org_admin's response reaches the location, not the org_admin", async () => {
    const { notified, emailed } = await respondAs("alpen-hq");
    expect(notified).toContain(ids.users["alpen-muc"]!);
    expect(notified).not.toContain(ids.users["alpen-hq"]);
    expect(emailed).not.toContain("alpen-hq@alpenblick.example");
  });
});
