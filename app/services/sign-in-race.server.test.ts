import { describe, expect, it } from "vitest";
import { race } from "../../tests/setup/concurrent";
import { useDisputesDatabase } from "../../tests/setup/disputes";
import { hashPassword } from "./auth.server";

// Issue 9, item 13, across processes: two server processes on one database file each count a
// wrong password before checking it. The race harness lets every side do all it reads before its
// first write, so a count read outside the write's lock is read by all sides at once and lost.

const NOW = new Date("2026-11-23T10:00:00Z");
const ctx = useDisputesDatabase(NOW, []);

describe("parallel wrong passwords for one user from several processes", () => {
  it("are each counted, by username and email alike", { timeout: 120_000 }, async () => {
    await ctx.db
      .updateTable("users")
      .set({ password_hash: await hashPassword("the-right-one") })
      .where("username", "=", "noord-ams")
      .execute();
    const guess = (identifier: string, i: number) =>
      ({ kind: "signIn", identifier, password: `guess-${i}`, now: NOW.toISOString() }) as const;
    const answers = await race(ctx.location, [
      guess("noord-ams", 1),
      guess("Noord-AMS@noordzee.example", 2),
      guess("noord-ams", 3),
      guess("noord-ams@noordzee.example", 4),
    ]);

    expect(answers.map((a) => a.ok && (a.value as { status?: number }).status)).toEqual([401, 401, 401, 401]);
    const rows = await ctx.db.selectFrom("login_throttle").select(["identifier", "failures"]).execute();
    expect(rows).toEqual([{ identifier: `sign-in:${ctx.ids.users["noord-ams"]}`, failures: 4 }]);
  });
});
