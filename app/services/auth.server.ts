import { hash, verify } from "@node-rs/argon2";
import type { DB } from "../../db/connection";
import type { TokenPurpose, User } from "../../db/schema";
import {
  MAX_IDENTIFIER_LENGTH,
  MAX_PASSWORD_LENGTH,
  MAX_RESET_EMAILS_PER_HOUR,
  normaliseIdentifier,
  PASSWORD_RESET_TTL_MS,
  passwordProblems,
  RESET_EMAIL_WINDOW_MS,
  type PasswordProblem,
} from "~/domain/sign-in";
import { isLocale, translate, type MessageKey, type Params } from "~/i18n";
import { recordAudit } from "~/models/audit.server";
import { enqueueEmail } from "~/models/outbox.server";
import { lockKey } from "~/models/locks.server";
import { clearThrottle, countThrottledAttempt, signInThrottleKey } from "~/models/throttle.server";
import { findUserByEmail, findUserByIdentifier, setPasswordHash, settleInvitation } from "~/models/user.server";
import {
  createSession,
  generateSecureRandomString,
  hashSecret,
  invalidateUserSessions,
  secretMatches,
  splitToken,
} from "~/utils/session.server";
import { refused, type Refused, type ServiceResult } from "./result";

// argon2id with the library's defaults (19 MiB, 2 passes), OWASP's baseline.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the user does not exist, so a wrong username costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

export type SignInResult = ServiceResult<{ user: User; token: string }>;

function signInRefused(status: Refused["status"], key: MessageKey, params?: Params): Refused {
  return refused(status, [{ field: "form", key, params }]);
}

const lockedFor = (until: Date, now: Date) =>
  signInRefused(429, "login.error.locked", { minutes: Math.ceil((until.getTime() - now.getTime()) / 60_000) });

export async function signIn(db: DB, input: { identifier: string; password: string }, now: Date): Promise<SignInResult> {
  const identifier = normaliseIdentifier(input.identifier);
  if (!identifier || !input.password) return signInRefused(400, "login.error.required");
  if (identifier.length > MAX_IDENTIFIER_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
    return signInRefused(400, "login.error.tooLong");
  }
  // Throttled per user, whichever name was typed; an unknown name by its spelling, with the same
  // answers, so they reveal nothing. Counted before the password is checked: parallel guesses
  // cannot all pass a count that none of them has written yet.
  const found = await findUserByIdentifier(db, identifier);
  const throttleKey = signInThrottleKey(found, identifier);
  const { verdict, state } = await countThrottledAttempt(db, throttleKey, now);
  if (verdict.kind === "locked") return lockedFor(verdict.until, now);
  if (verdict.kind === "wait") return signInRefused(429, "login.error.slowDown", { seconds: verdict.seconds });

  // A deactivated user is refused like a wrong password (and costs as long).
  const user = found?.deactivated_at ? undefined : found;
  decoyHash ??= hashPassword(generateSecureRandomString());
  const valid = user ? await verify(user.password_hash, input.password) : (await verify(await decoyHash, input.password)) && false;
  if (!user || !valid) {
    // Known users only: their organisation's trail shows the failure (and the lock it caused).
    if (found) {
      const reason = found.deactivated_at ? "deactivated" : "password";
      await recordAudit(
        db,
        { actorUserId: null, action: "sign_in_failed", entityType: "user", entityId: found.id, details: { reason } },
        now,
      );
      if (state.lockedUntil) {
        const details = { failures: state.failures, until: state.lockedUntil.toISOString() };
        await recordAudit(db, { actorUserId: null, action: "sign_in_locked", entityType: "user", entityId: found.id, details }, now);
      }
    }
    if (state.lockedUntil) return lockedFor(state.lockedUntil, now);
    return signInRefused(401, "login.error.invalid");
  }
  await clearThrottle(db, throttleKey);
  const { token } = await createSession(db, user.id, now);
  await recordAudit(db, { actorUserId: user.id, action: "signed_in", entityType: "user", entityId: user.id }, now);
  return { ok: true, user, token };
}

/**
 * "Forgot username or password": one email with the username and a single-use link valid for an
 * hour, at most a few an hour per user. Says nothing about whether the address is registered (or
 * whether this one was sent): the caller shows the same answer.
 */
export interface IssuedLink {
  id: string;
  /** The full URL for the email. */
  link: string;
}

/**
 * A single-use set-password link for one purpose: `/reset/...` for a reset, `/invite/...` for an
 * invitation; a link only works on its own page. The count of the user's links of that purpose
 * within the window and the new link are one statement, so parallel requests cannot both slip
 * under the limit. Null when the limit is reached. Runs in the caller's transaction.
 */
export async function issuePasswordLink(
  trx: DB,
  userId: number,
  purpose: TokenPurpose,
  options: { now: Date; appUrl: string; ttlMs: number; max: number; windowMs: number },
): Promise<IssuedLink | null> {
  const { now } = options;
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  // The count and the new link in one statement under the user's lock for this purpose (PostgreSQL:
  // an advisory lock; SQLite's transaction holds the write lock already).
  await lockKey(trx, purpose === "reset" ? `password-reset:${userId}` : `invitation:${userId}`);
  const windowStart = new Date(now.getTime() - options.windowMs).toISOString();
  const created = await trx
    .insertInto("password_reset_tokens")
    .columns(["id", "user_id", "secret_hash", "created_at", "expires_at", "purpose"])
    .expression(
      trx
        .selectNoFrom((eb) => [
          eb.val(id).as("id"),
          eb.val(userId).as("user_id"),
          eb.val(hashSecret(secret)).as("secret_hash"),
          eb.val(now.toISOString()).as("created_at"),
          eb.val(new Date(now.getTime() + options.ttlMs).toISOString()).as("expires_at"),
          eb.val(purpose).as("purpose"),
        ])
        .where(
          (eb) =>
            eb
              .selectFrom("password_reset_tokens")
              .select((e) => e.fn.countAll<number>().as("n"))
              .where("user_id", "=", userId)
              .where("purpose", "=", purpose)
              .where("created_at", ">", windowStart),
          "<",
          options.max,
        ),
    )
    .executeTakeFirst();
  if (Number(created.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
  const page = purpose === "invitation" ? "invite" : "reset";
  return { id, link: new URL(`/${page}/${id}.${secret}`, options.appUrl).toString() };
}

/**
 * "Forgot username or password": one email with the username and a single-use link valid for an
 * hour, at most a few an hour per user. Says nothing about whether the address is registered (or
 * whether this one was sent): the caller shows the same answer.
 */
export async function requestPasswordReset(db: DB, email: string, options: { now: Date; appUrl: string }): Promise<void> {
  const user = await findUserByEmail(db, normaliseIdentifier(email));
  if (!user || user.deactivated_at) return;
  const { now } = options;
  const locale = isLocale(user.locale) ? user.locale : "en";
  await db.transaction().execute(async (trx) => {
    const issued = await issuePasswordLink(trx, user.id, "reset", {
      ...options,
      ttlMs: PASSWORD_RESET_TTL_MS,
      max: MAX_RESET_EMAILS_PER_HOUR,
      windowMs: RESET_EMAIL_WINDOW_MS,
    });
    if (!issued) return;
    await enqueueEmail(
      trx,
      {
        idempotencyKey: `password-reset:${issued.id}`,
        kind: "password_reset",
        to: user.email,
        subject: translate(locale, "email.reset.subject"),
        text: translate(locale, "email.reset.body", { name: user.display_name, username: user.username, link: issued.link }),
      },
      now,
    );
    await recordAudit(trx, { actorUserId: null, action: "password_reset_requested", entityType: "user", entityId: user.id }, now);
  });
}

async function findUsableLink(db: DB, token: string, purpose: TokenPurpose, now: Date) {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db
    .selectFrom("password_reset_tokens")
    .selectAll()
    .where("id", "=", parts.id)
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row || row.used_at || new Date(row.expires_at).getTime() <= now.getTime()) return null;
  return secretMatches(row.secret_hash, parts.secret) ? row : null;
}

export async function isResetTokenUsable(db: DB, token: string, now: Date, purpose: TokenPurpose = "reset"): Promise<boolean> {
  return (await findUsableLink(db, token, purpose, now)) !== null;
}

export type ResetResult = ServiceResult;

/** The link is unknown, forged, spent or expired: 410, the same answer for each. */
const resetLinkGone = (): Refused => refused(410, [{ field: "form", key: "reset.invalid" }]);

const passwordRefused = (problems: PasswordProblem[]): Refused =>
  refused(
    400,
    problems.map((p) => ({ field: "password", key: `password.error.${p}` as MessageKey })),
  );

/** Sets a new password with a reset token; the token is spent and every session of the user ends. */
export function resetPassword(db: DB, token: string, newPassword: string, now: Date): Promise<ResetResult> {
  return setPasswordWithLink(db, token, "reset", newPassword, now);
}

/**
 * Sets a password through a link of the given purpose. The link is spent, and so is every open
 * invitation of the user (they have a password now); every session of the user ends.
 */
export async function setPasswordWithLink(
  db: DB,
  token: string,
  purpose: TokenPurpose,
  newPassword: string,
  now: Date,
): Promise<ResetResult> {
  const row = await findUsableLink(db, token, purpose, now);
  if (!row) return resetLinkGone();
  const user = await db.selectFrom("users").select(["id", "username", "email"]).where("id", "=", row.user_id).executeTakeFirstOrThrow();
  const problems = passwordProblems(newPassword, user.username);
  if (problems.length > 0) return passwordRefused(problems);
  const passwordHash = await hashPassword(newPassword);
  return db.transaction().execute(async (trx) => {
    // Spend the token only if nobody spent it meanwhile and it is still alive, checked by the write itself.
    const spent = await trx
      .updateTable("password_reset_tokens")
      .set({ used_at: now.toISOString() })
      .where("id", "=", row.id)
      .where("used_at", "is", null)
      .where("expires_at", ">", now.toISOString())
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return resetLinkGone();
    await setPasswordHash(trx, user.id, passwordHash);
    await settleInvitation(trx, user.id, now);
    await invalidateUserSessions(trx, user.id);
    await clearThrottle(trx, signInThrottleKey(user, user.username));
    await recordAudit(
      trx,
      {
        actorUserId: user.id,
        action: purpose === "invitation" ? "invitation_accepted" : "password_reset",
        entityType: "user",
        entityId: user.id,
      },
      now,
    );
    return { ok: true };
  });
}
