import { verify } from "@node-rs/argon2";
import type { DB } from "../../db/connection";
import type { User } from "../../db/schema";
import { canManageOrganisation, type Actor, type DisputeHandling } from "~/domain/permissions";
import { afterFailure, passwordProblems, throttleVerdict } from "~/domain/sign-in";
import { isLocale, translate, type Locale, type MessageKey } from "~/i18n";
import { isUniqueViolation } from "~/models/constraint-errors.server";
import { recordAudit } from "~/models/audit.server";
import { enqueueEmail } from "~/models/outbox.server";
import {
  emailTakenByOther,
  loadCompany,
  loadProfile,
  lockOrganisationForHandlingChange,
  passwordChangeThrottleKey,
  saveCompanyDetails,
  saveDisputeHandling,
  saveProfile,
  type CompanyDetails,
  type ProfileRow,
} from "~/models/profile.server";
import { clearThrottle, loadThrottle, saveThrottle } from "~/models/throttle.server";
import { setPasswordHash } from "~/models/user.server";
import { invalidateUserSessions } from "~/utils/session.server";
import { hashPassword } from "./auth.server";
import { forbidden, refused, type ServiceResult } from "./result";

export type SettingsResult = ServiceResult<{ changed: boolean }>;

const notAllowed = () => forbidden("error.forbidden");

function inTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Field → { from, to } for what differs, for the audit trail. */
function differences<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): Record<string, { from: unknown; to: unknown }> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    if (before[field] !== after[field]) changed[String(field)] = { from: before[field], to: after[field] };
  }
  return changed;
}

export interface ProfileInput {
  email: string;
  preferredContact: ProfileRow["preferredContact"];
  phone: string;
  language: "auto" | Locale;
}

/** The profile form as the user left it last time. */
export async function loadProfileForm(db: DB, userId: number): Promise<ServiceResult<{ values: Record<keyof ProfileInput, string> }>> {
  const profile = await loadProfile(db, userId);
  if (!profile) return refused(404, [{ field: "form", key: "error.notFound" }]);
  return {
    ok: true,
    values: {
      email: profile.email,
      preferredContact: profile.preferredContact,
      phone: profile.phone ?? "",
      language: profile.locale ?? "auto",
    },
  };
}

/** Email (unique), preferred contact method, phone and language of the signed-in user. */
export async function updateProfile(db: DB, userId: number, input: ProfileInput, now: Date): Promise<SettingsResult> {
  const after: ProfileRow = {
    email: input.email.trim().toLowerCase(),
    preferredContact: input.preferredContact,
    phone: input.phone.trim() === "" ? null : input.phone.trim(),
    locale: input.language === "auto" ? null : input.language,
  };
  const taken = refused(409, [{ field: "email", key: "settings.error.emailTaken" }]);
  try {
    return await inTransaction(db, async (trx) => {
      const before = await loadProfile(trx, userId);
      if (!before) return notAllowed();
      if (after.email !== before.email && (await emailTakenByOther(trx, after.email, userId))) return taken;
      const changed = differences(before, after, ["email", "preferredContact", "phone", "locale"]);
      if (Object.keys(changed).length === 0) return { ok: true, changed: false } as const;
      await saveProfile(trx, userId, after);
      await recordAudit(
        trx,
        { actorUserId: userId, action: "profile_updated", entityType: "user", entityId: userId, details: changed },
        now,
      );
      if (changed.email) {
        // Told at the old address, so a hijacked session cannot quietly take the account over.
        const locale = after.locale ?? before.locale ?? "en";
        await enqueueEmail(
          trx,
          {
            idempotencyKey: `email-changed:${userId}:${now.toISOString()}`,
            kind: "email_changed",
            to: before.email,
            subject: translate(locale, "email.emailChanged.subject"),
            text: translate(locale, "email.emailChanged.body", { name: before.displayName, email: after.email }),
          },
          now,
        );
      }
      return { ok: true, changed: true } as const;
    });
  } catch (error) {
    // Two users claiming the same address at once: the unique index decides.
    if (isUniqueViolation(error, "users", "email")) return taken;
    throw error;
  }
}

export interface PasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** Needs the current password; signs out every other session of the user, keeps this one. */
export async function changePassword(
  db: DB,
  user: Pick<User, "id" | "username" | "password_hash" | "email" | "display_name" | "locale">,
  keepSessionId: string,
  input: PasswordInput,
  now: Date,
): Promise<SettingsResult> {
  const throttleKey = passwordChangeThrottleKey(user.id);
  const throttle = await loadThrottle(db, throttleKey);
  if (throttleVerdict(throttle, now).kind !== "allowed") {
    return refused(429, [{ field: "currentPassword", key: "settings.error.tooManyAttempts" }]);
  }
  if (!(await verify(user.password_hash, input.currentPassword))) {
    await saveThrottle(db, throttleKey, afterFailure(throttle, now));
    return refused(400, [{ field: "currentPassword", key: "settings.error.currentWrong" }]);
  }
  const problems = passwordProblems(input.newPassword, user.username);
  if (problems.length > 0) return refused(400, [{ field: "newPassword", key: `password.error.${problems[0]}` as MessageKey }]);
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(db, async (trx) => {
    await setPasswordHash(trx, user.id, passwordHash);
    await clearThrottle(trx, throttleKey);
    await invalidateUserSessions(trx, user.id, keepSessionId);
    await recordAudit(trx, { actorUserId: user.id, action: "password_changed", entityType: "user", entityId: user.id }, now);
    const locale = isLocale(user.locale) ? user.locale : "en";
    await enqueueEmail(
      trx,
      {
        idempotencyKey: `password-changed:${user.id}:${now.toISOString()}`,
        kind: "password_changed",
        to: user.email,
        subject: translate(locale, "email.passwordChanged.subject"),
        text: translate(locale, "email.passwordChanged.body", { name: user.display_name }),
      },
      now,
    );
  });
  return { ok: true, changed: true };
}

/** The organisation page of an org_admin: company details and dispute handling. */
export async function loadOrganisationSettings(db: DB, actor: Actor): Promise<ServiceResult<{ company: CompanyDetails }>> {
  const organisationId = actor.organisationId;
  if (organisationId === null || !canManageOrganisation(actor, organisationId)) return notAllowed();
  const company = await loadCompany(db, organisationId);
  return company ? { ok: true, company } : refused(404, [{ field: "form", key: "error.notFound" }]);
}

/** The org_admin's company details: legal name, address, VAT id. Old and new values go to the audit log. */
export async function updateCompanyDetails(
  db: DB,
  actor: Actor,
  input: { legalName: string; address: string; vatId: string },
  now: Date,
): Promise<SettingsResult> {
  const organisationId = actor.organisationId;
  if (organisationId === null || !canManageOrganisation(actor, organisationId)) return notAllowed();
  return inTransaction(db, async (trx) => {
    const before = await loadCompany(trx, organisationId);
    if (!before) return notAllowed();
    const after: CompanyDetails = {
      ...before,
      legalName: input.legalName,
      address: input.address,
      vatId: input.vatId === "" ? null : input.vatId,
    };
    const changed = differences(before, after, ["legalName", "address", "vatId"]);
    if (Object.keys(changed).length === 0) return { ok: true, changed: false } as const;
    await saveCompanyDetails(trx, organisationId, after);
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "organisation_details_changed",
        entityType: "organisation",
        entityId: organisationId,
        details: changed,
      },
      now,
    );
    return { ok: true, changed: true } as const;
  });
}

/**
 * Central or local dispute handling. Permissions read the setting on every request, so open
 * cases follow the new setting at once; the audit log keeps the old and the new value.
 */
export async function changeDisputeHandling(db: DB, actor: Actor, handling: DisputeHandling, now: Date): Promise<SettingsResult> {
  const organisationId = actor.organisationId;
  if (organisationId === null || !canManageOrganisation(actor, organisationId)) return notAllowed();
  return inTransaction(db, async (trx) => {
    // Answers read the handling `for share` in their own transaction (respond.server.ts).
    await lockOrganisationForHandlingChange(trx, organisationId);
    const before = await loadCompany(trx, organisationId);
    if (!before) return notAllowed();
    if (before.disputeHandling === handling) return { ok: true, changed: false } as const;
    await saveDisputeHandling(trx, organisationId, handling);
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        action: "dispute_handling_changed",
        entityType: "organisation",
        entityId: organisationId,
        details: { dispute_handling: { from: before.disputeHandling, to: handling } },
      },
      now,
    );
    return { ok: true, changed: true } as const;
  });
}
