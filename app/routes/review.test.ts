import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as openAction, loader as openLoader } from "./review.new";

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  for (const username of ["alpen-hq", "harbor-hq", "noord-hq", "alpen-muc", "admin", "analyst"]) {
    const { token } = await createSession(ctx.db, ctx.ids.users[username]!, new Date());
    cookies[username] = await sessionCookie.serialize(token);
  }
});
afterAll(async () => {
  await ctx.destroy();
});

describe("/review/new", () => {
  it("refuses org_admins and every other role but the disputes team, page and form alike; nothing is opened", async () => {
    const fields = {
      type: "inquiry",
      accountId: String(ctx.ids.accounts["harbor-bos"]),
      txDate: "2026-11-01",
      txAmount: "80.00",
      txCard: "1234",
      txDescription: "Jacket",
      amount: "80",
      reasonCode: "13.3",
      reasonText: "Not as described",
    };
    for (const username of ["alpen-hq", "harbor-hq", "noord-hq", "alpen-muc", "admin"]) {
      const headers = { Cookie: cookies[username]! };
      const page = await responseOf(() =>
        openLoader({ request: new Request("http://localhost/review/new", { headers }), params: {}, context: {} }),
      );
      expect(statusOf(page), username).toBe(403);
      const posted = await responseOf(() => openAction({ request: formRequest("/review/new", fields, headers), params: {}, context: {} }));
      expect(statusOf(posted), username).toBe(403);
    }
    expect(await ctx.db.selectFrom("cases").select("id").execute()).toEqual([]);
    const byAnalyst = await responseOf(() =>
      openAction({ request: formRequest("/review/new", fields, { Cookie: cookies.analyst! }), params: {}, context: {} }),
    );
    expect(statusOf(byAnalyst)).toBe(302);
  });
});
