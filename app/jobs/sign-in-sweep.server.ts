import type { DB } from "../../db/connection";
import { FAILURE_MEMORY_MS, RESET_EMAIL_WINDOW_MS } from "~/domain/sign-in";
import type { Job } from "~/services/job-runs.server";

/**
 * What sign-in leaves behind and nothing reads any more: throttle rows whose failures are forgiven
 * (a quiet hour, no lock), expired sessions, and reset links that have expired or were spent
 * (kept as long as they count towards the reset emails of the hour, however short their life). Rate-limit rows are cleared
 * by rate-limiter-flexible itself (app/utils/rate-limit.server.ts).
 */
export async function sweepSignInLeftovers(db: DB, now: Date): Promise<{ throttles: number; sessions: number; resetLinks: number }> {
  const nowIso = now.toISOString();
  const forgiven = new Date(now.getTime() - FAILURE_MEMORY_MS).toISOString();
  const countedUntil = new Date(now.getTime() - RESET_EMAIL_WINDOW_MS).toISOString();
  const throttles = await db
    .deleteFrom("login_throttle")
    .where("last_failure_at", "<", forgiven)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", nowIso)]))
    .executeTakeFirst();
  const sessions = await db.deleteFrom("sessions").where("expires_at", "<=", nowIso).executeTakeFirst();
  const resetLinks = await db
    .deleteFrom("password_reset_tokens")
    .where("created_at", "<=", countedUntil)
    .where((eb) => eb.or([eb("expires_at", "<=", nowIso), eb("used_at", "is not", null)]))
    .executeTakeFirst();
  return {
    throttles: Number(throttles.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    resetLinks: Number(resetLinks.numDeletedRows),
  };
}

export const signInSweepJob: Job = {
  name: "sign-in-sweep",
  everyMs: 60 * 60 * 1000,
  runsAlone: true,
  run: (db: DB, now: Date) => sweepSignInLeftovers(db, now),
};
