import { describe, expect, it } from "vitest";
import { useDisputesDatabase } from "../../tests/setup/disputes";
import { idOf } from "../../db/demo/organisations";
import { INVITATION_TTL_MS } from "~/domain/org-users";
import { loadActor } from "~/models/user.server";
import { createSession, validateSessionToken } from "~/utils/session.server";
import { requestPasswordReset, resetPassword, setPasswordWithLink, signIn } from "./auth.server";
import {
  changeUserAccess,
  inviteUser,
  loadOrganisationUser,
  loadOrganisationUsers,
  resendInvitation,
  setOrganisationUserActive,
  USERS_PAGE_SIZE,
} from "./org-users.server";

// /settings/users against a real migrated database with the demo organisations and users.

const NOW = new Date("2026-12-03T10:00:00Z");
const APP = "http://portal.test";
const ctx = useDisputesDatabase(NOW, ["alpen-hq", "alpen-muc", "noord-hq", "noord-ams", "harbor-hq", "analyst", "admin"]);
const mail = (now = NOW) => ({ now, appUrl: APP, locale: "en" as const });
const account = (key: string) => idOf(ctx.ids.accounts, key);
const userId = (username: string) => idOf(ctx.ids.users, username);
const later = (ms: number) => new Date(NOW.getTime() + ms);

let invited = 0;
/** An invitation by alpen-hq of a fresh address; answers with the new user's id and link token. */
async function invite(role: "location" | "head_office" | "org_admin" = "location", accounts = [account("alpen-vie")]) {
  invited++;
  const email = `invitee-${invited}@alpenblick.example`;
  const result = await inviteUser(ctx.db, ctx.actors["alpen-hq"]!, { displayName: `Invitee ${invited}`, email, role, accounts }, mail());
  if (!result.ok) throw new Error(`invite refused: ${JSON.stringify(result)}`);
  return { ...result, email, token: await latestInvitationToken(email) };
}

async function latestInvitationToken(email: string): Promise<string> {
  const row = await ctx.db
    .selectFrom("email_outbox")
    .select("text_body")
    .where("to_address", "=", email)
    .where("kind", "=", "invitation")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return /\/invite\/(\S+)/.exec(row.text_body)![1]!;
}

async function auditOf(entityId: number) {
  const rows = await ctx.db
    .selectFrom("audit_log")
    .select(["action", "actor_user_id", "details"])
    .where("entity_type", "=", "user")
    .where("entity_id", "=", String(entityId))
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ action: r.action, actor: r.actor_user_id, details: JSON.parse(r.details) as unknown }));
}

async function actorOf(username: string) {
  return loadActor(ctx.db, await ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow());
}

describe("who may manage users", () => {
  it("everyone but an org_admin is refused with a 403 and nothing changes, head office included", async () => {
    const target = userId("alpen-muc");
    for (const username of ["noord-hq", "alpen-muc", "noord-ams", "analyst", "admin"]) {
      const actor = ctx.actors[username]!;
      const answers = {
        list: await loadOrganisationUsers(ctx.db, actor, { search: "", afterId: null }),
        one: await loadOrganisationUser(ctx.db, actor, target),
        invite: await inviteUser(ctx.db, actor, { displayName: "X", email: "x@x.example", role: "head_office", accounts: [] }, mail()),
        change: await changeUserAccess(ctx.db, actor, target, { role: "head_office", accounts: [] }, NOW),
        deactivate: await setOrganisationUserActive(ctx.db, actor, target, false, NOW),
        resend: await resendInvitation(ctx.db, actor, target, mail()),
      };
      for (const [name, answer] of Object.entries(answers)) expect(answer, `${username} ${name}`).toMatchObject({ ok: false, status: 403 });
    }
    expect(await ctx.db.selectFrom("users").select("id").where("email", "=", "x@x.example").executeTakeFirst()).toBeUndefined();
    expect(await auditOf(target)).toEqual([]);
  });

  it("another organisation's users do not exist for an org_admin (404), and its accounts cannot be given", async () => {
    const alpen = ctx.actors["alpen-hq"]!;
    const noordAms = userId("noord-ams");
    expect(await loadOrganisationUser(ctx.db, alpen, noordAms)).toMatchObject({ ok: false, status: 404 });
    expect(await changeUserAccess(ctx.db, alpen, noordAms, { role: "head_office", accounts: [] }, NOW)).toMatchObject({ status: 404 });
    expect(await setOrganisationUserActive(ctx.db, alpen, noordAms, false, NOW)).toMatchObject({ status: 404 });
    expect(await resendInvitation(ctx.db, alpen, noordAms, mail())).toMatchObject({ status: 404 });
    expect(await loadOrganisationUser(ctx.db, alpen, userId("analyst"))).toMatchObject({ status: 404 });

    const foreign = { role: "location" as const, accounts: [account("alpen-muc"), account("noord-ams")] };
    expect(await changeUserAccess(ctx.db, alpen, userId("alpen-muc"), foreign, NOW)).toEqual({
      ok: false,
      status: 400,
      problems: [{ field: "accounts", key: "users.error.foreignAccount" }],
    });
    expect(await inviteUser(ctx.db, alpen, { displayName: "Y", email: "y@alpenblick.example", ...foreign }, mail())).toMatchObject({
      status: 400,
      problems: [{ field: "accounts" }],
    });
    expect(await ctx.db.selectFrom("users").select("id").where("email", "=", "y@alpenblick.example").executeTakeFirst()).toBeUndefined();
    const muc = await actorOf("alpen-muc");
    expect(muc.assignedAccountIds).toEqual([account("alpen-muc")]);
    expect(await auditOf(noordAms)).toEqual([]);
  });
});

describe("inviting", () => {
  it("creates the user for the accounts chosen, audits it and queues an email with a 7-day invitation link", async () => {
    const { userId: id, username, email, token } = await invite("location", [account("alpen-vie")]);
    expect(username).toBe(`invitee-${invited}`);
    const user = await ctx.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: "location", organisation_id: idOf(ctx.ids.organisations, "alpen"), invited_at: NOW.toISOString() });
    expect((await actorOf(username)).assignedAccountIds).toEqual([account("alpen-vie")]);
    expect(await auditOf(id)).toEqual([
      {
        action: "user_invited",
        actor: userId("alpen-hq"),
        details: {
          username,
          email,
          role: "location",
          organisationId: idOf(ctx.ids.organisations, "alpen"),
          accounts: [account("alpen-vie")],
        },
      },
    ]);
    const email_ = await ctx.db.selectFrom("email_outbox").selectAll().where("to_address", "=", email).executeTakeFirstOrThrow();
    expect(email_).toMatchObject({
      kind: "invitation",
      status: "pending",
      subject: "Your invitation to the Dispute Portal of Alpenblick Hotels",
    });
    expect(email_.text_body).toContain("Anna Huber has invited you");
    expect(email_.text_body).toContain(`${APP}/invite/`);
    expect(email_.text_body).toContain(username);
    const link = await ctx.db.selectFrom("password_reset_tokens").selectAll().where("user_id", "=", id).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ purpose: "invitation", used_at: null, expires_at: later(INVITATION_TTL_MS).toISOString() });
    expect(token).toMatch(/^\w+\.\w+$/);
  });

  it("head office and administrators get no accounts; a second invitation of one address is a 409", async () => {
    const { userId: id, email } = await invite("head_office", [account("alpen-vie")]);
    expect((await loadOrganisationUser(ctx.db, ctx.actors["alpen-hq"]!, id)) as unknown).toMatchObject({ user: { accountIds: [] } });
    const again = await inviteUser(
      ctx.db,
      ctx.actors["alpen-hq"]!,
      { displayName: "Again", email, role: "head_office", accounts: [] },
      mail(),
    );
    expect(again).toEqual({ ok: false, status: 409, problems: [{ field: "email", key: "users.error.emailTaken" }] });
    const noAccounts = await inviteUser(
      ctx.db,
      ctx.actors["alpen-hq"]!,
      { displayName: "No", email: "no-accounts@alpenblick.example", role: "location", accounts: [] },
      mail(),
    );
    expect(noAccounts).toMatchObject({ status: 400, problems: [{ field: "accounts", key: "users.error.accountsRequired" }] });
  });

  it("a taken username gets a numbered one", async () => {
    const alpen = ctx.actors["alpen-hq"]!;
    const result = await inviteUser(
      ctx.db,
      alpen,
      { displayName: "Max Again", email: "alpen-muc@elsewhere.example", role: "head_office", accounts: [] },
      mail(),
    );
    expect(result).toMatchObject({ ok: true, username: "alpen-muc-2" });
  });
});

describe("the invitation link", () => {
  it("sets the first password once; the user is no longer invited and can sign in", async () => {
    const { userId: id, username, token, email } = await invite();
    expect(await setPasswordWithLink(ctx.db, token, "invitation", "short", NOW)).toMatchObject({ status: 400 });
    expect(await setPasswordWithLink(ctx.db, token, "invitation", "a-long-enough-password", later(60_000))).toEqual({ ok: true });
    expect(await setPasswordWithLink(ctx.db, token, "invitation", "another-long-password", later(120_000))).toMatchObject({ status: 410 });
    const user = await ctx.db.selectFrom("users").select("invited_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(user.invited_at).toBeNull();
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["user_invited", "invitation_accepted"]);
    expect(await signIn(ctx.db, { identifier: email, password: "a-long-enough-password" }, later(180_000))).toMatchObject({ ok: true });
    expect(await signIn(ctx.db, { identifier: username, password: "a-long-enough-password" }, later(180_000))).toMatchObject({ ok: true });
    // Accepted: nothing to resend.
    expect(await resendInvitation(ctx.db, ctx.actors["alpen-hq"]!, id, mail())).toMatchObject({
      status: 409,
      problems: [{ key: "users.error.notInvited" }],
    });
  });

  it("works for 7 days and not a moment longer", async () => {
    const { token } = await invite();
    expect(await setPasswordWithLink(ctx.db, token, "invitation", "a-long-enough-password", later(INVITATION_TTL_MS))).toMatchObject({
      status: 410,
    });
    const second = await invite();
    expect(await setPasswordWithLink(ctx.db, second.token, "invitation", "a-long-enough-password", later(INVITATION_TTL_MS - 1))).toEqual({
      ok: true,
    });
  });

  it("is no reset link, and a reset link is no invitation", async () => {
    const { token, email } = await invite();
    expect(await resetPassword(ctx.db, token, "a-long-enough-password", NOW)).toMatchObject({ status: 410 });
    await requestPasswordReset(ctx.db, email, mail());
    const reset = await ctx.db
      .selectFrom("email_outbox")
      .select("text_body")
      .where("to_address", "=", email)
      .where("kind", "=", "password_reset")
      .executeTakeFirstOrThrow();
    const resetToken = /\/reset\/(\S+)/.exec(reset.text_body)![1]!;
    expect(await setPasswordWithLink(ctx.db, resetToken, "invitation", "a-long-enough-password", NOW)).toMatchObject({ status: 410 });
    // The invitation still works after a reset was asked for, and spends nothing of the reset's limit.
    expect(await setPasswordWithLink(ctx.db, token, "invitation", "a-long-enough-password", NOW)).toEqual({ ok: true });
  });

  it("a reset by the invited user also settles the invitation", async () => {
    const { token, email, userId: id } = await invite();
    await requestPasswordReset(ctx.db, email, mail());
    const reset = await ctx.db
      .selectFrom("email_outbox")
      .select("text_body")
      .where("to_address", "=", email)
      .where("kind", "=", "password_reset")
      .executeTakeFirstOrThrow();
    expect(await resetPassword(ctx.db, /\/reset\/(\S+)/.exec(reset.text_body)![1]!, "a-long-enough-password", NOW)).toEqual({ ok: true });
    expect(await setPasswordWithLink(ctx.db, token, "invitation", "another-long-password", NOW)).toMatchObject({ status: 410 });
    const user = await ctx.db.selectFrom("users").select("invited_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(user.invited_at).toBeNull();
  });
});

describe("resending", () => {
  it("sends a new link, the earlier one stops working; at most 3 an hour", async () => {
    const alpen = ctx.actors["alpen-hq"]!;
    const { userId: id, token: first, email } = await invite();
    expect(await resendInvitation(ctx.db, alpen, id, mail(later(1000)))).toEqual({ ok: true });
    const second = await latestInvitationToken(email);
    expect(second).not.toBe(first);
    expect(await setPasswordWithLink(ctx.db, first, "invitation", "a-long-enough-password", later(2000))).toMatchObject({ status: 410 });
    expect(await resendInvitation(ctx.db, alpen, id, mail(later(3000)))).toEqual({ ok: true });
    expect(await resendInvitation(ctx.db, alpen, id, mail(later(4000)))).toMatchObject({
      status: 429,
      problems: [{ key: "users.error.tooManyInvitations" }],
    });
    // The refused resend spent nothing: the last link still works.
    const third = await latestInvitationToken(email);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["user_invited", "invitation_resent", "invitation_resent"]);
    expect(await setPasswordWithLink(ctx.db, third, "invitation", "a-long-enough-password", later(5000))).toEqual({ ok: true });
  });
});

describe("changing role and accounts", () => {
  it("saves only what changed and audits it; the user's next request sees it", async () => {
    const alpen = ctx.actors["alpen-hq"]!;
    const { userId: id, username } = await invite("location", [account("alpen-vie")]);
    const both = [account("alpen-vie"), account("alpen-gap")];
    expect(await changeUserAccess(ctx.db, alpen, id, { role: "location", accounts: both }, NOW)).toEqual({ ok: true, changed: true });
    expect([...(await actorOf(username)).assignedAccountIds].sort()).toEqual([...both].sort());
    expect(await changeUserAccess(ctx.db, alpen, id, { role: "location", accounts: [...both].reverse() }, NOW)).toEqual({
      ok: true,
      changed: false,
    });
    expect(await changeUserAccess(ctx.db, alpen, id, { role: "head_office", accounts: both }, NOW)).toEqual({ ok: true, changed: true });
    const actor = await actorOf(username);
    expect(actor).toMatchObject({ role: "head_office", assignedAccountIds: [] });
    const audit = (await auditOf(id)).filter((a) => a.action === "user_access_changed");
    expect(audit.map((a) => a.details)).toEqual([
      { accounts: { from: [account("alpen-vie")], to: [...both].sort((a, b) => a - b) } },
      { role: { from: "location", to: "head_office" }, accounts: { from: [...both].sort((a, b) => a - b), to: [] } },
    ]);
  });
});

describe("the last active org_admin", () => {
  it("cannot demote or deactivate themselves; with a second admin, either can step down", async () => {
    const harbor = ctx.actors["harbor-hq"]!;
    const self = userId("harbor-hq");
    expect(await changeUserAccess(ctx.db, harbor, self, { role: "head_office", accounts: [] }, NOW)).toEqual({
      ok: false,
      status: 409,
      problems: [{ field: "role", key: "users.error.lastAdmin" }],
    });
    expect(await setOrganisationUserActive(ctx.db, harbor, self, false, NOW)).toMatchObject({
      status: 409,
      problems: [{ key: "users.error.selfDeactivate" }],
    });
    expect((await actorOf("harbor-hq")).role).toBe("org_admin");

    const second = await inviteUser(
      ctx.db,
      harbor,
      { displayName: "Second Admin", email: "second@harbor.example", role: "org_admin", accounts: [] },
      mail(),
    );
    if (!second.ok) throw new Error("invite refused");
    const secondActor = await actorOf(second.username);
    // The second deactivated: harbor-hq is the last active one again.
    expect(await setOrganisationUserActive(ctx.db, harbor, second.userId, false, NOW)).toEqual({ ok: true, changed: true });
    expect(await changeUserAccess(ctx.db, harbor, self, { role: "head_office", accounts: [] }, NOW)).toMatchObject({ status: 409 });
    expect(await setOrganisationUserActive(ctx.db, harbor, second.userId, true, NOW)).toEqual({ ok: true, changed: true });
    expect(await changeUserAccess(ctx.db, secondActor, self, { role: "head_office", accounts: [] }, NOW)).toEqual({
      ok: true,
      changed: true,
    });
    // Now the second is the last one, and cannot be deactivated by anyone.
    expect(
      await changeUserAccess(ctx.db, secondActor, second.userId, { role: "location", accounts: [account("harbor-bos")] }, NOW),
    ).toMatchObject({
      status: 409,
    });
  });
});

describe("deactivating", () => {
  it("ends every session of the user at once, spends open links, and is audited; reactivation lets them in again", async () => {
    const alpen = ctx.actors["alpen-hq"]!;
    const { userId: id, token } = await invite();
    const session = await createSession(ctx.db, id, NOW);
    expect(await validateSessionToken(ctx.db, session.token, NOW)).not.toBeNull();
    expect(await setOrganisationUserActive(ctx.db, alpen, id, false, NOW)).toEqual({ ok: true, changed: true });
    expect(await validateSessionToken(ctx.db, session.token, NOW)).toBeNull();
    expect(await ctx.db.selectFrom("sessions").select("id").where("user_id", "=", id).execute()).toEqual([]);
    expect(await setPasswordWithLink(ctx.db, token, "invitation", "a-long-enough-password", NOW)).toMatchObject({ status: 410 });
    expect(await resendInvitation(ctx.db, alpen, id, mail())).toMatchObject({ status: 409, problems: [{ key: "users.error.inactive" }] });
    expect(await setOrganisationUserActive(ctx.db, alpen, id, false, NOW)).toEqual({ ok: true, changed: false });
    expect(await setOrganisationUserActive(ctx.db, alpen, id, true, NOW)).toEqual({ ok: true, changed: true });
    expect((await auditOf(id)).map((a) => [a.action, a.actor])).toEqual([
      ["user_invited", userId("alpen-hq")],
      ["user_deactivated", userId("alpen-hq")],
      ["user_reactivated", userId("alpen-hq")],
    ]);
    // Still invited: a fresh link can go out.
    expect(await resendInvitation(ctx.db, alpen, id, mail(later(1000)))).toEqual({ ok: true });
  });
});

describe("the list", () => {
  it("pages through every user of the organisation exactly once, in name order, and no one else's", async () => {
    const noord = idOf(ctx.ids.organisations, "noord");
    // Enough for several pages, with names that tie and wildcards of `like`.
    for (let i = 0; i < USERS_PAGE_SIZE * 2 + 7; i++) {
      await ctx.db
        .insertInto("users")
        .values({
          username: `bulk-${i}`,
          email: `bulk-${i}@noordzee.example`,
          display_name: i % 3 === 0 ? "Same Name" : `Bulk ${String(i).padStart(3, "0")}${i === 5 ? " 50%_off" : ""}`,
          role: "head_office",
          organisation_id: noord,
          password_hash: "x",
          created_at: NOW.toISOString(),
        })
        .execute();
    }
    const admin = ctx.db;
    // noord has no org_admin in the demo: make one for this test.
    await admin.updateTable("users").set({ role: "org_admin" }).where("username", "=", "bulk-1").execute();
    const actor = await actorOf("bulk-1");
    const seen: { id: number; displayName: string }[] = [];
    let afterId: number | null = null;
    let pages = 0;
    do {
      const page = await loadOrganisationUsers(ctx.db, actor, { search: "", afterId });
      if (!page.ok) throw new Error("refused");
      expect(page.users.length).toBeLessThanOrEqual(USERS_PAGE_SIZE);
      seen.push(...page.users);
      afterId = page.nextAfter;
      pages++;
    } while (afterId !== null && pages < 10);
    const all = await ctx.db
      .selectFrom("users")
      .select(["id", "display_name"])
      .where("organisation_id", "=", noord)
      .orderBy("display_name")
      .orderBy("id")
      .execute();
    expect(pages).toBe(3);
    expect(seen.map((u) => u.id)).toEqual(all.map((u) => u.id));
    expect(new Set(seen.map((u) => u.id)).size).toBe(seen.length);
  });

  it("searches name, username and email ignoring case; % and _ are plain characters", async () => {
    const actor = await actorOf("bulk-1");
    const names = async (search: string) => {
      const page = await loadOrganisationUsers(ctx.db, actor, { search, afterId: null });
      if (!page.ok) throw new Error("refused");
      return page.users.map((u) => u.username);
    };
    expect(await names("DAAN")).toEqual(["noord-ams"]);
    expect(await names("NOORD-HQ@")).toEqual(["noord-hq"]);
    expect(await names("50%_")).toEqual(["bulk-5"]);
    expect(await names("%")).toEqual(["bulk-5"]);
    expect(await names("bulk-10")).toEqual(expect.arrayContaining(["bulk-10", "bulk-100", "bulk-101"]));
    // Alpenblick's users are not Noordzee's.
    expect(await names("alpen")).toEqual([]);
  });
});
