import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf, seedSupportDesk } from "../../db/demo/organisations";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { hashPassword } from "~/services/auth.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader } from "./desk.dashboard";

// /desk/dashboard through its loader: the desk's page, refused to everyone else.

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  await seedSupportDesk(ctx.db, ctx.ids, new Date(), hashPassword);
});
afterAll(async () => {
  await ctx.destroy();
});

async function get(username: string, path: string) {
  const session = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
  const request = new Request(`http://localhost${path}`, { headers: { Cookie: await sessionCookie.serialize(session.token) } });
  return responseOf(() => loader({ request, params: {}, context: {} }));
}

describe("/desk/dashboard", () => {
  it("is refused to merchants and the disputes team", async () => {
    for (const username of ["alpen-hq", "noord-ams", "analyst"]) expect(statusOf(await get(username, "/desk/dashboard"))).toBe(403);
  });

  it("shows the desk the period's figures, and a bad period as a 400 with its message", async () => {
    const shown = await get("support-n2", "/desk/dashboard?from=2026-11-01&to=2026-11-30");
    expect(statusOf(shown)).toBe(200);
    expect(shown).toMatchObject({ data: { ok: true, from: "2026-11-01", to: "2026-11-30", dashboard: { total: { received: 0 } } } });
    const bad = await get("support-n2", "/desk/dashboard?from=2026-13-01&to=x");
    expect(statusOf(bad)).toBe(400);
    expect(bad).toMatchObject({ data: { ok: false, errors: ["from_invalid", "to_invalid"] } });
  });
});
