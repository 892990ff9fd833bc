import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { isAnyUniqueViolation, isUniqueViolation } from "./constraint-errors.server";

// Run on SQLite and, in CI, on PostgreSQL: each engine words the refusal its own way.
let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
  await test.db.insertInto("users").values(user("first", "first@example.test")).execute();
});
afterAll(() => test.destroy());

function user(username: string, email: string) {
  return { username, email, display_name: "x", role: "analyst" as const, password_hash: "x", created_at: new Date().toISOString() };
}

async function refusalOf(values: ReturnType<typeof user>): Promise<unknown> {
  try {
    await test.db.insertInto("users").values(values).execute();
  } catch (error) {
    return error;
  }
  throw new Error("the insert was not refused");
}

describe("a unique key's refusal", () => {
  it("names the column it refused, on this engine", async () => {
    const email = await refusalOf(user("second", "first@example.test"));
    expect([isUniqueViolation(email, "users", "email"), isUniqueViolation(email, "users", "username")]).toEqual([true, false]);
    const username = await refusalOf(user("first", "other@example.test"));
    expect([isUniqueViolation(username, "users", "email"), isUniqueViolation(username, "users", "username")]).toEqual([false, true]);
    expect(isAnyUniqueViolation(email)).toBe(true);
  });

  it("is not read into other errors", async () => {
    const notNull = await refusalOf({ ...user("third", "third@example.test"), display_name: null as unknown as string });
    expect(isUniqueViolation(notNull, "users", "email")).toBe(false);
    expect(isAnyUniqueViolation(notNull)).toBe(false);
    expect(isUniqueViolation(new Error("UNIQUE constraint failed: users.email"), "users", "username")).toBe(false);
  });
});
