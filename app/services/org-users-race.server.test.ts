import { describe, expect, it } from "vitest";
import { race, type RaceAnswer } from "../../tests/setup/concurrent";
import type { RaceOperation } from "../../tests/setup/concurrent-child";
import { useDisputesDatabase } from "../../tests/setup/disputes";
import { idOf } from "../../db/demo/organisations";

// Issue 11, item 1, across processes: two org_admins of one organisation, each in a server
// process of its own, demote (or deactivate) each other at once. The race harness lets each side
// do everything it reads before its first write; a count of admins read outside the write's
// transaction would be read as 2 by both, and both would win, leaving the organisation with none.

const NOW = new Date("2026-12-03T10:00:00Z");
const ctx = useDisputesDatabase(NOW, []);

async function addSecondAdmin(username: string) {
  await ctx.db
    .insertInto("users")
    .values({
      username,
      email: `${username}@alpenblick.example`,
      display_name: username,
      role: "org_admin",
      organisation_id: idOf(ctx.ids.organisations, "alpen"),
      password_hash: "x",
      created_at: NOW.toISOString(),
    })
    .execute();
}

async function activeAdmins(): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom("users")
    .select("username")
    .where("organisation_id", "=", idOf(ctx.ids.organisations, "alpen"))
    .where("role", "=", "org_admin")
    .where("deactivated_at", "is", null)
    .execute();
  return rows.map((r) => r.username);
}

/** One side won, the other was refused because it would have removed the last admin. */
function oneWinsOneRefused(answers: RaceAnswer[]) {
  const values = answers.map((a) => (a.ok ? a.value : a.error));
  const won = values.filter((v) => (v as { ok?: boolean }).ok === true);
  const lost = values.filter((v) => (v as { ok?: boolean }).ok === false);
  expect(won, JSON.stringify(values)).toEqual([{ ok: true, changed: true }]);
  expect(lost).toEqual([{ ok: false, status: 409, problems: [{ field: "role", key: "users.error.lastAdmin" }] }]);
}

describe("two org_admins removing each other at once, from two processes", () => {
  it("demoting each other: exactly one succeeds, one active org_admin remains", { timeout: 120_000 }, async () => {
    await addSecondAdmin("alpen-hq2");
    const demote = (username: string, target: string): RaceOperation => ({
      kind: "changeAccess",
      username,
      target,
      role: "head_office",
      accounts: [],
      now: NOW.toISOString(),
    });
    oneWinsOneRefused(await race(ctx.location, [demote("alpen-hq", "alpen-hq2"), demote("alpen-hq2", "alpen-hq")]));
    expect(await activeAdmins()).toHaveLength(1);
  });

  it("deactivating each other: exactly one succeeds, one active org_admin remains", { timeout: 120_000 }, async () => {
    const [remaining] = await activeAdmins();
    await addSecondAdmin("alpen-hq3");
    const deactivate = (username: string, target: string) => ({ kind: "deactivate", username, target, now: NOW.toISOString() }) as const;
    oneWinsOneRefused(await race(ctx.location, [deactivate(remaining!, "alpen-hq3"), deactivate("alpen-hq3", remaining!)]));
    expect(await activeAdmins()).toHaveLength(1);
  });

  it(
    "the platform operator and an org_admin deactivating the two admins at once: one active org_admin remains",
    { timeout: 120_000 },
    async () => {
      const [remaining] = await activeAdmins();
      await addSecondAdmin("alpen-hq4");
      const deactivate = (username: string, target: string) => ({ kind: "deactivate", username, target, now: NOW.toISOString() }) as const;
      // The operator deactivates one admin while that admin deactivates the other.
      const answers = await race(ctx.location, [deactivate("admin", remaining!), deactivate(remaining!, "alpen-hq4")]);
      const values = answers.map((a) => (a.ok ? a.value : a.error));
      expect(
        values.filter((v) => (v as { ok?: boolean }).ok === true),
        JSON.stringify(values),
      ).toHaveLength(1);
      expect(values.filter((v) => (v as { status?: number }).status === 409)).toHaveLength(1);
      expect(await activeAdmins()).toHaveLength(1);
    },
  );
});
