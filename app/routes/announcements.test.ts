import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { seedAnnouncementsDemo } from "../../db/demo/announcements";
import { idOf } from "../../db/demo/organisations";
import { localDateTimeValue } from "~/domain/announcements";
import { SERVICE_HOURS_SETTING } from "~/domain/service-hours";
import { insertAnnouncement } from "~/models/announcement.server";
import { currentAnnouncements, loadStatusPage, noticeBoard } from "~/services/announcements.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as rootLoader } from "../root";
import { action, loader } from "./admin.announcements";
import { loader as helpLoader } from "./help._index";
import { loader as statusLoader } from "./status";

// /admin/announcements, the public /status page and the notice board in every page's header, on a
// real migrated database. The loaders read the system clock, so windows are relative to now.

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
const args = (request: Request) => ({ request, params: {}, context: {} });
const get = (path: string, headers: Record<string, string> = {}) => new Request(new URL(path, "http://localhost"), { headers });
const HOUR = 60 * 60 * 1000;

const form = (fields: Record<string, string> = {}) => ({
  intent: "post",
  kind: "incident",
  severity: "major",
  titleEn: "Statements are delayed",
  bodyEn: "Today's statements arrive later than usual.",
  titleDe: "",
  bodyDe: "",
  titleNl: "",
  bodyNl: "",
  startsAt: "",
  endsAt: "",
  ...fields,
});

async function post(username: string, fields: Record<string, string>) {
  const cookie = await cookieOf(username);
  return responseOf(() => action(args(formRequest("/admin/announcements", fields, { Cookie: cookie }))));
}
const statusPage = () => statusLoader();
const titles = (list: ReadonlyArray<{ texts: { en: { title: string } } }>) => list.map((a) => a.texts.en.title);
const count = async () => (await ctx.db.selectFrom("announcements").select("id").execute()).length;

describe("only an admin posts and ends announcements", () => {
  it.each(["analyst", "alpen-hq", "noord-ams"])("%s gets 403 from the page, posting and ending", async (username) => {
    const cookie = await cookieOf(username);
    expect(statusOf(await responseOf(() => loader(args(get("/admin/announcements", { Cookie: cookie })))))).toBe(403);
    expect(statusOf(await post(username, form()))).toBe(403);
    const id = await insertAnnouncement(
      ctx.db,
      { kind: "maintenance", severity: "info", texts: { en: { title: "x", body: "y" } }, startsAt: new Date(), endsAt: null },
      idOf(ctx.ids.users, "admin"),
      new Date(),
    );
    expect(statusOf(await post(username, { intent: "end", id: String(id) }))).toBe(403);
    const row = await ctx.db.selectFrom("announcements").select("ends_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.ends_at).toBeNull();
    await ctx.db.deleteFrom("announcements").execute();
  });

  it("signed out, the admin page sends to the sign-in page", async () => {
    const result = await responseOf(() => loader(args(get("/admin/announcements"))));
    expect(statusOf(result)).toBe(302);
  });
});

describe("the post form", () => {
  it("bad input is a 400 with what was typed and an error per field; nothing is saved", async () => {
    const typed = form({ titleEn: "", bodyEn: "Some text", titleDe: "Nur ein Titel", startsAt: "tomorrow", kind: "outage" });
    expect(await post("admin", typed)).toMatchObject({
      init: { status: 400 },
      data: {
        errors: {
          titleEn: "announcements.error.titleRequired",
          startsAt: "announcements.error.dateTime",
          kind: "announcements.error.kind",
        },
        values: typed,
      },
    });
    // A German title without its text is caught once the fields themselves are fine.
    const pairless = form({ titleDe: "Nur ein Titel" });
    expect(await post("admin", pairless)).toMatchObject({
      init: { status: 400 },
      data: { errors: { bodyDe: "announcements.error.bodyRequired" }, values: pairless },
    });
    // 02:30 on 29 March 2026 does not exist in Berlin (clocks jump from 02:00 to 03:00).
    expect(await post("admin", form({ startsAt: "2026-03-29T02:30" }))).toMatchObject({
      init: { status: 400 },
      data: { errors: { startsAt: "announcements.error.dateTime" } },
    });
    expect(await count()).toBe(0);
  });

  it("an end before the start, or already past, is refused by the service with the typed values kept", async () => {
    const now = new Date();
    const backwards = form({
      startsAt: localDateTimeValue(new Date(now.getTime() + 48 * HOUR)),
      endsAt: localDateTimeValue(new Date(now.getTime() + 24 * HOUR)),
    });
    expect(await post("admin", backwards)).toMatchObject({
      init: { status: 400 },
      data: { errors: { endsAt: "announcements.error.endsBeforeStart" }, values: backwards },
    });
    const past = form({
      startsAt: localDateTimeValue(new Date(now.getTime() - 48 * HOUR)),
      endsAt: localDateTimeValue(new Date(now.getTime() - 24 * HOUR)),
    });
    expect(await post("admin", past)).toMatchObject({
      init: { status: 400 },
      data: { errors: { endsAt: "announcements.error.alreadyOver" } },
    });
    expect(await count()).toBe(0);
  });
});

describe("a current announcement, for everyone", () => {
  it("posted by the admin, it shows on /status without sign-in, in the header for signed-in and signed-out pages, with an audit row", async () => {
    expect(await post("admin", form({ titleDe: "Kontoauszüge verspätet", bodyDe: "Die heutigen Auszüge kommen später." }))).toMatchObject({
      data: { done: "posted" },
    });
    const page = await statusPage();
    expect(titles(page.current)).toEqual(["Statements are delayed"]);
    expect(page.current[0]).toMatchObject({
      kind: "incident",
      severity: "major",
      state: "current",
      endsAt: null,
      texts: { de: { title: "Kontoauszüge verspätet" } },
    });
    expect(page.upcoming).toEqual([]);

    const signedIn = await rootLoader(args(get("/disputes", { Cookie: await cookieOf("alpen-muc") })));
    expect(signedIn.user?.username).toBe("alpen-muc");
    expect(titles(signedIn.announcements)).toEqual(["Statements are delayed"]);
    const signedOut = await rootLoader(args(get("/login")));
    expect(titles(signedOut.announcements)).toEqual(["Statements are delayed"]);

    const audit = await ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "announcement_posted").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: idOf(ctx.ids.users, "admin"), entity_type: "announcement", organisation_id: null });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      kind: "incident",
      severity: "major",
      title: "Statements are delayed",
      endsAt: null,
    });
  });

  it("ended with 'end now', it is gone from /status and the header, stays on the admin list as ended; a second end is a 409", async () => {
    const [row] = await ctx.db.selectFrom("announcements").select("id").execute();
    const id = String(row!.id);
    expect(await post("admin", { intent: "end", id })).toMatchObject({ data: { done: "ended" } });
    expect((await statusPage()).current).toEqual([]);
    expect(await currentAnnouncements(ctx.db, new Date())).toEqual([]);
    expect((await rootLoader(args(get("/disputes", { Cookie: await cookieOf("alpen-muc") })))).announcements).toEqual([]);
    const admin = await loader(args(get("/admin/announcements", { Cookie: await cookieOf("admin") })));
    expect(admin.announcements.map((a) => [a.texts.en.title, a.state])).toEqual([["Statements are delayed", "ended"]]);
    expect(await post("admin", { intent: "end", id })).toMatchObject({
      init: { status: 409 },
      data: { errors: { form: "announcements.error.alreadyEnded" } },
    });
    expect(statusOf(await post("admin", { intent: "end", id: "999999" }))).toBe(404);
    const ended = await ctx.db.selectFrom("audit_log").select("entity_id").where("action", "=", "announcement_ended").execute();
    expect(ended).toEqual([{ entity_id: id }]);
  });
});

describe("planned maintenance", () => {
  it("is listed as planned on /status; the notice board shows it from a week ahead; ending it calls it off", async () => {
    await ctx.db.deleteFrom("announcements").execute();
    const now = new Date();
    const soon = form({
      kind: "maintenance",
      severity: "minor",
      titleEn: "Database upgrade",
      startsAt: localDateTimeValue(new Date(now.getTime() + 48 * HOUR)),
      endsAt: localDateTimeValue(new Date(now.getTime() + 50 * HOUR)),
    });
    const later = {
      ...soon,
      titleEn: "Network change",
      startsAt: localDateTimeValue(new Date(now.getTime() + 10 * 24 * HOUR)),
      endsAt: "",
    };
    const incident = { ...soon, kind: "incident", titleEn: "Expected card network outage" };
    for (const fields of [soon, later, incident]) expect(await post("admin", fields)).toMatchObject({ data: { done: "posted" } });

    const page = await statusPage();
    expect(page.current).toEqual([]);
    expect(titles(page.upcoming)).toEqual(["Database upgrade", "Expected card network outage", "Network change"]);
    // Only maintenance is announced ahead on the board, and only within the week.
    expect(titles((await rootLoader(args(get("/login")))).announcements)).toEqual(["Database upgrade"]);
    expect(await currentAnnouncements(ctx.db, now)).toEqual([]);
    // Two days on, it is current.
    expect(titles(await currentAnnouncements(ctx.db, new Date(now.getTime() + 49 * HOUR)))).toEqual([
      "Database upgrade",
      "Expected card network outage",
    ]);

    const [upgrade] = await ctx.db.selectFrom("announcements").select("id").where("title_en", "=", "Database upgrade").execute();
    expect(await post("admin", { intent: "end", id: String(upgrade!.id) })).toMatchObject({ data: { done: "ended" } });
    expect(titles((await statusPage()).upcoming)).toEqual(["Expected card network outage", "Network change"]);
    expect(await noticeBoard(ctx.db, new Date(now.getTime() + 49 * HOUR))).toMatchObject([
      { texts: { en: { title: "Expected card network outage" } } },
    ]);
  });
});

describe("service hours on /status and the help page", () => {
  it("open or closed with the next opening, from the setting", async () => {
    // Friday 16 January 2026, 17:30 Berlin: just closed; opens Monday 08:30.
    const fridayClose = new Date("2026-01-16T16:30:00.000Z");
    expect((await loadStatusPage(ctx.db, fridayClose)).service).toMatchObject({
      openNow: false,
      nextOpeningAt: "2026-01-19T07:30:00.000Z",
      hours: { timeZone: "Europe/Berlin", windows: [{ days: [1, 2, 3, 4, 5], opens: 510, closes: 1050 }] },
    });
    expect((await loadStatusPage(ctx.db, new Date("2026-01-16T16:29:00.000Z"))).service.openNow).toBe(true);

    await ctx.db
      .insertInto("settings")
      .values({ key: SERVICE_HOURS_SETTING.key, value: "mon-sat 08:30-18:00", updated_at: new Date().toISOString() })
      .execute();
    expect((await loadStatusPage(ctx.db, fridayClose)).service.openNow).toBe(true);
    expect((await loadStatusPage(ctx.db, new Date("2026-01-17T18:00:00.000Z"))).service.nextOpeningAt).toBe("2026-01-19T07:30:00.000Z");
    // An unreadable setting falls back to the default hours rather than closing the desk.
    await ctx.db.updateTable("settings").set({ value: "always" }).where("key", "=", SERVICE_HOURS_SETTING.key).execute();
    expect((await loadStatusPage(ctx.db, fridayClose)).service.openNow).toBe(false);

    const help = await helpLoader();
    expect(help.service.hours.windows).toHaveLength(1);
    expect(typeof help.service.openNow).toBe("boolean");
    await ctx.db.deleteFrom("settings").where("key", "=", SERVICE_HOURS_SETTING.key).execute();
  });
});

describe("demo data", () => {
  it("seeds one current maintenance announcement, shown on the board and /status", async () => {
    await ctx.db.deleteFrom("announcements").execute();
    const now = new Date("2026-12-02T10:00:00.000Z"); // a Wednesday
    await seedAnnouncementsDemo(ctx.db, now, idOf(ctx.ids.users, "admin"));
    const current = await currentAnnouncements(ctx.db, now);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ kind: "maintenance", state: "current", endsAt: "2026-12-07T01:00:00.000Z" });
    expect(current[0]!.texts.en.body).toContain("Sunday 6 December");
    expect(current[0]!.texts.de?.body).toContain("Sonntag, 6. Dezember");
    expect(current[0]!.texts.nl?.body).toContain("zondag 6 december");
    expect((await loadStatusPage(ctx.db, now)).current).toHaveLength(1);
  });
});
