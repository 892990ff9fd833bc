import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action, loader } from "./settings.api";

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
const get = async (username: string) => new Request("http://localhost/settings/api", { headers: { Cookie: await cookieOf(username) } });
const post = async (username: string, fields: [string, string][]) =>
  new Request("http://localhost/settings/api", {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await cookieOf(username) },
  });
const args = (request: Request) => ({ request, params: {}, context: {} });
const account = (key: string) => String(idOf(ctx.ids.accounts, key));
type Answer = {
  data: { errors?: Record<string, string>; values?: Record<string, string>; created?: { secret: string }; revoked?: { name: string } };
};

describe("/settings/api", () => {
  it("only an org_admin gets the page or the form", async () => {
    for (const username of ["noord-hq", "alpen-muc", "analyst", "admin"]) {
      expect(statusOf(await responseOf(async () => loader(args(await get(username))))), username).toBe(403);
      const create = await post(username, [
        ["intent", "create"],
        ["name", "Sneaky"],
        ["scope", "respond"],
        ["accountsMode", "all"],
      ]);
      expect(statusOf(await responseOf(() => action(args(create)))), username).toBe(403);
    }
    expect(await ctx.db.selectFrom("api_keys").select("id").execute()).toEqual([]);
  });

  it("creates a key limited to accounts, shows its secret once, stores only its hash, and audits it", async () => {
    const created = (await responseOf(async () =>
      action(
        args(
          await post("alpen-hq", [
            ["intent", "create"],
            ["name", "Back office München"],
            ["scope", "read"],
            ["accountsMode", "some"],
            ["accounts", account("alpen-muc")],
          ]),
        ),
      ),
    )) as Answer;
    const secret = created.data.created?.secret ?? "";
    expect(secret).toMatch(/^dp_[a-z2-7]{16}_[a-z2-7]{32}$/);
    const row = await ctx.db.selectFrom("api_keys").selectAll().executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(secret.split("_")[2]);
    expect(JSON.stringify(row)).not.toContain(secret.split("_")[2]);
    expect(row.scopes).toBe("read");
    expect(row.all_accounts).toBe(0);
    const limited = await ctx.db.selectFrom("api_key_accounts").select("account_id").where("api_key_id", "=", row.id).execute();
    expect(limited.map((r) => r.account_id)).toEqual([idOf(ctx.ids.accounts, "alpen-muc")]);
    const page = (await responseOf(async () => loader(args(await get("alpen-hq"))))) as {
      data: { keys: { name: string; lastUsedAt: null }[] };
    };
    expect(page.data.keys.map((k) => k.name)).toEqual(["Back office München"]);
    expect(JSON.stringify(page.data)).not.toContain(secret.split("_")[2]);
    const audit = await ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "api_key_created").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.organisation_id).toBe(idOf(ctx.ids.organisations, "alpen"));
    expect(audit[0]!.details).not.toContain(secret.split("_")[2]);
  });

  it("a refused form keeps what was typed: another organisation's account, no account, no name", async () => {
    const foreign = (await responseOf(async () =>
      action(
        args(
          await post("alpen-hq", [
            ["intent", "create"],
            ["name", "Borrowed"],
            ["scope", "respond"],
            ["accountsMode", "some"],
            ["accounts", account("noord-ams")],
          ]),
        ),
      ),
    )) as Answer & { init: ResponseInit };
    expect(statusOf(foreign)).toBe(400);
    expect(foreign.data.errors).toEqual({ accounts: "api.error.foreignAccount" });
    expect(foreign.data.values).toMatchObject({ name: "Borrowed", scope: "respond", accountsMode: "some" });
    const none = (await responseOf(async () =>
      action(
        args(
          await post("alpen-hq", [
            ["intent", "create"],
            ["name", "Nothing"],
            ["scope", "read"],
            ["accountsMode", "some"],
          ]),
        ),
      ),
    )) as Answer;
    expect(none.data.errors).toEqual({ accounts: "api.error.accountsRequired" });
    const nameless = (await responseOf(async () =>
      action(
        args(
          await post("alpen-hq", [
            ["intent", "create"],
            ["name", "  "],
            ["scope", "read"],
            ["accountsMode", "all"],
          ]),
        ),
      ),
    )) as Answer;
    expect(nameless.data.errors?.name).toBe("api.error.name");
    expect(await ctx.db.selectFrom("api_keys").select("name").where("name", "in", ["Borrowed", "Nothing"]).execute()).toEqual([]);
  });

  it("revokes a key of its own organisation once, audited; another organisation cannot", async () => {
    const key = await ctx.db.selectFrom("api_keys").select("id").executeTakeFirstOrThrow();
    const other = (await responseOf(async () =>
      action(
        args(
          await post("harbor-hq", [
            ["intent", "revoke"],
            ["keyId", String(key.id)],
          ]),
        ),
      ),
    )) as Answer & { init: ResponseInit };
    expect(statusOf(other)).toBe(404);
    const revoked = (await responseOf(async () =>
      action(
        args(
          await post("alpen-hq", [
            ["intent", "revoke"],
            ["keyId", String(key.id)],
          ]),
        ),
      ),
    )) as Answer;
    expect(revoked.data.revoked?.name).toBe("Back office München");
    const again = await responseOf(async () =>
      action(
        args(
          await post("alpen-hq", [
            ["intent", "revoke"],
            ["keyId", String(key.id)],
          ]),
        ),
      ),
    );
    expect(statusOf(again)).toBe(404);
    expect(await ctx.db.selectFrom("audit_log").select("id").where("action", "=", "api_key_revoked").execute()).toHaveLength(1);
    const row = await ctx.db.selectFrom("api_keys").select(["revoked_at", "revoked_by"]).where("id", "=", key.id).executeTakeFirstOrThrow();
    expect(row.revoked_by).toBe(idOf(ctx.ids.users, "alpen-hq"));
  });
});
