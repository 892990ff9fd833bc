import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres } from "../../db/connection";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";

// Several portal processes count one address together: on PostgreSQL in the portal's database
// (rate_limits, made by a migration), on SQLite in the file beside the data.

let test: TestDatabase;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-limits-"));
const holder = globalThis as unknown as { __portalRateLimiters?: unknown };

beforeAll(async () => {
  test = await createTestDatabase();
  process.env.DATA_DIR = dataDir;
  if (isPostgres(test.db)) process.env.DATABASE_URL = test.location;
  else delete process.env.DATABASE_URL;
});
afterAll(async () => {
  delete process.env.DATABASE_URL;
  holder.__portalRateLimiters = undefined;
  await test.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("rate limits shared by the portal's processes", () => {
  it("a second process's limiter sees the counts of the first", async () => {
    const { consumeRateLimit, RATE_LIMITS } = await import("./rate-limit.server");
    const address = "203.0.113.7";
    for (let i = 0; i < RATE_LIMITS.passwordReset.points; i++) {
      expect(await consumeRateLimit("passwordReset", address)).toEqual({ ok: true });
    }
    // As in a freshly started second server: its own limiters and store connection.
    holder.__portalRateLimiters = undefined;
    const verdict = await consumeRateLimit("passwordReset", address);
    expect(verdict.ok).toBe(false);
    expect(await consumeRateLimit("passwordReset", "203.0.113.8")).toEqual({ ok: true });
    if (isPostgres(test.db)) {
      const { rows } = await sql<{ key: string; points: number }>`select key, points from rate_limits order by key`.execute(test.db);
      expect(rows).toEqual([
        { key: `passwordReset:${address}`, points: RATE_LIMITS.passwordReset.points + 1 },
        { key: "passwordReset:203.0.113.8", points: 1 },
      ]);
    } else {
      expect(fs.existsSync(path.join(dataDir, "rate-limits.sqlite"))).toBe(true);
    }
  });
});
