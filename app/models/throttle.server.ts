import type { DB } from "../../db/connection";
import type { ThrottleState } from "~/domain/sign-in";

// Failed attempts per identifier (a sign-in name, or a user's password-change key): the state
// the rules in app/domain/sign-in.ts decide on.

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
