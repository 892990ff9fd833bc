import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DB } from "../../db/connection";
import { baseURL, DEMO_PASSWORD, testClientAddress } from "./browser";
import { signIn } from "~/services/auth.server";

// Issue 9, item 13: parallel guesses for one user, from the server and from a second process's
// connection to the same database at once, are each counted before any password is checked.

let db: DB;
beforeAll(async () => {
  db = openDatabase(inject("databaseLocation"));
  // A user of its own: locking a demo user would lock the other browser tests out.
  const { id: _id, ...template } = await db.selectFrom("users").selectAll().where("username", "=", "noord-ams").executeTakeFirstOrThrow();
  await db
    .insertInto("users")
    .values({ ...template, username: "throttle-probe", email: "throttle-probe@noordzee.example" })
    .execute();
});
afterAll(async () => db?.destroy());

function postSignIn(identifier: string, password: string) {
  return fetch(new URL("/login", baseURL()), {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ username: identifier, password }),
    headers: { Origin: baseURL(), "X-Forwarded-For": testClientAddress() },
  });
}

async function failuresCounted(): Promise<number> {
  const row = await db
    .selectFrom("login_throttle")
    .select((eb) => eb.fn.sum<number>("failures").as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n ?? 0);
}

describe("30 parallel wrong passwords for one user", () => {
  it("are counted as 30 failures over two connections and lock the user, typed as username or email", async () => {
    const before = await failuresCounted();
    const identifier = (i: number) => (i % 2 ? "throttle-probe" : " Throttle-Probe@noordzee.example");
    const overHttp = Array.from({ length: 20 }, (_, i) => postSignIn(identifier(i), `guess-${i}`).then((r) => r.status));
    const direct = Array.from({ length: 10 }, (_, i) =>
      signIn(db, { identifier: identifier(i), password: `direct-${i}` }, new Date()).then((r) => (r.ok ? 302 : r.status)),
    );
    const statuses = await Promise.all([...overHttp, ...direct]);

    expect(await failuresCounted()).toBe(before + 30);
    // Only the free attempts had their password checked; the rest were refused unchecked.
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    for (const typed of ["throttle-probe", "throttle-probe@noordzee.example"]) {
      const right = await postSignIn(typed, DEMO_PASSWORD);
      expect(right.status, typed).toBe(429);
      expect(await right.text(), typed).toMatch(/Sign-in is locked after too many failed attempts/);
    }
  });
});
