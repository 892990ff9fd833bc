import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { DEMO_PASSWORD } from "../../db/demo/organisations";
import { requestPasswordReset, signIn } from "~/services/auth.server";
import { createSession, sessionCookie, validateSessionToken } from "~/utils/session.server";
import { action as jobsAction, loader as jobsLoader } from "./admin.jobs";
import { action as settingsAction, loader as settingsLoader } from "./admin.settings";
import { action as usersAction, loader as usersLoader } from "./admin.users";

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  const page = (await responseOf(async () => settingsLoader(args(get("/admin/settings", await cookieOf("admin")))))) as {
    data: { values: Record<string, string> };
  };
  settingsForm = page.data.values;
});
afterAll(async () => {
  await ctx.destroy();
});

async function cookieOf(username: string) {
  const session = await createSession(ctx.db, ctx.ids.users[username]!, new Date());
  return sessionCookie.serialize(session.token);
}
const args = (request: Request) => ({ request, params: {}, context: {} });
const get = (path: string, cookie: string) => new Request(new URL(path, "http://localhost"), { headers: { Cookie: cookie } });

/** The form as the page shows it with nothing stored (read from the loader in beforeAll). */
let settingsForm: Record<string, string>;
const newUser = {
  intent: "create",
  username: "alpen-sbg",
  email: "sbg@alpenblick.example",
  displayName: "Salzburg desk",
  role: "location",
  organisationId: "",
  accounts: "",
};

describe("admin pages are for the platform operator only", () => {
  it.each(["analyst", "alpen-hq", "noord-ams"])("%s gets 403 from every loader and action", async (username) => {
    const cookie = await cookieOf(username);
    for (const [path, loader] of [
      ["/admin/settings", settingsLoader],
      ["/admin/jobs", jobsLoader],
      ["/admin/users", usersLoader],
    ] as const) {
      expect(statusOf(await responseOf(() => loader(args(get(path, cookie))))), path).toBe(403);
    }
    expect(
      statusOf(
        await responseOf(() =>
          settingsAction(args(formRequest("/admin/settings", { ...settingsForm, inquiryDeadlineDays: "30" }, { Cookie: cookie }))),
        ),
      ),
    ).toBe(403);
    expect(
      statusOf(
        await responseOf(() => jobsAction(args(formRequest("/admin/jobs", { intent: "run", job: "deadlines" }, { Cookie: cookie })))),
      ),
    ).toBe(403);
    expect(
      statusOf(await responseOf(() => usersAction(args(formRequest("/admin/users", { ...newUser, role: "analyst" }, { Cookie: cookie }))))),
    ).toBe(403);
    const setting = await ctx.db.selectFrom("settings").select("value").where("key", "=", "deadline_days.inquiry").executeTakeFirst();
    expect(setting).toBeUndefined();
    expect(await ctx.db.selectFrom("job_runs").select("id").execute()).toEqual([]);
  });
});

describe("/admin/settings", () => {
  it("shows the defaults, a fee field per currency in that currency's decimals", async () => {
    const cookie = await cookieOf("admin");
    const result = await responseOf(() => settingsLoader(args(get("/admin/settings", cookie))));
    expect(result).toMatchObject({
      data: {
        values: {
          inquiryDeadlineDays: "20",
          chargebackDeadlineDays: "20",
          informationRequestDeadlineDays: "10",
          urgentWindowDays: "3",
          reminderDays: "7, 3, 1",
          fee_EUR: "2.50",
          fee_GBP: "2.00",
          fee_USD: "2.50",
          newFeeCurrency: "",
          newFee: "",
        },
        // The demo accounts settle in EUR and USD; GBP has a default fee.
        feeCurrencies: ["EUR", "GBP", "USD"],
        currenciesWithoutFee: [],
      },
    });
  });

  it("bad input is a 400 with what was typed, not a 500; nothing is saved", async () => {
    const cookie = await cookieOf("admin");
    const typed = { ...settingsForm, inquiryDeadlineDays: "abc", fee_EUR: "2.555" };
    const result = await responseOf(() => settingsAction(args(formRequest("/admin/settings", typed, { Cookie: cookie }))));
    expect(result).toMatchObject({
      data: { errors: { inquiryDeadlineDays: "admin.settings.error.range", fee_EUR: "admin.settings.error.fee" }, values: typed },
      init: { status: 400 },
    });
    const unknown = { ...settingsForm, newFeeCurrency: "XYZ", newFee: "1.00" };
    expect(await responseOf(() => settingsAction(args(formRequest("/admin/settings", unknown, { Cookie: cookie }))))).toMatchObject({
      data: { errors: { newFeeCurrency: "admin.settings.error.currency" } },
      init: { status: 400 },
    });
    expect(statusOf(await responseOf(() => settingsAction(args(formRequest("/admin/settings", {}, { Cookie: cookie })))))).toBe(400);
    const notAForm = new Request("http://localhost/admin/settings", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json" },
      body: "{",
    });
    expect(statusOf(await responseOf(() => settingsAction(args(notAForm))))).toBe(400);
    expect(await ctx.db.selectFrom("settings").selectAll().execute()).toEqual([]);
  });

  it("saves a fee per currency, counts the changes, and the page shows the new values", async () => {
    const cookie = await cookieOf("admin");
    const saved = await responseOf(() =>
      settingsAction(
        args(
          formRequest(
            "/admin/settings",
            { ...settingsForm, fee_EUR: "3.00", fee_GBP: "", newFeeCurrency: "KWD", newFee: "0.750" },
            { Cookie: cookie },
          ),
        ),
      ),
    );
    expect(saved).toMatchObject({ data: { changed: 3 } });
    expect(await responseOf(() => settingsLoader(args(get("/admin/settings", cookie))))).toMatchObject({
      data: { values: { fee_EUR: "3.00", fee_GBP: "", fee_USD: "2.50", fee_KWD: "0.750" }, feeCurrencies: ["EUR", "GBP", "KWD", "USD"] },
    });
    expect(await ctx.db.selectFrom("settings").select(["key", "value"]).orderBy("key").execute()).toEqual([
      { key: "paper_statement_fee_minor.EUR", value: "300" },
      { key: "paper_statement_fee_minor.GBP", value: "none" },
      { key: "paper_statement_fee_minor.KWD", value: "750" },
    ]);
  });

  it("the reminder stages: distinct positive whole days, at most five; a bad list re-renders as typed", async () => {
    const cookie = await cookieOf("admin");
    await ctx.db.deleteFrom("settings").execute();
    const post = (reminderDays: string) =>
      responseOf(() => settingsAction(args(formRequest("/admin/settings", { ...settingsForm, reminderDays }, { Cookie: cookie }))));
    const problems: Record<string, string> = {
      "": "empty",
      "7, three": "format",
      "7, 0": "range",
      "3, 3": "duplicate",
      "9 8 7 6 5 4": "tooMany",
    };
    for (const [typed, problem] of Object.entries(problems)) {
      const result = await post(typed);
      expect(statusOf(result), typed).toBe(400);
      expect(result).toMatchObject({
        data: { errors: { reminderDays: `admin.settings.reminderDays.error.${problem}` }, values: { reminderDays: typed } },
      });
    }
    expect(await ctx.db.selectFrom("settings").select("key").where("key", "=", "reminder_days").execute()).toEqual([]);
    expect(await post("2, 14")).toMatchObject({ data: { changed: 1 } });
    expect(await ctx.db.selectFrom("settings").select("value").where("key", "=", "reminder_days").executeTakeFirst()).toEqual({
      value: "14,2",
    });
    expect(await responseOf(() => settingsLoader(args(get("/admin/settings", cookie))))).toMatchObject({
      data: { values: { reminderDays: "14, 2" } },
    });
    expect(await post("7, 3, 1")).toMatchObject({ data: { changed: 1 } });
    await ctx.db.deleteFrom("settings").execute();
  });

  it("names the account currencies that charge no fee yet", async () => {
    const cookie = await cookieOf("admin");
    const org = await ctx.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow();
    await ctx.db
      .insertInto("accounts")
      .values({
        organisation_id: org.id,
        merchant_number: "7560000001",
        name: "Zürich",
        address: "Bahnhofstrasse 1, Zürich",
        time_zone: "Europe/Zurich",
        currency: "CHF",
        paperless: 0,
        created_at: new Date().toISOString(),
      })
      .execute();
    expect(await responseOf(() => settingsLoader(args(get("/admin/settings", cookie))))).toMatchObject({
      data: { values: { fee_CHF: "" }, currenciesWithoutFee: ["CHF"] },
    });
  });
});

describe("/admin/jobs", () => {
  it("lists every job; Run now runs one and records it", async () => {
    const cookie = await cookieOf("admin");
    const page = (await responseOf(() => jobsLoader(args(get("/admin/jobs", cookie))))) as {
      data: { jobs: { name: string; lastRun: unknown }[] };
    };
    expect(page.data.jobs.map((j) => j.name).sort()).toEqual([
      "attachment-cleanup",
      "deadlines",
      "email-delivery",
      "notification-digest",
      "sign-in-sweep",
      "statements",
      "support-promises",
      "webhook-delivery",
    ]);
    expect(page.data.jobs.every((j) => j.lastRun === null)).toBe(true);
    const ran = await responseOf(() =>
      jobsAction(args(formRequest("/admin/jobs", { intent: "run", job: "deadlines" }, { Cookie: cookie }))),
    );
    expect(ran).toMatchObject({ data: { job: "deadlines", succeeded: true } });
    const after = (await responseOf(() => jobsLoader(args(get("/admin/jobs", cookie))))) as {
      data: { jobs: { name: string; lastRun: { outcome: string; summary: string } | null }[] };
    };
    const deadlines = after.data.jobs.find((j) => j.name === "deadlines")!;
    expect(deadlines.lastRun).toMatchObject({ outcome: "ok" });
    expect(JSON.parse(deadlines.lastRun!.summary)).toHaveProperty("expired");
  });

  it("an unknown job is a 404 and a malformed form a 400", async () => {
    const cookie = await cookieOf("admin");
    expect(
      statusOf(
        await responseOf(() => jobsAction(args(formRequest("/admin/jobs", { intent: "run", job: "nightly-backup" }, { Cookie: cookie })))),
      ),
    ).toBe(404);
    expect(
      statusOf(await responseOf(() => jobsAction(args(formRequest("/admin/jobs", { intent: "run", job: "../x" }, { Cookie: cookie }))))),
    ).toBe(400);
    expect(statusOf(await responseOf(() => jobsAction(args(formRequest("/admin/jobs", { job: "deadlines" }, { Cookie: cookie })))))).toBe(
      400,
    );
  });
});

describe("/admin/users", () => {
  async function create(fields: Record<string, string>, accounts: string[] = []) {
    const cookie = await cookieOf("admin");
    const body = new URLSearchParams(fields);
    body.delete("accounts");
    for (const a of accounts) body.append("accounts", a);
    const request = new Request("http://localhost/admin/users", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    });
    return responseOf(() => usersAction(args(request)));
  }
  const alpen = async () => {
    const org = await ctx.db.selectFrom("organisations").select("id").where("name", "like", "Alpenblick%").executeTakeFirstOrThrow();
    const accounts = await ctx.db.selectFrom("accounts").select("id").where("organisation_id", "=", org.id).execute();
    const other = await ctx.db.selectFrom("accounts").select("id").where("organisation_id", "!=", org.id).executeTakeFirstOrThrow();
    return { org: String(org.id), accounts: accounts.map((a) => String(a.id)), other: String(other.id) };
  };

  it("creates a location user with their accounts and queues the set-your-password email", async () => {
    const { org, accounts } = await alpen();
    const result = await create({ ...newUser, organisationId: org }, [accounts[0]!]);
    expect(result).toMatchObject({ data: { created: "alpen-sbg" } });
    const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", "alpen-sbg").executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: "location", organisation_id: Number(org), email: "sbg@alpenblick.example" });
    const links = await ctx.db.selectFrom("user_accounts").select("account_id").where("user_id", "=", user.id).execute();
    expect(links.map((l) => String(l.account_id))).toEqual([accounts[0]]);
    const email = await ctx.db
      .selectFrom("email_outbox")
      .selectAll()
      .where("to_address", "=", "sbg@alpenblick.example")
      .executeTakeFirstOrThrow();
    expect(email.kind).toBe("password_reset");
    expect(email.text_body).toContain("alpen-sbg");
    expect(email.text_body).toMatch(/\/reset\/\S+\.\S+/);
    const audit = await ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "user_created").executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(ctx.ids.users.admin);
  });

  it("a duplicate username or email is a 409 with a message on the field and what was typed", async () => {
    const { org, accounts } = await alpen();
    const taken = await create({ ...newUser, organisationId: org, email: "ANALYST@network.example" }, [accounts[0]!]);
    expect(taken).toMatchObject({
      data: {
        errors: { username: "admin.users.error.usernameTaken", email: "admin.users.error.emailTaken" },
        values: { displayName: "Salzburg desk", accounts: accounts[0] },
      },
      init: { status: 409 },
    });
  });

  it("bad input is a 400, not a 500: roles, organisation and accounts must fit together", async () => {
    const { org, accounts, other } = await alpen();
    const cases: Array<[Record<string, string>, string[], string]> = [
      [{ ...newUser, username: "A b", organisationId: org }, [accounts[0]!], "username"],
      [{ ...newUser, username: "x1-new", email: "nope", organisationId: org }, [accounts[0]!], "email"],
      [{ ...newUser, username: "x2-new", role: "owner", organisationId: org }, [], "role"],
      [{ ...newUser, username: "x3-new", role: "location" }, [], "organisationId"],
      [{ ...newUser, username: "x4-new", role: "analyst", organisationId: org }, [], "organisationId"],
      [{ ...newUser, username: "x5-new", organisationId: org }, [], "accounts"],
      [{ ...newUser, username: "x6-new", role: "head_office", organisationId: org }, [accounts[0]!], "accounts"],
      [{ ...newUser, username: "x7-new", organisationId: org }, [other], "accounts"],
      [{ ...newUser, username: "x8-new", organisationId: "999999" }, [accounts[0]!], "organisationId"],
      [{ ...newUser, username: "x9-new", organisationId: org }, ["abc"], "accounts"],
    ];
    for (const [fields, accountIds, field] of cases) {
      const result = await create({ ...fields, email: fields.email === "nope" ? "nope" : `${fields.username}@example.com` }, accountIds);
      expect(statusOf(result), JSON.stringify(fields)).toBe(400);
      expect((result as { data: { errors: Record<string, string> } }).data.errors, JSON.stringify(fields)).toHaveProperty(field);
    }
    expect(await ctx.db.selectFrom("users").select("id").where("username", "like", "x%-new").execute()).toEqual([]);
  });

  it("an analyst needs no organisation", async () => {
    const result = await create({ ...newUser, username: "analyst2", email: "analyst2@network.example", role: "analyst" });
    expect(result).toMatchObject({ data: { created: "analyst2" } });
  });
});

describe("deactivating a user", () => {
  const post = async (fields: Record<string, string>) =>
    responseOf(async () => usersAction(args(formRequest("/admin/users", fields, { Cookie: await cookieOf("admin") }))));

  it("ends their sessions and refuses their sign-in until they are reactivated", async () => {
    const userId = String(ctx.ids.users["noord-ams"]);
    const session = await createSession(ctx.db, ctx.ids.users["noord-ams"]!, new Date());
    expect(await post({ intent: "deactivate", userId })).toMatchObject({ data: { active: { intent: "deactivate", changed: true } } });
    expect(await validateSessionToken(ctx.db, session.token, new Date())).toBeNull();
    expect(await signIn(ctx.db, { identifier: "noord-ams", password: DEMO_PASSWORD }, new Date())).toMatchObject({
      ok: false,
      status: 401,
      problems: [{ key: "login.error.invalid" }],
    });
    const email = (await ctx.db.selectFrom("users").select("email").where("id", "=", Number(userId)).executeTakeFirstOrThrow()).email;
    await requestPasswordReset(ctx.db, email, { now: new Date(), appUrl: "http://localhost" });
    expect(await ctx.db.selectFrom("email_outbox").select("id").where("to_address", "=", email).execute()).toEqual([]);
    const page = (await responseOf(async () => usersLoader(args(get("/admin/users", await cookieOf("admin")))))) as {
      data: { users: { username: string; deactivatedAt: string | null }[] };
    };
    expect(page.data.users.find((u) => u.username === "noord-ams")?.deactivatedAt).not.toBeNull();

    expect(await post({ intent: "reactivate", userId })).toMatchObject({ data: { active: { intent: "reactivate", changed: true } } });
    expect(await signIn(ctx.db, { identifier: "noord-ams", password: DEMO_PASSWORD }, new Date())).toMatchObject({ ok: true });
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "user")
      .where("entity_id", "=", userId)
      .orderBy("id")
      .execute();
    // The refused and the later sign-in are in the trail too (issue 11).
    expect(audit.map((a) => a.action)).toEqual(["user_deactivated", "sign_in_failed", "user_reactivated", "signed_in"]);
  });

  it("refuses the operator's own user, an unknown user and a malformed form", async () => {
    expect(statusOf(await post({ intent: "deactivate", userId: String(ctx.ids.users.admin) }))).toBe(409);
    expect(statusOf(await post({ intent: "deactivate", userId: "999999" }))).toBe(404);
    expect(statusOf(await post({ intent: "deactivate", userId: "x" }))).toBe(400);
    expect(statusOf(await post({ intent: "delete", userId: "1" }))).toBe(400);
  });
});
