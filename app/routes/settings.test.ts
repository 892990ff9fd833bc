import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, idOf } from "../../db/demo/organisations";
import { formRequest, responseOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { translate } from "~/i18n";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as rootLoader } from "../root";
import { action as organisationAction, loader as organisationLoader } from "./settings.organisation";
import { action as passwordAction } from "./settings.password";
import { action as profileAction, loader as profileLoader } from "./settings.profile";
import { loader as settingsLoader } from "./settings._index";

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
});
afterAll(async () => {
  await ctx.destroy();
});

async function signedIn(username: string) {
  const session = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
  return { cookie: await sessionCookie.serialize(session.token), sessionId: session.id };
}
const args = (request: Request) => ({ request, params: {}, context: {} });

describe("/settings", () => {
  it("lists profile, password and notifications for everyone, organisation only for the org_admin", async () => {
    const paths = async (username: string) => {
      const { cookie } = await signedIn(username);
      const result = (await responseOf(() =>
        settingsLoader(args(new Request("http://localhost/settings", { headers: { Cookie: cookie } }))),
      )) as {
        data: { pages: { path: string }[] };
      };
      return result.data.pages.map((p) => p.path);
    };
    expect(await paths("analyst")).toEqual(["/settings/profile", "/settings/password", "/settings/notifications"]);
    expect(await paths("alpen-hq")).toContain("/settings/organisation");
    const { cookie } = await signedIn("noord-hq");
    const refused = await responseOf(() =>
      organisationLoader(args(new Request("http://localhost/settings/organisation", { headers: { Cookie: cookie } }))),
    );
    expect(refused instanceof Response && refused.status).toBe(403);
  });
});

describe("/settings/profile", () => {
  it("a bad email address comes back as a 400 with what the user typed", async () => {
    const { cookie } = await signedIn("noord-ams");
    const result = await responseOf(() =>
      profileAction(
        args(formRequest("/settings/profile", { email: "daan@", preferredContact: "post", phone: "", language: "de" }, { Cookie: cookie })),
      ),
    );
    expect(result).toMatchObject({
      data: { errors: { email: "settings.error.email" }, values: { email: "daan@", preferredContact: "post", language: "de" } },
      init: { status: 400 },
    });
  });

  it("a duplicate email address is a 409 and nothing is saved", async () => {
    const { cookie } = await signedIn("noord-ams");
    const result = await responseOf(() =>
      profileAction(
        args(
          formRequest(
            "/settings/profile",
            { email: "analyst@network.example", preferredContact: "post", phone: "", language: "auto" },
            { Cookie: cookie },
          ),
        ),
      ),
    );
    expect(result).toMatchObject({ data: { errors: { email: "settings.error.emailTaken" } }, init: { status: 409 } });
    const loaded = (await responseOf(() =>
      profileLoader(args(new Request("http://localhost/settings/profile", { headers: { Cookie: cookie } }))),
    )) as {
      data: { values: Record<string, string> };
    };
    expect(loaded.data.values).toEqual({ email: "noord-ams@noordzee.example", preferredContact: "email", phone: "", language: "auto" });
  });

  it("a body that is not a form is a 400, not an error", async () => {
    const { cookie } = await signedIn("noord-ams");
    const request = new Request("http://localhost/settings/profile", {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json", Cookie: cookie },
    });
    const result = await responseOf(() => profileAction(args(request)));
    expect(result instanceof Response && result.status).toBe(400);
  });
});

describe("/settings/profile: the language", () => {
  const profileOf = async (cookie: string) =>
    (
      (await responseOf(() => profileLoader(args(new Request("http://localhost/settings/profile", { headers: { Cookie: cookie } }))))) as {
        data: { values: Record<string, string> };
      }
    ).data.values;

  it("noord-ams chooses Nederlands: saved, shown again, and the portal speaks Dutch whatever the browser says", async () => {
    const { cookie } = await signedIn("noord-ams");
    const fields = { email: "noord-ams@noordzee.example", preferredContact: "email", phone: "", language: "nl" };
    const result = await responseOf(() => profileAction(args(formRequest("/settings/profile", fields, { Cookie: cookie }))));
    expect(result).toMatchObject({ data: { saved: true, changed: true } });
    expect((await profileOf(cookie)).language).toBe("nl");
    const user = await ctx.db.selectFrom("users").select("locale").where("username", "=", "noord-ams").executeTakeFirstOrThrow();
    expect(user.locale).toBe("nl");
    const shell = (await rootLoader(
      args(new Request("http://localhost/", { headers: { Cookie: cookie, "Accept-Language": "en-GB" } })),
    )) as {
      locale: string;
    };
    expect(shell.locale).toBe("nl");
  });

  it("emails to a Dutch user are in Dutch (the notice of a changed address)", async () => {
    const { cookie } = await signedIn("noord-ams");
    const fields = { email: "daan.jansen@noordzee.example", preferredContact: "email", phone: "", language: "nl" };
    expect(await responseOf(() => profileAction(args(formRequest("/settings/profile", fields, { Cookie: cookie }))))).toMatchObject({
      data: { saved: true },
    });
    const mail = await ctx.db
      .selectFrom("email_outbox")
      .selectAll()
      .where("kind", "=", "email_changed")
      .where("to_address", "=", "noord-ams@noordzee.example")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe("Uw e-mailadres bij het Geschillenportaal is gewijzigd");
    expect(mail.text_body).toMatch(
      /^Beste Daan Jansen,\n\nhet e-mailadres van uw account .* is gewijzigd in daan\.jansen@noordzee\.example\./,
    );
    const back = { email: "noord-ams@noordzee.example", preferredContact: "email", phone: "", language: "nl" };
    await responseOf(() => profileAction(args(formRequest("/settings/profile", back, { Cookie: cookie }))));
  });

  it("refuses a language the portal does not speak with a clear message, keeps what was typed, saves nothing", async () => {
    const { cookie } = await signedIn("noord-ams");
    const fields = { email: "noord-ams@noordzee.example", preferredContact: "post", phone: "", language: "fr" };
    const result = await responseOf(() => profileAction(args(formRequest("/settings/profile", fields, { Cookie: cookie }))));
    expect(result).toMatchObject({
      data: { errors: { language: "settings.error.language" }, values: { preferredContact: "post", language: "fr" } },
      init: { status: 400 },
    });
    expect(translate("nl", "settings.error.language")).toBe("Kies een taal uit de lijst: automatisch, English, Deutsch of Nederlands.");
    expect(translate("en", "settings.error.language")).toBe(
      "Choose one of the languages offered: automatic, English, Deutsch or Nederlands.",
    );
    expect(await profileOf(cookie)).toMatchObject({ preferredContact: "email", language: "nl" });
  });

  it("back to automatic: the browser decides again", async () => {
    const { cookie } = await signedIn("noord-ams");
    const fields = { email: "noord-ams@noordzee.example", preferredContact: "email", phone: "", language: "auto" };
    expect(await responseOf(() => profileAction(args(formRequest("/settings/profile", fields, { Cookie: cookie }))))).toMatchObject({
      data: { saved: true, changed: true },
    });
    const shell = (await rootLoader(
      args(new Request("http://localhost/", { headers: { Cookie: cookie, "Accept-Language": "de-AT" } })),
    )) as {
      locale: string;
    };
    expect(shell.locale).toBe("de");
  });
});

describe("/settings/password", () => {
  it("after a change the user's other sessions are gone and this one still works", async () => {
    const here = await signedIn("admin");
    const elsewhere = await signedIn("admin");
    const wrong = await responseOf(() =>
      passwordAction(
        args(
          formRequest(
            "/settings/password",
            { currentPassword: "nope-nope-nope", newPassword: "another-good-passphrase", confirm: "another-good-passphrase" },
            { Cookie: here.cookie },
          ),
        ),
      ),
    );
    expect(wrong).toMatchObject({ data: { errors: { currentPassword: "settings.error.currentWrong" } }, init: { status: 400 } });
    // Passwords are never echoed back.
    expect(JSON.stringify(wrong)).not.toContain("another-good-passphrase");

    const mismatch = await responseOf(() =>
      passwordAction(
        args(
          formRequest(
            "/settings/password",
            { currentPassword: DEMO_PASSWORD, newPassword: "another-good-passphrase", confirm: "different" },
            { Cookie: here.cookie },
          ),
        ),
      ),
    );
    expect(mismatch).toMatchObject({ data: { errors: { confirm: "password.error.mismatch" } }, init: { status: 400 } });

    const done = await responseOf(() =>
      passwordAction(
        args(
          formRequest(
            "/settings/password",
            { currentPassword: DEMO_PASSWORD, newPassword: "another-good-passphrase", confirm: "another-good-passphrase" },
            { Cookie: here.cookie },
          ),
        ),
      ),
    );
    expect(done).toMatchObject({ data: { changed: true } });
    const sessions = await ctx.db.selectFrom("sessions").select("id").where("user_id", "=", idOf(ctx.ids.users, "admin")).execute();
    expect(sessions.map((s) => s.id)).toEqual([here.sessionId]);
    expect(sessions.map((s) => s.id)).not.toContain(elsewhere.sessionId);
  });
});

describe("/settings/organisation", () => {
  it("the org_admin switches to local handling; the audit log has the old and the new value", async () => {
    const { cookie } = await signedIn("harbor-hq");
    const invalid = await responseOf(() =>
      organisationAction(args(formRequest("/settings/organisation", { intent: "handling", handling: "both" }, { Cookie: cookie }))),
    );
    expect(invalid).toMatchObject({ data: { errors: { handling: "settings.error.handling" } }, init: { status: 400 } });
    const unknownIntent = await responseOf(() =>
      organisationAction(args(formRequest("/settings/organisation", { intent: "drop" }, { Cookie: cookie }))),
    );
    expect(unknownIntent instanceof Response && unknownIntent.status).toBe(400);

    const done = await responseOf(() =>
      organisationAction(args(formRequest("/settings/organisation", { intent: "handling", handling: "local" }, { Cookie: cookie }))),
    );
    expect(done).toMatchObject({ data: { intent: "handling", saved: true, changed: true } });
    const audit = await ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "dispute_handling_changed")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ dispute_handling: { from: "central", to: "local" } });
    expect(audit.entity_id).toBe(String(idOf(ctx.ids.organisations, "harbor")));

    const badVat = await responseOf(() =>
      organisationAction(
        args(
          formRequest(
            "/settings/organisation",
            { intent: "details", legalName: "Harbor Outfitters Inc.", address: "1 Atlantic Avenue, Boston", vatId: "123" },
            { Cookie: cookie },
          ),
        ),
      ),
    );
    expect(badVat).toMatchObject({ data: { errors: { vatId: "settings.error.vatId" }, values: { vatId: "123" } }, init: { status: 400 } });
  });
});
