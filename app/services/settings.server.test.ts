import { verify } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/connection";
import { DEMO_PASSWORD, idOf, seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { createTestDatabase } from "../../tests/setup/db";
import { companySchema, handlingSchema, passwordSchema, profileSchema } from "~/forms/settings";
import { loadActor } from "~/models/user.server";
import { createSession } from "~/utils/session.server";
import { hashPassword } from "./auth.server";
import { changeDisputeHandling, changePassword, updateCompanyDetails, updateProfile } from "./settings.server";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;
let ids: SeededIds;
const now = new Date("2026-11-23T10:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  ids = await seedOrganisationsAndUsers(db, now, hashPassword);
});
afterAll(async () => {
  await test.destroy();
});

const userRow = (username: string) => db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
const profile = { email: "max.bauer@alpenblick.example", preferredContact: "email", phone: "", language: "auto" };

describe("profile", () => {
  it("the form checks the email address, the phone number and the contact method", () => {
    const errorsOf = (input: Record<string, string>) => {
      const result = profileSchema.safeParse(input);
      return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(errorsOf({ ...profile, email: "not-an-address" })).toEqual({ email: "settings.error.email" });
    expect(errorsOf({ ...profile, email: "a@b" })).toEqual({ email: "settings.error.email" });
    expect(errorsOf({ ...profile, preferredContact: "pigeon" })).toEqual({ preferredContact: "settings.error.contact" });
    expect(errorsOf({ ...profile, preferredContact: "phone" })).toEqual({ phone: "settings.error.phoneRequired" });
    expect(errorsOf({ ...profile, phone: "call me" })).toEqual({ phone: "settings.error.phone" });
    expect(errorsOf({ ...profile, language: "fr" })).toEqual({ language: "settings.error.language" });
    expect(
      profileSchema.parse({ ...profile, email: "  Max.Bauer@Alpenblick.Example ", preferredContact: "phone", phone: "+49 89 1234567" }),
    ).toMatchObject({
      email: "max.bauer@alpenblick.example",
      phone: "+49 89 1234567",
    });
  });

  it("saves the profile and records what changed", async () => {
    const id = idOf(ids.users, "alpen-muc");
    const result = await updateProfile(
      db,
      id,
      { ...profile, preferredContact: "phone", phone: "+49 89 1234567", language: "de" } as never,
      now,
    );
    expect(result).toEqual({ ok: true, changed: true });
    expect(await userRow("alpen-muc")).toMatchObject({
      email: profile.email,
      preferred_contact: "phone",
      phone: "+49 89 1234567",
      locale: "de",
    });
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "profile_updated")
      .where("entity_id", "=", String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({
      email: { from: "alpen-muc@alpenblick.example", to: profile.email },
      locale: { from: null, to: "de" },
    });
    // The old address is told, in the user's language, in the same transaction.
    const mail = await db.selectFrom("email_outbox").selectAll().where("kind", "=", "email_changed").executeTakeFirstOrThrow();
    expect(mail).toMatchObject({
      to_address: "alpen-muc@alpenblick.example",
      subject: "Ihre E-Mail-Adresse im Dispute-Portal wurde geändert",
    });
    expect(mail.text_body).toContain(profile.email);
    // Saving the same again is not a change.
    expect(
      await updateProfile(db, id, { ...profile, preferredContact: "phone", phone: "+49 89 1234567", language: "de" } as never, now),
    ).toEqual({ ok: true, changed: false });
  });

  it("refuses an email address another user has (409), whatever its case", async () => {
    const result = await updateProfile(
      db,
      idOf(ids.users, "noord-ams"),
      { ...profile, email: "ALPEN-HQ@alpenblick.example" } as never,
      now,
    );
    expect(result).toEqual({ ok: false, status: 409, problems: [{ field: "email", key: "settings.error.emailTaken" }] });
    expect((await userRow("noord-ams")).email).toBe("noord-ams@noordzee.example");
  });
});

describe("password", () => {
  it("the form wants the current password, 12+ characters and the same password twice", () => {
    const result = passwordSchema.safeParse({ currentPassword: "", newPassword: "short", confirm: "other" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(messages).toMatchObject({ currentPassword: "settings.error.currentRequired", newPassword: "password.error.tooShort" });
  });

  it("refuses a wrong current password and a weak new one, changing nothing", async () => {
    const user = await userRow("noord-ams");
    const { id: sessionId } = await createSession(db, user.id, now);
    expect(
      await changePassword(db, user, sessionId, { currentPassword: "wrong-password-1", newPassword: "a-good-new-passphrase" }, now),
    ).toEqual({
      ok: false,
      status: 400,
      problems: [{ field: "currentPassword", key: "settings.error.currentWrong" }],
    });
    expect(
      await changePassword(db, user, sessionId, { currentPassword: DEMO_PASSWORD, newPassword: "my-noord-ams-password" }, now),
    ).toEqual({
      ok: false,
      status: 400,
      problems: [{ field: "newPassword", key: "password.error.username" }],
    });
    expect(await changePassword(db, user, sessionId, { currentPassword: DEMO_PASSWORD, newPassword: "short" }, now)).toMatchObject({
      ok: false,
      problems: [{ field: "newPassword", key: "password.error.tooShort" }],
    });
    expect((await userRow("noord-ams")).password_hash).toBe(user.password_hash);
  });

  it("slows down repeated wrong current passwords, like sign-in", async () => {
    const user = await userRow("alpen-hq");
    const { id: sessionId } = await createSession(db, user.id, now);
    const attempt = (at: Date) =>
      changePassword(db, user, sessionId, { currentPassword: "guess-guess-guess", newPassword: "a-good-new-passphrase" }, at);
    for (let i = 0; i < 5; i++)
      expect(await attempt(now)).toMatchObject({ problems: [{ field: "currentPassword", key: "settings.error.currentWrong" }] });
    // The sixth try right away must wait, even with the right password.
    expect(
      await changePassword(db, user, sessionId, { currentPassword: DEMO_PASSWORD, newPassword: "a-good-new-passphrase" }, now),
    ).toEqual({
      ok: false,
      status: 429,
      problems: [{ field: "currentPassword", key: "settings.error.tooManyAttempts" }],
    });
    // An hour later the slate is clean.
    expect(await attempt(new Date(now.getTime() + 61 * 60_000))).toMatchObject({ status: 400 });
  });

  it("changes the password and signs out every other session, keeping this one", async () => {
    const user = await userRow("harbor-hq");
    const here = await createSession(db, user.id, now);
    await createSession(db, user.id, now);
    await createSession(db, user.id, now);
    const someoneElse = await createSession(db, idOf(ids.users, "analyst"), now);
    const result = await changePassword(db, user, here.id, { currentPassword: DEMO_PASSWORD, newPassword: "a-good-new-passphrase" }, now);
    expect(result).toEqual({ ok: true, changed: true });
    const sessions = await db
      .selectFrom("sessions")
      .select(["id", "user_id"])
      .where("user_id", "in", [user.id, idOf(ids.users, "analyst")])
      .execute();
    expect(sessions.map((s) => s.id).sort()).toEqual([here.id, someoneElse.id].sort());
    const updated = await userRow("harbor-hq");
    expect(await verify(updated.password_hash, "a-good-new-passphrase")).toBe(true);
    expect(
      await db
        .selectFrom("audit_log")
        .select("id")
        .where("action", "=", "password_changed")
        .where("entity_id", "=", String(user.id))
        .execute(),
    ).toHaveLength(1);
    const mail = await db.selectFrom("email_outbox").selectAll().where("kind", "=", "password_changed").executeTakeFirstOrThrow();
    expect(mail.to_address).toBe("harbor-hq@harbor.example");
  });
});

describe("organisation", () => {
  it("checks company details: legal name, address and VAT id (optional, with a country prefix)", () => {
    const ok = companySchema.parse({
      intent: "details",
      legalName: "Alpenblick Hotels GmbH",
      address: "Maximilianstraße 12, 80539 München",
      vatId: "de 812 345 678",
    });
    expect(ok.vatId).toBe("DE812345678");
    expect(
      companySchema
        .safeParse({ intent: "details", legalName: "A", address: "x", vatId: "12345" })
        .error?.issues.map((i) => i.message)
        .sort(),
    ).toEqual(["settings.error.address", "settings.error.legalName", "settings.error.vatId"]);
    expect(handlingSchema.safeParse({ intent: "handling", handling: "anarchy" }).success).toBe(false);
  });

  it("the org_admin changes the company details; the audit log keeps old and new values", async () => {
    const actor = await loadActor(db, await userRow("alpen-hq"));
    const result = await updateCompanyDetails(
      db,
      actor,
      { legalName: "Alpenblick Hotels GmbH & Co. KG", address: "Maximilianstraße 12, 80539 München, Deutschland", vatId: "DE812345678" },
      now,
    );
    expect(result).toEqual({ ok: true, changed: true });
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "organisation_details_changed")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ legalName: { from: "Alpenblick Hotels GmbH", to: "Alpenblick Hotels GmbH & Co. KG" } });
  });

  it("changing central/local handling is recorded with the old and the new value, and applies at once", async () => {
    const actor = await loadActor(db, await userRow("alpen-hq"));
    const organisationId = idOf(ids.organisations, "alpen");
    expect(await changeDisputeHandling(db, actor, "local", now)).toEqual({ ok: true, changed: true });
    const row = await db.selectFrom("organisations").select("dispute_handling").where("id", "=", organisationId).executeTakeFirstOrThrow();
    expect(row.dispute_handling).toBe("local");
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "dispute_handling_changed")
      .where("entity_id", "=", String(organisationId))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: actor.userId, entity_type: "organisation", at: now.toISOString() });
    expect(JSON.parse(audit.details)).toEqual({ dispute_handling: { from: "central", to: "local" } });
    expect(await changeDisputeHandling(db, actor, "local", now)).toEqual({ ok: true, changed: false });
    await changeDisputeHandling(db, actor, "central", now);
  });

  it("head office without admin rights may change neither", async () => {
    const actor = await loadActor(db, await userRow("noord-hq"));
    expect(await changeDisputeHandling(db, actor, "central", now)).toMatchObject({ ok: false, status: 403 });
    expect(await updateCompanyDetails(db, actor, { legalName: "X B.V.", address: "Somewhere 1", vatId: "" }, now)).toMatchObject({
      ok: false,
      status: 403,
    });
  });
});
