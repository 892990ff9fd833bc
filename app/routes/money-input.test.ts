import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, responseOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { openTestCase } from "../../tests/setup/disputes";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as queueLoader } from "./review._index";
import { action as openAction } from "./review.new";

// Amounts typed in a three-decimal currency (issue 9, item 4): "1.234" KWD is refused with a
// message saying how to write it, on every form that reads an amount.

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
let cookie: string;
let kuwait: number;

beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  const org = await ctx.db
    .selectFrom("accounts")
    .select("organisation_id")
    .where("id", "=", ctx.ids.accounts["alpen-muc"]!)
    .executeTakeFirstOrThrow();
  kuwait = (
    await ctx.db
      .insertInto("accounts")
      .values({
        organisation_id: org.organisation_id,
        merchant_number: "7700000001",
        name: "Alpenblick Kuwait City",
        address: "Gulf Road 1, Kuwait City",
        time_zone: "Asia/Kuwait",
        currency: "KWD",
        paperless: 0,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await openTestCase(ctx.db, kuwait, "inquiry", { documents: ["signed_receipt"], at: new Date() });
  const { token } = await createSession(ctx.db, ctx.ids.users.analyst!, new Date());
  cookie = await sessionCookie.serialize(token);
});
afterAll(() => ctx.destroy());

const openCase = (fields: Record<string, string>) =>
  responseOf(() => openAction({ request: formRequest("/review/new", fields, { Cookie: cookie }), params: {}, context: {} })) as Promise<{
    data: { errors?: Record<string, string>; values: Record<string, string> };
    init: ResponseInit | null;
  }>;

describe("three-decimal amounts", () => {
  const base = {
    type: "inquiry",
    reasonCode: "13.1",
    reasonText: "Merchandise not received",
    txDate: "2026-11-01",
    txCard: "4242",
    txDescription: "Room",
  };

  it("/review/new refuses 1.234 KWD as ambiguous, keeps what was typed, and takes 1234 or 1.2340", async () => {
    const typed = { ...base, accountId: String(kuwait), amount: "1.234", txAmount: "2000" };
    const refused = await openCase(typed);
    expect(refused.init?.status).toBe(400);
    expect(refused.data.errors).toEqual({ amount: "money.error.ambiguousGrouping" });
    expect(refused.data.values).toMatchObject({ amount: "1.234" });

    const tx = await openCase({ ...typed, amount: "1", txAmount: "12,345" });
    expect(tx.data.errors).toEqual({ txAmount: "money.error.ambiguousGrouping" });

    // A wrong amount in a two-decimal currency keeps the plain message.
    const eur = await openCase({ ...typed, accountId: String(ctx.ids.accounts["alpen-muc"]), amount: "1.234" });
    expect(eur.data.errors).toEqual({ amount: "disputes.error.amount" });

    const created = (await openCase({ ...typed, amount: "1.2340", txAmount: "2000" })) as unknown as Response;
    expect(created.status).toBe(302);
    const row = await ctx.db
      .selectFrom("cases")
      .select(["disputed_amount_minor", "currency"])
      .where("account_id", "=", kuwait)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ disputed_amount_minor: 1234, currency: "KWD" });
  });

  it("the review queue's amount filter says the same, and its example is unambiguous", async () => {
    const queue = async (q: string) =>
      (await responseOf(() =>
        queueLoader({ request: new Request(`http://localhost/review?${q}`, { headers: { Cookie: cookie } }), params: {}, context: {} }),
      )) as { data: { problems: { field: string; key: string; params?: Record<string, string> }[] } };
    expect((await queue("currency=KWD&min=1.234")).data.problems).toEqual([{ field: "min", key: "money.error.ambiguousGrouping" }]);
    expect((await queue("currency=KWD&min=abc")).data.problems).toEqual([
      { field: "min", key: "review.filter.amountInvalid", params: { currency: "KWD", example: "1234.500" } },
    ]);
    expect((await queue("currency=KWD&min=1.2340")).data.problems).toEqual([]);
  });
});
