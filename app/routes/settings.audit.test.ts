import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo/organisations";
import { parseCsv } from "../../tests/setup/csv";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { LOCK_AFTER_FAILURES } from "~/domain/sign-in";
import { recordAudit } from "~/models/audit.server";
import { signIn } from "~/services/auth.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as exportLoader } from "./settings.audit.export[.]csv";
import { loader as auditLoader } from "./settings.audit._index";

// SPEC 14: an org_admin reads its organisation's audit trail at /settings/audit (filters by user,
// kind and period; keyset pages; CSV export). Sign-ins are recorded: success, failure and lock.

const T0 = new Date("2026-11-01T08:00:00.000Z");
let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const cookies: Record<string, string> = {};
const hour = (n: number) => new Date(T0.getTime() + n * 3_600_000);

type View = {
  rows: { id: number; at: string; kind: string; actor: { username: string } | null; entity: string; details: string }[];
  problems: { field: string; key: string }[];
  next: string | null;
  paged: boolean;
};

beforeAll(async () => {
  ctx = await useRouteTestDatabase(T0);
  for (const username of ["alpen-hq", "alpen-muc", "noord-hq", "analyst", "harbor-hq"]) {
    const { token } = await createSession(ctx.db, ctx.ids.users[username]!, new Date());
    cookies[username] = await sessionCookie.serialize(token);
  }
  // Sign-ins through the service, an hour apart (the throttle forgets after an hour).
  expect((await signIn(ctx.db, { identifier: "alpen-muc", password: DEMO_PASSWORD }, hour(1))).ok).toBe(true);
  expect((await signIn(ctx.db, { identifier: "alpen-muc", password: "wrong-password" }, hour(2))).ok).toBe(false);
  expect((await signIn(ctx.db, { identifier: "noord-ams", password: DEMO_PASSWORD }, hour(3))).ok).toBe(true);
  expect((await signIn(ctx.db, { identifier: "nobody-at-all", password: "wrong-password" }, hour(4))).ok).toBe(false);
  // 70 profile changes of alpen-hq over days 2026-11-02 .. 2026-11-04, two at the same instant each.
  for (let i = 0; i < 70; i++) {
    const at = new Date(Date.parse("2026-11-02T00:30:00.000Z") + Math.floor(i / 2) * 2 * 3_600_000);
    await recordAudit(
      ctx.db,
      {
        actorUserId: ctx.ids.users["alpen-hq"]!,
        action: "profile_updated",
        entityType: "user",
        entityId: ctx.ids.users["alpen-hq"]!,
        details: { n: { from: i, to: i + 1 } },
      },
      at,
    );
  }
  // The platform's own entries belong to no organisation.
  await recordAudit(
    ctx.db,
    { actorUserId: ctx.ids.users.admin!, action: "setting_changed", entityType: "setting", entityId: "x", details: { old: 1, new: 2 } },
    hour(5),
  );
});
afterAll(async () => {
  await ctx.destroy();
});

function get(url: string, as: string): Request {
  return new Request(new URL(url, "http://localhost"), { headers: { Cookie: cookies[as]!, "Accept-Language": "en" } });
}

async function view(query: string, as = "alpen-hq"): Promise<{ status: number; data: View }> {
  const result = await responseOf(() => auditLoader({ request: get(`/settings/audit?${query}`, as), params: {}, context: {} }));
  return { status: statusOf(result), data: (result as { data: View }).data };
}

async function allPages(query: string): Promise<View["rows"]> {
  const rows: View["rows"] = [];
  let params = new URLSearchParams(query);
  for (let guard = 0; guard < 20; guard++) {
    const { data } = await view(params.toString());
    expect(data.paged).toBe(guard > 0);
    rows.push(...data.rows);
    if (!data.next) return rows;
    params = new URLSearchParams(query);
    params.set("cursor", data.next);
  }
  throw new Error("too many pages");
}

describe("/settings/audit", () => {
  it("is the org_admin's only: head office without admin rights, locations, the disputes team get 403", async () => {
    for (const as of ["noord-hq", "alpen-muc", "analyst"]) {
      expect(statusOf(await responseOf(() => auditLoader({ request: get("/settings/audit", as), params: {}, context: {} })))).toBe(403);
      expect(
        statusOf(await responseOf(() => exportLoader({ request: get("/settings/audit/export.csv", as), params: {}, context: {} }))),
      ).toBe(403);
    }
  });

  it("shows only the organisation's entries, newest first, in pages of 50 that neither skip nor repeat", async () => {
    const first = await view("");
    expect(first.status).toBe(200);
    expect(first.data.rows.length).toBe(50);
    const rows = await allPages("");
    // 70 profile changes + alpen-muc's sign-in and failure; not Noordzee's, the platform's or an unknown name's.
    expect(rows.length).toBe(72);
    expect(new Set(rows.map((r) => r.id)).size).toBe(72);
    const sorted = [...rows].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
    expect(rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    expect(rows.some((r) => r.kind === "setting_changed")).toBe(false);
    expect(rows.filter((r) => r.kind === "signed_in").map((r) => r.entity)).toEqual(["alpen-muc"]);
    // Harbor's admin sees none of it.
    expect((await view("", "harbor-hq")).data.rows).toEqual([]);
  });

  it("records sign-ins: success by the user, a failure without an actor, about the user", async () => {
    const rows = await allPages("user=alpen-muc");
    expect(rows.map((r) => [r.kind, r.actor?.username ?? null, r.entity, r.details])).toEqual([
      ["sign_in_failed", null, "alpen-muc", '{"reason":"password"}'],
      ["signed_in", "alpen-muc", "alpen-muc", ""],
    ]);
  });

  it("filters by kind and by period (whole UTC days, both ends included)", async () => {
    expect((await allPages("kind=sign_in_failed")).map((r) => r.kind)).toEqual(["sign_in_failed"]);
    const day = await allPages("from=2026-11-03&to=2026-11-03");
    expect(day.length).toBe(24); // 12 instants two hours apart, two entries each
    expect(day.every((r) => r.at.startsWith("2026-11-03"))).toBe(true);
    expect((await allPages("to=2026-11-01")).length).toBe(2);
    expect((await allPages("from=2026-11-04&kind=profile_updated")).length).toBe(70 - 2 * 24);
  });

  it("answers unreadable filters with their messages (400), never a 500 and never unfiltered rows", async () => {
    const cases: [string, string, string][] = [
      ["user=noord-ams", "user", "audit.error.user"],
      ["user=does-not-exist", "user", "audit.error.user"],
      ["from=2026-02-31", "from", "audit.error.date"],
      ["to=yesterday", "to", "audit.error.date"],
      ["from=2026-11-04&to=2026-11-02", "to", "audit.error.period"],
      ["kind=drop_table", "kind", "audit.error.kind"],
      [`user=${"x".repeat(300)}`, "user", "audit.error.tooLong"],
    ];
    for (const [query, field, key] of cases) {
      const { status, data } = await view(query);
      expect(status, query).toBe(400);
      expect(data.rows).toEqual([]);
      expect(data.problems).toContainEqual({ field, key });
    }
    const refused = (await responseOf(() =>
      exportLoader({ request: get("/settings/audit/export.csv?from=nope", "alpen-hq"), params: {}, context: {} }),
    )) as Response;
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("YYYY-MM-DD");
    // A cursor that is not one of ours starts at the top.
    expect((await view("cursor=%%%garbage")).data.rows.length).toBe(50);
    const impossibleDate = Buffer.from("2026-02-30T08:00:00.000Z|1").toString("base64url");
    expect((await view(`cursor=${impossibleDate}`)).data.rows.length).toBe(50);
  });

  it("exports the filtered trail as CSV, the same rows as the pages, and audits the export", async () => {
    const response = (await responseOf(() =>
      exportLoader({ request: get("/settings/audit/export.csv?from=2026-11-03", "alpen-hq"), params: {}, context: {} }),
    )) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    const [header, ...records] = parseCsv(await response.text());
    expect(header).toEqual(["Time", "User", "Kind", "Concerns", "Concerns (id or user)", "Details"]);
    const shown = await allPages("from=2026-11-03");
    expect(records.length).toBe(shown.length);
    // The export's own entry is written before its first row is read: it is part of what it exports.
    expect(records.map((r) => [r[1], r[2], r[3], r[4], r[5]])).toEqual(
      shown.map((r) => [r.actor?.username ?? "", r.kind, r.kind === "list_exported" ? "export" : "user", r.entity, r.details]),
    );
    expect(records.map((r) => r[0])).toEqual(shown.map((r) => r.at.replace(/\.\d{3}Z$/, "+00:00")));
    const exported = (await allPages("kind=list_exported"))[0]!;
    expect(exported.actor?.username).toBe("alpen-hq");
    expect(JSON.parse(exported.details)).toEqual({ list: "audit", filters: { from: "2026-11-03T00:00:00.000Z" } });
  });
});

describe("sign-in audit entries", () => {
  it("records the lock once, after the failure that caused it, and not the attempts the lock refuses", async () => {
    const start = Date.parse("2026-11-10T08:00:00.000Z");
    // 16 minutes apart: longer than any wait of the throttle, within its memory of failures.
    let at = start;
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++, at += 16 * 60_000) {
      expect((await signIn(ctx.db, { identifier: "noord-hq", password: "wrong-password" }, new Date(at))).ok).toBe(false);
    }
    // During the lock: refused unchecked, and not recorded.
    for (let i = 1; i <= 3; i++) {
      const refused = await signIn(ctx.db, { identifier: "noord-hq", password: DEMO_PASSWORD }, new Date(at - 16 * 60_000 + i * 60_000));
      expect(refused.ok ? 200 : refused.status).toBe(429);
    }
    const entries = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "organisation_id", "details"])
      .where("entity_type", "=", "user")
      .where("entity_id", "=", String(ctx.ids.users["noord-hq"]))
      .where("action", "in", ["sign_in_failed", "sign_in_locked"])
      .orderBy("id")
      .execute();
    const locks = entries.filter((e) => e.action === "sign_in_locked");
    expect(locks.length).toBe(1);
    expect(entries.map((e) => e.action)).toEqual([...Array<string>(LOCK_AFTER_FAILURES).fill("sign_in_failed"), "sign_in_locked"]);
    expect(JSON.parse(locks[0]!.details)).toMatchObject({ failures: LOCK_AFTER_FAILURES });
    expect(entries.every((e) => e.actor_user_id === null && e.organisation_id === ctx.ids.organisations.noord)).toBe(true);
  });

  it("records a deactivated user's attempt as a failure with its reason", async () => {
    await ctx.db.updateTable("users").set({ deactivated_at: T0.toISOString() }).where("id", "=", ctx.ids.users["harbor-hq"]!).execute();
    expect((await signIn(ctx.db, { identifier: "harbor-hq", password: DEMO_PASSWORD }, hour(30))).ok).toBe(false);
    const entry = await ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", String(ctx.ids.users["harbor-hq"]))
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect([entry.action, JSON.parse(entry.details)]).toEqual(["sign_in_failed", { reason: "deactivated" }]);
  });
});
