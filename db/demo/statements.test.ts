import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/setup/db";
import { seedDemoData } from "./index";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
const now = new Date("2026-11-23T10:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemoData(test.db, { now, hashPassword: () => Promise.resolve("not-a-real-hash") });
});
afterAll(async () => {
  await test.destroy();
});

describe("demo statements", () => {
  it("every demo account has charges and the statements of the last twelve months", async () => {
    const accounts = await test.db.selectFrom("accounts").select(["id", "merchant_number"]).execute();
    expect(accounts).toHaveLength(7);
    for (const account of accounts) {
      const months = await test.db.selectFrom("statements").select("month").where("account_id", "=", account.id).orderBy("month").execute();
      expect(
        months.map((m) => m.month),
        account.merchant_number,
      ).toEqual([
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
      ]);
      const charges = await test.db
        .selectFrom("transactions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("account_id", "=", account.id)
        .executeTakeFirstOrThrow();
      expect(Number(charges.n)).toBeGreaterThan(12 * 10);
    }
  });

  it("Garmisch and Amsterdam are not enrolled, and their enrolment history says so", async () => {
    const rows = await test.db.selectFrom("accounts").select(["id", "merchant_number", "paperless"]).execute();
    for (const account of rows) {
      const last = await test.db
        .selectFrom("paperless_enrolments")
        .select("enrolled")
        .where("account_id", "=", account.id)
        .orderBy("at", "desc")
        .orderBy("id", "desc")
        .executeTakeFirst();
      expect(last?.enrolled ?? 0, account.merchant_number).toBe(account.paperless);
    }
    const notEnrolled = rows
      .filter((r) => r.paperless === 0)
      .map((r) => r.merchant_number)
      .sort();
    expect(notEnrolled).toEqual(["4711000102", "5220000201"]);
    // Their latest statements carry the paper fee; an enrolled account's do not.
    const latest = async (merchant: string) =>
      test.db
        .selectFrom("statements")
        .innerJoin("accounts", "accounts.id", "statements.account_id")
        .select(["statements.delivered_on_paper", "statements.id"])
        .where("accounts.merchant_number", "=", merchant)
        .where("statements.month", "=", "2026-10")
        .executeTakeFirstOrThrow();
    expect((await latest("4711000102")).delivered_on_paper).toBe(1);
    expect((await latest("5220000201")).delivered_on_paper).toBe(1);
    expect((await latest("4711000101")).delivered_on_paper).toBe(0);
  });
});
