import type { DB } from "../../db/connection";
import { countAttempt, type ThrottleState, type ThrottleVerdict } from "~/domain/sign-in";
import { lockKey } from "./locks.server";

// Failed attempts per key (a user's sign-in key, an unknown sign-in name, or a user's
// password-change key): the state the rules in app/domain/sign-in.ts decide on.

/** Sign-in attempts are counted per user, whichever of their names was typed. */
export function signInThrottleKey(user: { id: number } | undefined, normalisedIdentifier: string): string {
  return user ? `sign-in:${user.id}` : `name:${normalisedIdentifier}`;
}

export async function loadThrottle(db: DB, identifier: string): Promise<ThrottleState | null> {
  const row = await db.selectFrom("login_throttle").selectAll().where("identifier", "=", identifier).executeTakeFirst();
  return row
    ? {
        failures: row.failures,
        lastFailureAt: new Date(row.last_failure_at),
        lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
      }
    : null;
}

/**
 * Counts one attempt for the key and says whether it may be checked, atomically: read and write in
 * one transaction under the key's lock, so parallel attempts (in this process or another one on
 * the same database) each see the count of the ones before.
 */
export async function countThrottledAttempt(
  db: DB,
  identifier: string,
  now: Date,
): Promise<{ verdict: ThrottleVerdict; state: ThrottleState }> {
  return db.transaction().execute(async (trx) => {
    await lockKey(trx, `login_throttle:${identifier}`);
    const { verdict, next } = countAttempt(await loadThrottle(trx, identifier), now);
    await saveThrottle(trx, identifier, next);
    return { verdict, state: next };
  });
}

export async function saveThrottle(db: DB, identifier: string, state: ThrottleState): Promise<void> {
  const values = {
    failures: state.failures,
    last_failure_at: state.lastFailureAt.toISOString(),
    locked_until: state.lockedUntil?.toISOString() ?? null,
  };
  await db
    .insertInto("login_throttle")
    .values({ identifier, ...values })
    .onConflict((oc) => oc.column("identifier").doUpdateSet(values))
    .execute();
}

export async function clearThrottle(db: DB, identifier: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("identifier", "=", identifier).execute();
}
