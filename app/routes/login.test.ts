import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { action, loader } from "./login";

let destroy: () => Promise<void>;
let db: Awaited<ReturnType<typeof useRouteTestDatabase>>["db"];
beforeAll(async () => {
  ({ destroy, db } = await useRouteTestDatabase());
});
afterAll(async () => destroy());

describe("POST /login", () => {
  it("signs in and sends the user to their home with an HttpOnly, SameSite=Lax session cookie", async () => {
    const result = await responseOf(() =>
      action({ request: formRequest("/login", { username: "alpen-hq", password: "portal-demo-2026" }), params: {}, context: {} }),
    );
    expect(result).toBeInstanceOf(Response);
    const response = result as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/overview");
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^portal_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("follows a local redirectTo but never one to another site", async () => {
    const local = (await responseOf(() =>
      action({
        request: formRequest("/login", { username: "analyst", password: "portal-demo-2026", redirectTo: "/review?type=inquiry" }),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(local.headers.get("Location")).toBe("/review?type=inquiry");
    for (const forged of ["https://evil.example/", "//evil.example", "/\\evil.example"]) {
      const response = (await responseOf(() =>
        action({
          request: formRequest("/login", { username: "analyst", password: "portal-demo-2026", redirectTo: forged }),
          params: {},
          context: {},
        }),
      )) as Response;
      expect(response.headers.get("Location")).toBe("/review");
    }
  });

  it.each([
    ["an empty form", {}, 400, { form: undefined, username: "login.error.required" }],
    ["a 10 000-character username", { username: "u".repeat(10_000), password: "x" }, 400, { username: "login.error.tooLong" }],
    ["an unknown user", { username: "nobody-here", password: "portal-demo-2026" }, 401, { form: "login.error.invalid" }],
    ["a wrong password", { username: "alpen-muc", password: "nope" }, 401, { form: "login.error.invalid" }],
  ])("answers %s clearly and keeps the username", async (_label, fields, status, errors) => {
    const result = await responseOf(() => action({ request: formRequest("/login", fields), params: {}, context: {} }));
    expect(statusOf(result)).toBe(status);
    const data = (result as { data: { errors: Record<string, string>; values: Record<string, string> } }).data;
    expect(data.errors).toMatchObject(Object.fromEntries(Object.entries(errors).filter(([, v]) => v)));
    expect(data.values.password).toBeUndefined();
    if ("username" in fields) expect(data.values.username?.length).toBeGreaterThan(0);
  });

  it("answers a body that is not a form with a 400, not a 500", async () => {
    const request = new Request("http://localhost/login", {
      method: "POST",
      body: "{not a form",
      headers: { "Content-Type": "application/json" },
    });
    const result = await responseOf(() => action({ request, params: {}, context: {} }));
    expect(statusOf(result)).toBe(400);
  });
});

describe("GET /login", () => {
  it("shows the form to visitors", async () => {
    const result = await responseOf(() => loader({ request: new Request("http://localhost/login"), params: {}, context: {} }));
    expect(statusOf(result)).toBe(200);
  });

  it("says the phone line is open from the desk's service hours setting (SPEC 9), the one /help and /status read", async () => {
    await db
      .insertInto("settings")
      .values({ key: "support.service_hours", value: "mon-sun 00:00-24:00", updated_at: new Date().toISOString() })
      .execute();
    try {
      const result = (await responseOf(() => loader({ request: new Request("http://localhost/login"), params: {}, context: {} }))) as {
        data: { phoneOpen: boolean };
      };
      expect(result.data.phoneOpen).toBe(true);
    } finally {
      await db.deleteFrom("settings").where("key", "=", "support.service_hours").execute();
    }
  });

  it("sends a signed-in user to redirectTo only when it is a portal path (issue 9, item 14)", async () => {
    const signedIn = (await responseOf(() =>
      action({ request: formRequest("/login", { username: "alpen-hq", password: "portal-demo-2026" }), params: {}, context: {} }),
    )) as Response;
    const cookie = (signedIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const visit = async (redirectTo: string) =>
      (
        (await responseOf(() =>
          loader({
            request: new Request(`http://localhost/login?redirectTo=${encodeURIComponent(redirectTo)}`, { headers: { Cookie: cookie } }),
            params: {},
            context: {},
          }),
        )) as Response
      ).headers.get("Location");
    expect(await visit("/disputes?status=open")).toBe("/disputes?status=open");
    for (const forged of ["/.//evil.example/phish", "//evil.example", "/\\evil.example", "https://evil.example/"]) {
      expect(await visit(forged), forged).toBe("/overview");
    }
  });
});
