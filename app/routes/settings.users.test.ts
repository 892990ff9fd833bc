import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as inviteAction, loader as inviteLoader } from "./invite.$token";
import { loader as resetLoader } from "./reset.$token";
import { loader as settingsLoader } from "./settings._index";
import { action as userAction, loader as userLoader } from "./settings.users.$id";
import { action as listAction, loader as listLoader } from "./settings.users._index";

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
});
afterAll(async () => {
  await ctx.destroy();
});

async function cookieOf(username: string) {
  const session = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
  return sessionCookie.serialize(session.token);
}
const get = async (path: string, username: string) =>
  new Request(`http://localhost${path}`, { headers: { Cookie: await cookieOf(username) } });
/** A posted form; repeated names (the account checkboxes) as pairs. */
const post = async (path: string, username: string, fields: [string, string][]) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await cookieOf(username) },
  });
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const account = (key: string) => String(idOf(ctx.ids.accounts, key));

describe("/settings/users: who gets it", () => {
  it("head office without admin rights, locations and the network's staff get a 403, page and form alike", async () => {
    for (const username of ["noord-hq", "alpen-muc", "analyst", "admin"]) {
      expect(statusOf(await responseOf(async () => listLoader(args(await get("/settings/users", username))))), username).toBe(403);
      const invite = await post("/settings/users", username, [
        ["intent", "invite"],
        ["displayName", "Sneaky"],
        ["email", "sneaky@example.test"],
        ["role", "org_admin"],
      ]);
      expect(statusOf(await responseOf(() => listAction(args(invite)))), username).toBe(403);
      const target = String(idOf(ctx.ids.users, "alpen-muc"));
      expect(
        statusOf(await responseOf(async () => userLoader(args(await get(`/settings/users/${target}`, username), { id: target })))),
      ).toBe(403);
    }
    expect(await ctx.db.selectFrom("users").select("id").where("email", "=", "sneaky@example.test").executeTakeFirst()).toBeUndefined();
  });

  it("/settings links it for the org_admin only", async () => {
    const paths = async (username: string) => {
      const result = (await responseOf(async () => settingsLoader(args(await get("/settings", username))))) as {
        data: { pages: { path: string }[] };
      };
      return result.data.pages.map((p) => p.path);
    };
    expect(await paths("alpen-hq")).toContain("/settings/users");
    expect(await paths("noord-hq")).not.toContain("/settings/users");
    expect(await paths("alpen-muc")).not.toContain("/settings/users");
  });

  it("the org_admin sees their own organisation's users only", async () => {
    const result = (await responseOf(async () => listLoader(args(await get("/settings/users", "alpen-hq"))))) as {
      data: { users: { username: string }[]; total: number; nextAfter: number | null };
    };
    expect(result.data.users.map((u) => u.username).sort()).toEqual(["alpen-hq", "alpen-muc"]);
    expect(result.data).toMatchObject({ total: 2, nextAfter: null });
    const searched = (await responseOf(async () => listLoader(args(await get("/settings/users?q=MAX&after=garbage", "alpen-hq"))))) as {
      data: { users: { username: string }[] };
    };
    expect(searched.data.users.map((u) => u.username)).toEqual(["alpen-muc"]);
  });
});

describe("/settings/users: inviting", () => {
  it("a refused form comes back with what was typed, the checked accounts included", async () => {
    const request = await post("/settings/users", "alpen-hq", [
      ["intent", "invite"],
      ["displayName", "Lena Gruber"],
      ["email", "lena@"],
      ["role", "location"],
    ]);
    expect(await responseOf(() => listAction(args(request)))).toMatchObject({
      data: {
        errors: { email: "users.error.email", accounts: "users.error.accountsRequired" },
        values: { displayName: "Lena Gruber", email: "lena@", role: "location" },
      },
      init: { status: 400 },
    });
    // Another organisation's account, decided on the server: the typed values come back too.
    const foreign = await post("/settings/users", "alpen-hq", [
      ["intent", "invite"],
      ["displayName", "Lena Gruber"],
      ["email", "lena@alpenblick.example"],
      ["role", "location"],
      ["accounts", account("alpen-vie")],
      ["accounts", account("noord-ams")],
    ]);
    expect(await responseOf(() => listAction(args(foreign)))).toMatchObject({
      data: {
        errors: { accounts: "users.error.foreignAccount" },
        values: { displayName: "Lena Gruber", accounts: `${account("alpen-vie")},${account("noord-ams")}` },
      },
      init: { status: 400 },
    });
  });

  it("nonsense never makes a 500", async () => {
    for (const fields of [
      [
        ["intent", "invite"],
        ["role", "admin"],
        ["accounts", "x"],
        ["email", "a@b.example"],
        ["displayName", "A"],
      ],
      [
        ["intent", "invite"],
        ["accounts", "99999999"],
        ["role", "location"],
        ["email", "a@b.example"],
        ["displayName", "A"],
      ],
      [["intent", "nope"]],
      [],
    ] as [string, string][][]) {
      const status = statusOf(await responseOf(async () => listAction(args(await post("/settings/users", "alpen-hq", fields)))));
      expect(status, JSON.stringify(fields)).toBe(400);
    }
  });

  it("an invitation: the user exists, the invitation link opens /invite only, and sets the password", async () => {
    const request = await post("/settings/users", "alpen-hq", [
      ["intent", "invite"],
      ["displayName", "Lena Gruber"],
      ["email", "Lena.Gruber@Alpenblick.example"],
      ["role", "location"],
      ["accounts", account("alpen-vie")],
    ]);
    expect(await responseOf(() => listAction(args(request)))).toMatchObject({
      data: { invited: { name: "Lena Gruber", username: "lena.gruber" } },
    });
    const mail = await ctx.db
      .selectFrom("email_outbox")
      .select("text_body")
      .where("to_address", "=", "lena.gruber@alpenblick.example")
      .where("kind", "=", "invitation")
      .executeTakeFirstOrThrow();
    const token = /\/invite\/(\S+)/.exec(mail.text_body)![1]!;
    const request_ = (path: string) => new Request(`http://localhost${path}`);
    expect(await inviteLoader(args(request_(`/invite/${token}`), { token }))).toEqual({ usable: true });
    expect(await resetLoader(args(request_(`/reset/${token}`), { token }))).toEqual({ usable: false });
    const form = (fields: Record<string, string>) =>
      new Request(`http://localhost/invite/${token}`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    expect(await responseOf(() => inviteAction(args(form({ password: "too short", confirm: "too short" }), { token })))).toMatchObject({
      data: { done: false, errors: { password: "password.error.tooShort" } },
      init: { status: 400 },
    });
    const fields = { password: "alpine meadows in june", confirm: "alpine meadows in june" };
    expect(await responseOf(() => inviteAction(args(form(fields), { token })))).toMatchObject({ data: { done: true } });
    expect(await responseOf(() => inviteAction(args(form(fields), { token })))).toMatchObject({
      data: { invalid: true },
      init: { status: 410 },
    });
  });
});

describe("/settings/users/:id", () => {
  it("another organisation's user, a made-up id or a word is a 404", async () => {
    for (const id of [String(idOf(ctx.ids.users, "noord-ams")), "999999", "abc", "0"]) {
      expect(statusOf(await responseOf(async () => userLoader(args(await get(`/settings/users/${id}`, "alpen-hq"), { id }))))).toBe(404);
      const deactivate = await post(`/settings/users/${id}`, "alpen-hq", [["intent", "deactivate"]]);
      expect(statusOf(await responseOf(() => userAction(args(deactivate, { id })))), id).toBe(404);
    }
    const ams = await ctx.db.selectFrom("users").select("deactivated_at").where("username", "=", "noord-ams").executeTakeFirstOrThrow();
    expect(ams.deactivated_at).toBeNull();
  });

  it("the last org_admin cannot demote themselves: a 409 on the role field, and the role stays", async () => {
    const id = String(idOf(ctx.ids.users, "alpen-hq"));
    const request = await post(`/settings/users/${id}`, "alpen-hq", [
      ["intent", "access"],
      ["role", "head_office"],
    ]);
    expect(await responseOf(() => userAction(args(request, { id })))).toMatchObject({
      data: { intent: "access", errors: { role: "users.error.lastAdmin" }, values: { role: "head_office" } },
      init: { status: 409 },
    });
    const user = await ctx.db.selectFrom("users").select("role").where("username", "=", "alpen-hq").executeTakeFirstOrThrow();
    expect(user.role).toBe("org_admin");
    const loaded = (await responseOf(async () => userLoader(args(await get(`/settings/users/${id}`, "alpen-hq"), { id })))) as {
      data: { isSelf: boolean; activeOrgAdmins: number };
    };
    expect(loaded.data).toMatchObject({ isSelf: true, activeOrgAdmins: 1 });
  });

  it("changes a location user's accounts, deactivates and reactivates them", async () => {
    const id = String(idOf(ctx.ids.users, "alpen-muc"));
    const change = await post(`/settings/users/${id}`, "alpen-hq", [
      ["intent", "access"],
      ["role", "location"],
      ["accounts", account("alpen-muc")],
      ["accounts", account("alpen-gap")],
    ]);
    expect(await responseOf(() => userAction(args(change, { id })))).toMatchObject({ data: { intent: "access", done: { changed: true } } });
    const session = await createSession(ctx.db, Number(id), new Date());
    const deactivate = await post(`/settings/users/${id}`, "alpen-hq", [["intent", "deactivate"]]);
    expect(await responseOf(() => userAction(args(deactivate, { id })))).toMatchObject({
      data: { intent: "deactivate", done: { changed: true } },
    });
    expect(await ctx.db.selectFrom("sessions").select("id").where("id", "=", session.id).executeTakeFirst()).toBeUndefined();
    const reactivate = await post(`/settings/users/${id}`, "alpen-hq", [["intent", "reactivate"]]);
    expect(await responseOf(() => userAction(args(reactivate, { id })))).toMatchObject({
      data: { intent: "reactivate", done: { changed: true } },
    });
    const resend = await post(`/settings/users/${id}`, "alpen-hq", [["intent", "resend"]]);
    expect(await responseOf(() => userAction(args(resend, { id })))).toMatchObject({
      data: { intent: "resend", errors: { form: "users.error.notInvited" } },
      init: { status: 409 },
    });
    const bogus = await post(`/settings/users/${id}`, "alpen-hq", [["intent", "delete"]]);
    expect(statusOf(await responseOf(() => userAction(args(bogus, { id }))))).toBe(400);
  });
});

describe("/settings/users/:id: stepping down", () => {
  it("with another active admin, an org_admin may demote themselves and is sent to /settings, where the page is gone", async () => {
    await ctx.db
      .insertInto("users")
      .values({
        username: "alpen-hq-2",
        email: "alpen-hq-2@alpenblick.example",
        display_name: "Second Admin",
        role: "org_admin",
        organisation_id: idOf(ctx.ids.organisations, "alpen"),
        password_hash: "x",
        created_at: new Date().toISOString(),
      })
      .execute();
    const id = String(idOf(ctx.ids.users, "alpen-hq"));
    const request = await post(`/settings/users/${id}`, "alpen-hq", [
      ["intent", "access"],
      ["role", "head_office"],
    ]);
    const response = await responseOf(() => userAction(args(request, { id })));
    expect(response instanceof Response && [response.status, response.headers.get("Location")]).toEqual([302, "/settings"]);
    expect(statusOf(await responseOf(async () => listLoader(args(await get("/settings/users", "alpen-hq")))))).toBe(403);
  });
});
