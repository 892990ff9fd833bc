import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

// Browser tests share one built server and one demo database, so they run one file at a time.
export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app` } },
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll is a web-first wait like a locator's; vitest's default of 1 s is far shorter than
    // Playwright's 30 s and fails a poll on a busy machine. The timeout only bounds the wait.
    expect: { poll: { timeout: 30_000 } },
  },
});
