import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
// Tests of SQLite itself (migrations run against hand-made SQLite files), left
// out when the suite runs on PostgreSQL (tests/setup/db.ts).
const sqliteOnly = process.env.PORTAL_TEST_POSTGRES_URL
  ? ["db/migrations/statement-currencies.test.ts", "db/migrations/dutch-locale.test.ts"]
  : [];

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
