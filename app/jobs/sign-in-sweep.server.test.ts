import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/connection";
import { idOf, seedOrganisationsAndUsers } from "../../db/demo/organisations";
import { createTestDatabase } from "../../tests/setup/db";
import { hashPassword } from "~/services/auth.server";
import { jobs } from "./scheduler.server";
import { sweepSignInLeftovers } from "./sign-in-sweep.server";

let db: DB;
let databaseEnv: Record<string, string>;
let destroy: () => Promise<void>;
let userId: number;
const now = new Date("2026-11-23T10:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

beforeAll(async () => {
  ({ db, env: databaseEnv, destroy } = await createTestDatabase());
  const ids = await seedOrganisationsAndUsers(db, now, hashPassword);
  userId = idOf(ids.users, "noord-ams");
});
afterAll(async () => destroy());

async function keys(table: "login_throttle" | "sessions" | "password_reset_tokens"): Promise<string[]> {
  const column = table === "login_throttle" ? "identifier" : "id";
  return (await db.selectFrom(table).select(`${column} as key`).orderBy("key").execute()).map((r) => r.key);
}

describe("the sign-in sweep", () => {
  it("removes forgiven throttle rows, expired sessions and spent or expired reset links, and keeps the rest", async () => {
    await db
      .insertInto("login_throttle")
      .values([
        { identifier: "forgiven", failures: 3, last_failure_at: ago(61), locked_until: null },
        { identifier: "recent", failures: 3, last_failure_at: ago(59), locked_until: null },
      ])
      .execute();
    const session = (id: string, expiresMinutesFromNow: number) => ({
      id,
      user_id: userId,
      secret_hash: "x",
      created_at: ago(60),
      expires_at: ago(-expiresMinutesFromNow),
    });
    await db
      .insertInto("sessions")
      .values([session("expired", -1), session("live", 60)])
      .execute();
    const link = (id: string, createdMinutesAgo: number, usedMinutesAgo: number | null) => ({
      id,
      user_id: userId,
      secret_hash: "x",
      created_at: ago(createdMinutesAgo),
      expires_at: ago(createdMinutesAgo - 60),
      used_at: usedMinutesAgo === null ? null : ago(usedMinutesAgo),
    });
    await db
      .insertInto("password_reset_tokens")
      .values([link("expired", 61, null), link("spent-long-ago", 90, 80), link("spent-this-hour", 20, 10), link("open", 20, null)])
      .execute();

    expect(await sweepSignInLeftovers(db, now)).toEqual({ throttles: 1, sessions: 1, resetLinks: 2 });
    expect(await keys("login_throttle")).toEqual(["recent"]);
    expect(await keys("sessions")).toEqual(["live"]);
    // A link spent this hour still counts towards the hour's reset emails.
    expect(await keys("password_reset_tokens")).toEqual(["open", "spent-this-hour"]);
  });

  it("runs on the server's timer and as `npm run jobs:sweep`, with the current time", async () => {
    expect(jobs.map((j) => j.name)).toContain("sign-in-sweep");
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    await db
      .insertInto("sessions")
      .values([
        { id: "cron-expired", user_id: userId, secret_hash: "x", created_at: inMinutes(-120), expires_at: inMinutes(-1) },
        { id: "cron-live", user_id: userId, secret_hash: "x", created_at: inMinutes(-1), expires_at: inMinutes(60) },
      ])
      .execute();
    const run = spawnSync(process.execPath, ["--import", "tsx", "app/jobs/run-sign-in-sweep.ts"], {
      env: { ...process.env, ...databaseEnv, NODE_ENV: "test" },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    // "live" above expired in 2026-11 by the wall clock too.
    expect(await keys("sessions")).toEqual(["cron-live"]);
  });
});
