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

describe("demo support requests", () => {
  const NOW = new Date("2026-11-23T10:00:00Z");

  it("cover every category and every state", async () => {
    const rows = await test.db.selectFrom("support_requests").select(["category", "status"]).execute();
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(["information", "access", "change", "incident", "complaint"]));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["received", "in_progress", "waiting_for_merchant", "solved", "closed"]));
  });

  it("hold a complaint close to its two-month promise, a broken acknowledgment and one escalated to tier 3", async () => {
    const rows = await test.db.selectFrom("support_requests").selectAll().execute();
    const complaint = rows.find((r) => r.category === "complaint" && r.resolve_by !== null)!;
    const hoursLeft = (new Date(complaint.resolve_by!).getTime() - NOW.getTime()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(0);
    expect(hoursLeft).toBeLessThanOrEqual(48);
    expect(complaint.case_id).not.toBeNull();
    const broken = rows.filter((r) => r.acknowledged_at === null && new Date(r.acknowledge_by) < NOW);
    expect(broken).toHaveLength(1);
    expect(broken[0]!.acknowledge_breached_at).not.toBeNull();
    expect(rows.filter((r) => r.tier === 3 && r.status === "in_progress")).toHaveLength(1);
  });

  it("come with reply templates in every language", async () => {
    const templates = await test.db.selectFrom("support_reply_templates").select("locale").execute();
    expect(new Set(templates.map((t) => t.locale))).toEqual(new Set(["en", "de", "nl"]));
  });
});
