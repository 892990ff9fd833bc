import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/setup/db";
import { seedDemoData } from "./index";

let test: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemoData(test.db, { now: new Date("2026-11-23T10:00:00Z"), hashPassword: () => Promise.resolve("not-a-real-hash") });
});
afterAll(async () => {
  await test.destroy();
});

describe("demo support desk", () => {
  it("support-n1, -n2, -n3 are support users of tiers 1, 2 and 3", async () => {
    const rows = await test.db
      .selectFrom("users")
      .innerJoin("support_agents", "support_agents.user_id", "users.id")
      .select(["users.username", "users.role", "support_agents.tier"])
      .orderBy("users.username")
      .execute();
    expect(rows).toEqual([
      { username: "support-n1", role: "support", tier: 1 },
      { username: "support-n2", role: "support", tier: 2 },
      { username: "support-n3", role: "support", tier: 3 },
    ]);
  });
});
