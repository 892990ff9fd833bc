import { describe, expect, it } from "vitest";
import { useDisputesDatabase } from "../../tests/setup/disputes";
import type { CreateUserInput } from "~/forms/admin-users";
import { getPlatformSettings } from "~/models/settings.server";
import { retryEmail, loadOutboxMessage, loadOutboxPage } from "./outbox-admin.server";
import { changePlatformSettings, loadJobs, loadPlatformSettings, runJobNow } from "./platform-admin.server";
import type { Job } from "./job-runs.server";
import { createUser, loadUserAdmin, setUserActive } from "./user-admin.server";

// The operator's services refuse everyone else themselves (a 403 refusal, not a thrown 500),
// whatever the route in front of them checks.

const NOW = new Date("2026-11-23T10:00:00Z");
const ctx = useDisputesDatabase(NOW, ["admin", "analyst", "alpen-hq", "noord-ams"]);
const forbidden = { ok: false, status: 403, problems: [{ field: "form", key: "error.forbidden" }] };

describe("admin services", () => {
  it("refuse every role but the platform operator with a 403, doing nothing", async () => {
    let ran = 0;
    const job: Job = { name: "probe", everyMs: 1000, run: () => Promise.resolve(void ran++) };
    const newUser: CreateUserInput = {
      username: "intruder",
      email: "intruder@example.test",
      displayName: "I",
      role: "analyst",
      organisationId: null,
      accounts: [],
    };
    const before = await getPlatformSettings(ctx.db);
    for (const username of ["analyst", "alpen-hq", "noord-ams"]) {
      const actor = ctx.actors[username]!;
      const calls = {
        loadPlatformSettings: loadPlatformSettings(ctx.db, actor),
        changePlatformSettings: changePlatformSettings(
          ctx.db,
          actor,
          { ...before, inquiryDeadlineDays: before.inquiryDeadlineDays + 1 },
          NOW,
        ),
        loadJobs: loadJobs(ctx.db, actor, [job]),
        runJobNow: runJobNow(ctx.db, actor, "probe", () => NOW, [job]),
        loadUserAdmin: loadUserAdmin(ctx.db, actor),
        createUser: createUser(ctx.db, actor, newUser, { now: NOW, appUrl: "http://portal.test" }),
        setUserActive: setUserActive(ctx.db, actor, ctx.ids.users["noord-ams"]!, false, NOW),
        loadOutboxPage: loadOutboxPage(ctx.db, actor, { status: null, before: null }),
        loadOutboxMessage: loadOutboxMessage(ctx.db, actor, 1),
        retryEmail: retryEmail(ctx.db, actor, 1, NOW),
      };
      for (const [name, call] of Object.entries(calls)) expect(await call, `${username}: ${name}`).toEqual(forbidden);
    }
    expect(ran).toBe(0);
    expect(await ctx.db.selectFrom("users").select("id").where("username", "=", "intruder").executeTakeFirst()).toBeUndefined();
    const muc = await ctx.db.selectFrom("users").select("deactivated_at").where("username", "=", "noord-ams").executeTakeFirstOrThrow();
    expect(muc.deactivated_at).toBeNull();
    expect(await getPlatformSettings(ctx.db)).toEqual(before);
  });

  it("the operator gets answers; a job or user that does not exist is a 404 refusal", async () => {
    const admin = ctx.actors["admin"]!;
    const job: Job = { name: "probe", everyMs: 1000, run: () => Promise.resolve({ swept: 0 }) };
    expect(await runJobNow(ctx.db, admin, "probe", () => NOW, [job])).toEqual({ ok: true, succeeded: true });
    expect(await runJobNow(ctx.db, admin, "nope", () => NOW, [job])).toMatchObject({ ok: false, status: 404 });
    expect(await setUserActive(ctx.db, admin, 999_999, false, NOW)).toMatchObject({ ok: false, status: 404 });
    expect(await setUserActive(ctx.db, admin, admin.userId, false, NOW)).toEqual({
      ok: false,
      status: 409,
      problems: [{ field: "form", key: "admin.users.error.self" }],
    });
    expect(await loadOutboxMessage(ctx.db, admin, 999_999)).toMatchObject({ ok: false, status: 404 });
  });

  it("the operator cannot deactivate an organisation's last active org_admin (harbor-hq is Harbor's only one)", async () => {
    const admin = ctx.actors["admin"]!;
    expect(await setUserActive(ctx.db, admin, ctx.ids.users["harbor-hq"]!, false, NOW)).toEqual({
      ok: false,
      status: 409,
      problems: [{ field: "form", key: "users.error.lastAdmin" }],
    });
    const row = await ctx.db.selectFrom("users").select("deactivated_at").where("username", "=", "harbor-hq").executeTakeFirstOrThrow();
    expect(row.deactivated_at).toBeNull();
  });
});
