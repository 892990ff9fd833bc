import { beforeAll, describe, expect, it } from "vitest";
import { seedSupportDesk } from "../../db/demo/organisations";
import { useDisputesDatabase } from "../../tests/setup/disputes";
import { renderNotification } from "~/domain/notifications";
import { insertMessage } from "~/models/support.server";
import { loadNotificationCentre } from "./notifications.server";
import { fileRequest, type Filing } from "./support.server";
import { notifyMerchantOfDeskMessage } from "./support-notices.server";

// The merchant hears of the desk's public messages (issue 14 item 4): the filer and the head
// office, on their "support replies" choices; by email regardless when they asked for email.

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-05T10:00:00Z");
const ctx = useDisputesDatabase(T0, ["noord-ams", "alpen-muc"]);
beforeAll(async () => {
  await seedSupportDesk(ctx.db, ctx.ids, T0, () => Promise.resolve("not-a-real-hash"));
});

const filing = (over: Partial<Filing> = {}): Filing => ({
  category: "information",
  subject: "Where is my statement?",
  description: "I cannot find it.",
  replyChannel: "portal",
  caseNumber: "",
  accountId: null,
  locale: "de",
  ...over,
});

async function deskReply(username: string, over: Partial<Filing>, body: string, kind: "reply" | "solved" | "waiting" = "reply") {
  const filed = await fileRequest(ctx.db, ctx.actors[username]!, filing(over), T0);
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const { id } = await ctx.db
    .selectFrom("support_requests")
    .select("id")
    .where("request_number", "=", filed.requestNumber)
    .executeTakeFirstOrThrow();
  const messageId = await ctx.db.transaction().execute(async (trx) => {
    const mid = await insertMessage(trx, {
      requestId: id,
      at: NOW,
      authorUserId: ctx.ids.users["support-n1"]!,
      authorKind: "agent",
      visibility: "public",
      body,
    });
    await notifyMerchantOfDeskMessage(trx, { requestId: id, kind, body }, NOW);
    return mid;
  });
  return { id, number: filed.requestNumber, messageId };
}

const noticesOf = (key: string) =>
  ctx.db
    .selectFrom("notifications")
    .select(["user_id", "category", "message", "link"])
    .where("dedupe_key", "=", key)
    .orderBy("user_id")
    .execute();
const emailsOf = (key: string) =>
  ctx.db
    .selectFrom("email_outbox")
    .select(["idempotency_key", "to_address", "subject", "text_body"])
    .where("idempotency_key", "like", `${key}:%`)
    .execute();

describe("a desk message to the merchant", () => {
  it("reaches the filer and the head office in-app, once, linking the request page", async () => {
    const { id, number, messageId } = await deskReply("noord-ams", {}, "Your statement is under Statements.");
    const key = `support-message:${messageId}`;
    const link = `/support/${number}`;
    expect(await noticesOf(key)).toEqual(
      [
        { user_id: ctx.ids.users["noord-hq"], category: "support_replies", message: "support_reply", link },
        { user_id: ctx.ids.users["noord-ams"], category: "support_replies", message: "support_reply", link },
      ].sort((a, b) => a.user_id! - b.user_id!),
    );
    // Nobody of another organisation, nobody on the desk.
    expect(
      await ctx.db
        .selectFrom("notifications")
        .select("user_id")
        .where("dedupe_key", "=", key)
        .where("user_id", "not in", [ctx.ids.users["noord-hq"]!, ctx.ids.users["noord-ams"]!])
        .execute(),
    ).toEqual([]);
    // Emails on by default: one each.
    expect((await emailsOf(key)).map((e) => e.to_address).sort()).toEqual(
      ["noord-ams@noordzee.example", "noord-hq@noordzee.example"].sort(),
    );

    // Reported again (a retried write): nothing new.
    await ctx.db
      .transaction()
      .execute((trx) =>
        notifyMerchantOfDeskMessage(trx, { requestId: id, kind: "reply", body: "Your statement is under Statements." }, NOW),
      );
    expect(await noticesOf(key)).toHaveLength(2);
    expect(await emailsOf(key)).toHaveLength(2);

    // The centre shows it, in the reader's language.
    const centre = await loadNotificationCentre(ctx.db, ctx.ids.users["noord-ams"]!, { category: "support_replies", before: null });
    const item = centre.items.find((i) => i.link === link)!;
    expect(renderNotification(item.message, item.facts, "de").title).toBe(`Der Support hat auf ${number} geantwortet`);
    expect(renderNotification(item.message, item.facts, "en").summary).toBe(
      "Where is my statement?: “Your statement is under Statements.”",
    );
  });

  it("follows the preferences, except that a filer who chose email gets the message by email", async () => {
    const off = { in_app: 0 as const, email: 0 as const, email_delivery: "instant" as const, updated_at: T0.toISOString() };
    for (const username of ["alpen-muc", "alpen-hq"]) {
      await ctx.db
        .insertInto("notification_preferences")
        .values({ user_id: ctx.ids.users[username]!, category: "support_replies", ...off })
        .execute();
    }
    const byEmail = await deskReply("alpen-muc", { replyChannel: "email", subject: "By email" }, "Solved: <b>done</b>.", "solved");
    const key = `support-message:${byEmail.messageId}`;
    expect(await noticesOf(key)).toEqual([]);
    const emails = await emailsOf(key);
    expect(emails.map((e) => [e.idempotency_key, e.to_address])).toEqual([
      [`${key}:user:${ctx.ids.users["alpen-muc"]}`, "alpen-muc@alpenblick.example"],
    ]);
    // In the language filed in, with the whole message.
    expect(emails[0]!.subject).toBe(`Der Support hat ${byEmail.number} gelöst`);
    expect(emails[0]!.text_body).toContain("Solved: <b>done</b>.");
    expect(emails[0]!.text_body).toContain("per E-Mail gewünscht");

    const byPortal = await deskReply("alpen-muc", { replyChannel: "portal", subject: "In the portal" }, "Answered.");
    expect(await noticesOf(`support-message:${byPortal.messageId}`)).toEqual([]);
    expect(await emailsOf(`support-message:${byPortal.messageId}`)).toEqual([]);
  });

  it("collects the email for the daily digest when the user chose one", async () => {
    await ctx.db
      .insertInto("notification_preferences")
      .values({
        user_id: ctx.ids.users["noord-hq"]!,
        category: "support_replies",
        in_app: 1,
        email: 1,
        email_delivery: "daily",
        updated_at: T0.toISOString(),
      })
      .onConflict((oc) => oc.columns(["user_id", "category"]).doUpdateSet({ email_delivery: "daily" }))
      .execute();
    const { messageId } = await deskReply("noord-ams", { subject: "Digest" }, "We need your account number.", "waiting");
    const key = `support-message:${messageId}`;
    expect((await emailsOf(key)).map((e) => e.to_address)).toEqual(["noord-ams@noordzee.example"]);
    const digest = await ctx.db
      .selectFrom("notification_digest_items")
      .select(["user_id", "message"])
      .where("dedupe_key", "=", key)
      .execute();
    expect(digest).toEqual([{ user_id: ctx.ids.users["noord-hq"], message: "support_waiting" }]);
  });
});
