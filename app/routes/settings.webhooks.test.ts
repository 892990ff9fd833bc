import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as endpointAction, loader as endpointLoader } from "./settings.webhooks.$id";
import { action, loader } from "./settings.webhooks._index";

// /settings/webhooks through its loaders and actions (SPEC 13): only an org_admin, only its own
// organisation's endpoints, and a refused form keeps what was typed.

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
const url = (p = "") => `http://localhost/settings/webhooks${p}`;
const get = async (username: string, p = "") => new Request(url(p), { headers: { Cookie: await cookieOf(username) } });
const post = async (username: string, fields: [string, string][], p = "") =>
  new Request(url(p), {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await cookieOf(username) },
  });
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
type Answer = { data: { errors?: Record<string, string>; values?: Record<string, string>; created?: { id: number; secret: string } } };

describe("/settings/webhooks", () => {
  it("only an org_admin gets the page or the form", async () => {
    for (const username of ["noord-hq", "alpen-muc", "analyst", "admin"]) {
      expect(statusOf(await responseOf(async () => loader(args(await get(username))))), username).toBe(403);
      const create = await post(username, [
        ["url", "https://erp.example/hooks"],
        ["events", "case.created"],
      ]);
      expect(statusOf(await responseOf(() => action(args(create)))), username).toBe(403);
    }
    expect(await ctx.db.selectFrom("webhook_endpoints").select("id").execute()).toEqual([]);
  });

  it("keeps what was typed and says what is wrong, whatever the browser sent", async () => {
    const cases: { fields: [string, string][]; field: string; key: string }[] = [
      {
        fields: [
          ["url", ""],
          ["events", "case.created"],
        ],
        field: "url",
        key: "webhooks.error.url",
      },
      {
        fields: [
          ["url", "not a url"],
          ["description", "ERP"],
          ["events", "case.created"],
        ],
        field: "url",
        key: "webhooks.error.url",
      },
      {
        fields: [
          ["url", "https://erp.example/hooks"],
          ["description", "ERP"],
        ],
        field: "events",
        key: "webhooks.error.events",
      },
      {
        fields: [
          ["url", "https://erp.example/hooks"],
          ["events", "case.deleted"],
        ],
        field: "events",
        key: "webhooks.error.events",
      },
      {
        fields: [
          ["url", "https://erp.example/hooks"],
          ["description", "x".repeat(201)],
          ["events", "case.created"],
        ],
        field: "description",
        key: "webhooks.error.description",
      },
    ];
    for (const c of cases) {
      const answer = await responseOf(async () => action(args(await post("alpen-hq", c.fields))));
      expect(statusOf(answer as Response), JSON.stringify(c.fields)).toBe(400);
      const { errors, values } = (answer as Answer).data;
      expect(errors?.[c.field]).toBe(c.key);
      for (const [name, value] of c.fields) expect(values?.[name]).toBe(value);
    }
    expect(await ctx.db.selectFrom("webhook_endpoints").select("id").execute()).toEqual([]);
  });

  it("adds an endpoint, shows its secret once, and lists it only for its own organisation", async () => {
    const created = (await responseOf(async () =>
      action(
        args(
          await post("alpen-hq", [
            ["url", "https://erp.alpenblick.example/hooks"],
            ["description", "ERP"],
            ["events", "case.created"],
            ["events", "case.updated"],
          ]),
        ),
      ),
    )) as Answer;
    expect(created.data.created?.secret).toMatch(/^whsec_[a-z2-7]{32}$/);
    const id = created.data.created!.id;
    const page = (await responseOf(async () => loader(args(await get("alpen-hq"))))) as {
      data: { endpoints: { id: number; url: string; events: string }[] };
    };
    expect(page.data.endpoints).toMatchObject([{ id, url: "https://erp.alpenblick.example/hooks", events: "case.created case.updated" }]);
    expect(JSON.stringify(page.data)).not.toContain(created.data.created!.secret);
    // Harbor's admin sees none of it, and gets a 404 for its page and its buttons.
    const other = (await responseOf(async () => loader(args(await get("harbor-hq"))))) as { data: { endpoints: unknown[] } };
    expect(other.data.endpoints).toEqual([]);
    const params = { id: String(id) };
    expect(statusOf(await responseOf(async () => endpointLoader(args(await get("harbor-hq", `/${id}`), params))))).toBe(404);
    expect(
      statusOf(await responseOf(async () => endpointAction(args(await post("harbor-hq", [["intent", "delete"]], `/${id}`), params)))),
    ).toBe(404);
    // Nonsense in the address or the form is a 404 or a 400, never a 500.
    expect(statusOf(await responseOf(async () => endpointLoader(args(await get("alpen-hq", "/x"), { id: "x" }))))).toBe(404);
    expect(
      statusOf(await responseOf(async () => endpointAction(args(await post("alpen-hq", [["intent", "explode"]], `/${id}`), params)))),
    ).toBe(400);
    expect(
      statusOf(await responseOf(async () => endpointAction(args(await post("alpen-hq", [["intent", "resend"]], `/${id}`), params)))),
    ).toBe(400);

    const tested = await responseOf(async () => endpointAction(args(await post("alpen-hq", [["intent", "test"]], `/${id}`), params)));
    expect(tested).toMatchObject({ data: { done: { key: "webhooks.test.done" } } });
    const log = (await responseOf(async () => endpointLoader(args(await get("alpen-hq", `/${id}`), params)))) as {
      data: { deliveries: { eventType: string; status: string }[] };
    };
    expect(log.data.deliveries).toMatchObject([{ eventType: "ping", status: "pending" }]);
    const deleted = await responseOf(async () => endpointAction(args(await post("alpen-hq", [["intent", "delete"]], `/${id}`), params)));
    expect(statusOf(deleted as Response)).toBe(302);
    expect(statusOf(await responseOf(async () => endpointLoader(args(await get("alpen-hq", `/${id}`), params))))).toBe(404);
  });
});
