import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { createCookie } from "@remix-run/node";
import type { DB } from "../../db/connection";
import type { User } from "../../db/schema";
import { SESSION_IDLE_MS, sessionRenewal } from "~/domain/sign-in";
import { getEnv } from "./env.server";
import { generateSecureRandomString } from "./random.server";

// Sessions after Lucia's guide (lucia-auth.com, "Basic session implementation"): the cookie holds
// "<id>.<secret>", the database only the id and a SHA-256 of the secret, compared in constant time.
// A row per session makes every session revocable.

export { generateSecureRandomString };

export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Splits "<id>.<secret>" and checks the secret against the stored hash in constant time. */
export function secretMatches(storedHash: string, secret: string): boolean {
  const given = new TextEncoder().encode(hashSecret(secret));
  const stored = new TextEncoder().encode(storedHash);
  return given.length === stored.length && constantTimeEqual(given, stored);
}

export function splitToken(token: string): { id: string; secret: string } | null {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 200) return null;
  return { id: parts[0], secret: parts[1] };
}

export async function createSession(db: DB, userId: number, now: Date): Promise<{ token: string; id: string }> {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  await db
    .insertInto("sessions")
    .values({
      id,
      user_id: userId,
      secret_hash: hashSecret(secret),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
    })
    .execute();
  return { token: `${id}.${secret}`, id };
}

export interface ValidSession {
  sessionId: string;
  user: User;
}

export async function validateSessionToken(db: DB, token: string, now: Date): Promise<ValidSession | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select(["sessions.id as session_id", "sessions.secret_hash", "sessions.expires_at"])
    .where("sessions.id", "=", parts.id)
    .where("users.deactivated_at", "is", null)
    .executeTakeFirst();
  if (!row || !secretMatches(row.secret_hash, parts.secret)) return null;
  const expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= now.getTime()) {
    await invalidateSession(db, row.session_id);
    return null;
  }
  const renewed = sessionRenewal(expiresAt, now);
  if (renewed) {
    await db.updateTable("sessions").set({ expires_at: renewed.toISOString() }).where("id", "=", row.session_id).execute();
  }
  const { session_id, secret_hash: _hash, expires_at: _expires, ...user } = row;
  return { sessionId: session_id, user };
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Signs a user out everywhere, optionally keeping the session that made the change. */
export async function invalidateUserSessions(db: DB, userId: number, keepSessionId?: string): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId) query = query.where("id", "!=", keepSessionId);
  await query.execute();
}

// No Max-Age: the browser forgets the cookie when it closes; the row's sliding expiry does the rest.
export const sessionCookie = createCookie("portal_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  // Read through getEnv(), not process.env.NODE_ENV: the build writes "production" into that
  // expression, which would make the cookie Secure on every plain-HTTP demo machine.
  secure: getEnv().NODE_ENV === "production",
});

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}
