import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
// Tests of SQLite itself (a migration run against a hand-made SQLite file), left
// out when the suite runs on PostgreSQL (tests/setup/db.ts).
const sqliteOnly = process.env.PORTAL_TEST_POSTGRES_URL ? ["db/migrations/statement-currencies.test.ts"] : [];

export default defineConfig({
  root,
  esbuild: { jsx: "automatic" },
  resolve: { alias: { "~": `${root}app` } },
  test: {
    globals: true,
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/**/*.test.{ts,tsx}"],
    exclude: ["tests/e2e/**", "node_modules/**", ...sqliteOnly],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    globalSetup: ["tests/setup/postgres-template.ts"],
    pool: "forks",
    testTimeout: 20_000,
  },
});
