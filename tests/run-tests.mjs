// `npm test`: every test, then one plain "N passed, N failed" line for CI.
// 1. unit, component and integration tests (vitest, tests/vitest.config.ts)
// 2. end-to-end tests in Debian's Chromium against the built server (tests/e2e/vitest.config.ts)
// each on SQLite, and on PostgreSQL too when PORTAL_TEST_POSTGRES_URL is set
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-report-"));
const bin = (name) => path.join("node_modules", ".bin", name);

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function vitest(config, report, extra = [], env = {}) {
  const file = path.join(outDir, report);
  const status = run(
    bin("vitest"),
    ["run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`, ...extra],
    env,
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests + (json.numTotalTestSuites > 0 && !json.success && json.numFailedTests === 0 ? 1 : 0),
      skipped: json.numPendingTests + json.numTodoTests,
    };
    collectFailures(json, report.replace(/\.json$/, ""));
  } catch {
    counts.failed = 1; // no report: the run itself broke
  }
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

// Which tests failed, repeated at the end: CI shows only the tail of a long run.
const failures = [];
function collectFailures(json, label) {
  for (const file of json.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name ?? "");
    if (file.status === "failed" && (file.assertionResults ?? []).every((t) => t.status !== "failed"))
      failures.push(`${label} ${name}: ${String(file.message ?? "the file failed").split("\n")[0]}`);
    for (const test of file.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const why = String((test.failureMessages ?? [])[0] ?? "")
        .split("\n")
        .slice(0, 3)
        .join(" | ");
      failures.push(`${label} ${name} > ${test.fullName}: ${why.slice(0, 400)}`);
    }
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (c) => {
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
};

const args = process.argv.slice(2);
// With PORTAL_TEST_POSTGRES_URL (a server the tests may create databases on; .ci/run starts one),
// the unit, integration and route tests run on SQLite and again on PostgreSQL, and the browser
// suite on both. Without it, on SQLite only, and this says so.
const postgres = process.env.PORTAL_TEST_POSTGRES_URL;
const engines = postgres
  ? [
      ["sqlite", { PORTAL_TEST_POSTGRES_URL: "" }],
      ["postgres", { PORTAL_TEST_POSTGRES_URL: postgres }],
    ]
  : [["sqlite", {}]];
for (const [engine, env] of engines) {
  console.log(`\n=== unit, integration and route tests on ${engine}`);
  add(vitest("tests/vitest.config.ts", `unit-${engine}.json`, args, env));
}

if (fs.existsSync(CHROMIUM)) {
  // The e2e setup builds the app into a temporary folder and serves that build.
  for (const [engine, env] of engines) {
    console.log(`\n=== browser tests on ${engine}`);
    add(vitest("tests/e2e/vitest.config.ts", `e2e-${engine}.json`, args, env));
  }
} else {
  const line = "!".repeat(78);
  console.log(
    `\n${line}\n!! No Chromium at ${CHROMIUM}: the END-TO-END BROWSER TESTS WERE SKIPPED.\n!! Install it (apt-get install -y chromium) to run them.\n${line}\n`,
  );
}

if (!postgres) console.log("\n(PORTAL_TEST_POSTGRES_URL is not set: the tests ran on SQLite only.)");
fs.rmSync(outDir, { recursive: true, force: true });
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join("\n")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 ? 1 : 0);
