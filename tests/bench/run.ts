// `npm run bench`: each page of the real, compiled portal against a bare floor (the same rows by
// the best hand-written query, better-sqlite3 + renderToString in node:http, tests/bench/floor.ts),
// in the same run, rounds alternating, under autocannon. Prints req/s, p50, p97.5 and the ratio
// per page and exits 1 when a target is missed. Then the server's memory for a 5 MiB upload and
// the CSV export, and the deadline job at a tenth of the cases and at all of them (its time must
// not grow with the cases when few are overdue). Data: tests/bench/generate.ts.
// On PostgreSQL with DATABASE_URL=postgres://… (the server; the bench makes databases of its own
// there): tests/bench/generate-postgres.ts and floor-postgres.ts.
// Kept out of `npm test` on purpose: timings belong here, not in tests.
// Env: BENCH_CASES (1 000 000), BENCH_LOCATIONS (2 000), BENCH_SECONDS per round (10),
// BENCH_ROUNDS (2), BENCH_CONNECTIONS (10), BENCH_KEEP=1 keeps the database in .cache/bench.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { build } from "esbuild";
import SQLite from "better-sqlite3";
import { isPostgresUrl, openDatabase } from "../../db/connection";
import { runDeadlineSweep } from "../../app/services/disputes/deadline-sweep.server";
import { BENCH_PASSWORD, generate } from "./generate";
import { benchDatabaseUrl, dropBenchDatabase, generatePostgres, memoryCasesPostgres, withClient } from "./generate-postgres";

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const LOCATIONS = Number(process.env.BENCH_LOCATIONS ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const GENERATION_TARGET_MS = 120_000;

const cache = path.join(process.cwd(), ".cache", "bench");
const buildDir = path.join(cache, "build");
// --- PostgreSQL: the engine is chosen here; a location is a SQLite file or a bench database URL.
const POSTGRES_SERVER = process.env.DATABASE_URL || undefined;
if (POSTGRES_SERVER && !isPostgresUrl(POSTGRES_SERVER)) throw new Error(`DATABASE_URL is not a postgres:// URL: ${POSTGRES_SERVER}`);
const ENGINE = POSTGRES_SERVER ? "PostgreSQL" : "SQLite";
const locationFor = (cases: number) =>
  POSTGRES_SERVER ? benchDatabaseUrl(POSTGRES_SERVER, cases) : path.join(cache, `portal-${cases}.sqlite`);
/** What a portal or floor process needs to open a location. */
const databaseEnv = (location: string) => (isPostgresUrl(location) ? { DATABASE_URL: location } : { DATABASE_PATH: location });
const generateData = (location: string, options: Parameters<typeof generate>[1]) =>
  isPostgresUrl(location) ? generatePostgres(location, options) : generate(location, options);
// --- end PostgreSQL

const databasePath = locationFor(CASES);

async function removeDatabase(file: string) {
  if (isPostgresUrl(file)) return dropBenchDatabase(file);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Server {
  name: string;
  base: string;
  process: ChildProcess;
  output: () => string;
}

async function start(name: string, script: string, env: NodeJS.ProcessEnv, port: number): Promise<Server> {
  let output = "";
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const server = { name, base: `http://localhost:${port}`, process: child, output: () => output };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${output}`);
    try {
      await fetch(`${server.base}/`, { redirect: "manual" });
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${name} did not start in time:\n${output}`);
}

async function stop(server: Server) {
  if (server.process.exitCode !== null) return;
  server.process.kill("SIGTERM");
  await new Promise((r) => server.process.once("exit", r));
}

/** Waits until the server answers again: requests left over from a round must not load the next. */
async function drained(server: Server) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`${server.base}/`, { redirect: "manual", signal: AbortSignal.timeout(300_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function signIn(portal: Server, username: string): Promise<string> {
  const response = await fetch(`${portal.base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: portal.base },
    body: new URLSearchParams({ username, password: BENCH_PASSWORD }),
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`sign-in of ${username} failed: ${response.status}\n${await response.text()}`);
  return cookie.split(";")[0]!;
}

async function get(url: string, cookie?: string): Promise<{ html: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return { html, ms: performance.now() - started };
}

/** The "next" link of a list page, as a path (the portal's and the floor's both say cursor/after). */
function nextLink(html: string): string | null {
  const match = /href="(\/disputes\?[^"]*(?:cursor|after)=[^"]*)"/.exec(html);
  return match ? match[1]!.replaceAll("&amp;", "&") : null;
}

const caseNumbers = (html: string) => [...new Set(html.match(/\b(?:INQ|CB)-\d{4}-\d{6,}\b/g) ?? [])];

interface Measured {
  requests: number;
  seconds: number;
  latencies: number[];
  failures: number;
  single: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// Requests still in flight when a round ends are not counted: on a page slower than
// SECONDS / CONNECTIONS the latencies are cut off near the round's length.
async function load(url: string, cookie: string | undefined, into: Measured) {
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 120,
    headers: cookie ? { cookie } : {},
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    if (status === 200) {
      into.requests += 1;
      into.latencies.push(ms);
    } else into.failures += 1;
  });
  const result = await instance;
  into.failures += result.errors + result.timeouts;
  into.seconds += SECONDS;
}

interface PageCase {
  name: string;
  portalPath: string;
  floorPath: string;
  cookie: string;
  minRatio: number;
  /** Also p97.5 at most twice the floor's. */
  latencyBound: boolean;
}

// ---------------------------------------------------------------------------

const began = performance.now();
fs.mkdirSync(cache, { recursive: true });
await removeDatabase(databasePath);
console.log(
  `bench on ${ENGINE}: ${CASES} cases, ${LOCATIONS} locations, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per page and side`,
);
const loadAverage = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (${os.cpus().length} cores)`;
console.log(`${loadAverage()} at the start`);
const data = await generateData(databasePath, { cases: CASES, locations: LOCATIONS, now: new Date() });
if ("steps" in data) console.log(`  ${JSON.stringify(data.steps)} (ms)`);
const generationOk = data.milliseconds <= GENERATION_TARGET_MS * (CASES / 1_000_000 || 1);
console.log(`generated in ${(data.milliseconds / 1000).toFixed(1)} s (target: under ${GENERATION_TARGET_MS / 1000} s at 1 000 000 cases)`);

const built = spawnSync("npm", ["run", "--silent", "build"], { env: { ...process.env, PORTAL_BUILD_DIR: buildDir }, encoding: "utf8" });
if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
await build({
  entryPoints: [path.join(import.meta.dirname, POSTGRES_SERVER ? "floor-postgres.ts" : "floor.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  target: "node20",
  outfile: path.join(buildDir, "bench", "floor.js"),
  logLevel: "warning",
});

const portalPort = await freePort();
const portal = await start(
  "portal",
  path.join(buildDir, "bin", "server.js"),
  {
    NODE_ENV: "production",
    JOBS: "off",
    APP_URL: `http://localhost:${portalPort}`,
    ...databaseEnv(databasePath),
    DATA_DIR: path.join(cache, "data"),
    PORTAL_BUILD_DIR: buildDir,
    EMAIL_API_URL: "",
    TRUST_PROXY: "loopback",
  },
  portalPort,
);
const floor = await start(
  "floor",
  path.join(buildDir, "bench", "floor.js"),
  { ...databaseEnv(databasePath), FLOOR_ORGANISATION: String(data.headOffice.organisationId), NODE_ENV: "production" },
  await freePort(),
);

let failed = 0;
const rows: string[][] = [];
try {
  const headOffice = await signIn(portal, data.headOffice.username);
  const analyst = await signIn(portal, data.analyst.username);

  // Page 21: the "next" link followed twenty times on each side; both must show the same cases.
  async function page21(server: Server, cookie?: string): Promise<string> {
    let at = "/disputes";
    for (let page = 1; page < 21; page++) {
      const next = nextLink((await get(server.base + at, cookie)).html);
      if (!next) throw new Error(`${server.name}: no next link on /disputes page ${page}`);
      at = next;
    }
    return at;
  }
  const portalPage21 = await page21(portal, headOffice);
  const floorPage21 = await page21(floor, headOffice);

  const pages: PageCase[] = [
    {
      name: "/disputes first page",
      portalPath: "/disputes",
      floorPath: "/disputes",
      cookie: headOffice,
      minRatio: 0.5,
      latencyBound: true,
    },
    { name: "/disputes page 21", portalPath: portalPage21, floorPath: floorPage21, cookie: headOffice, minRatio: 0.5, latencyBound: true },
    { name: "/overview", portalPath: "/overview", floorPath: "/overview", cookie: headOffice, minRatio: 0.5, latencyBound: true },
    { name: "/review (analyst)", portalPath: "/review", floorPath: "/review", cookie: analyst, minRatio: 0.5, latencyBound: true },
    {
      name: "case page",
      portalPath: `/disputes/${data.sampleCaseNumber}`,
      floorPath: `/case/${data.sampleCaseNumber}`,
      cookie: headOffice,
      minRatio: 0.35,
      latencyBound: false,
    },
    { name: "/statements", portalPath: "/statements", floorPath: "/statements", cookie: headOffice, minRatio: 0.5, latencyBound: true },
  ];

  for (const page of pages) {
    const portalUrl = portal.base + page.portalPath;
    const floorUrl = floor.base + page.floorPath;
    // One request each first (warm-up, and a check that both sides show the same cases).
    const firstPortal = await get(portalUrl, page.cookie);
    const firstFloor = await get(floorUrl, page.cookie);
    const floorCases = caseNumbers(firstFloor.html);
    const missing = floorCases.filter((c) => !firstPortal.html.includes(c));
    const same = missing.length === 0 ? "yes" : `NO (${missing.length} of ${floorCases.length} missing)`;
    const p: Measured = { requests: 0, seconds: 0, latencies: [], failures: 0, single: (await get(portalUrl, page.cookie)).ms };
    const f: Measured = { requests: 0, seconds: 0, latencies: [], failures: 0, single: (await get(floorUrl, page.cookie)).ms };
    for (let round = 0; round < ROUNDS; round++) {
      await load(portalUrl, page.cookie, p);
      await drained(portal);
      await load(floorUrl, page.cookie, f);
      await drained(floor);
    }
    const rps = (m: Measured) => m.requests / m.seconds;
    const sortedP = p.latencies.sort((a, b) => a - b);
    const sortedF = f.latencies.sort((a, b) => a - b);
    const ratio = rps(f) > 0 ? rps(p) / rps(f) : NaN;
    const p975 = percentile(sortedP, 97.5);
    const f975 = percentile(sortedF, 97.5);
    const latencyOk = !page.latencyBound || (Number.isFinite(p975) && p975 <= 2 * f975);
    const ok = ratio >= page.minRatio && latencyOk && p.failures === 0 && f.failures === 0 && missing.length === 0;
    if (!ok) failed++;
    const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)}` : "—");
    rows.push([
      ok ? "ok" : "MISS",
      page.name,
      rps(p).toFixed(1),
      ms(percentile(sortedP, 50)),
      ms(p975),
      ms(p.single),
      rps(f).toFixed(1),
      ms(percentile(sortedF, 50)),
      ms(f975),
      ms(f.single),
      Number.isFinite(ratio) ? ratio.toFixed(2) : "—",
      `≥ ${page.minRatio}${page.latencyBound ? ", p97.5 ≤ 2×" : ""}`,
      `${p.failures}/${f.failures}`,
      same,
    ]);
    console.log(`measured ${page.name}`);
  }
} finally {
  await stop(portal);
  await stop(floor);
}

const header = [
  "",
  "page",
  "portal req/s",
  "p50 ms",
  "p97.5 ms",
  "one req ms",
  "floor req/s",
  "p50 ms",
  "p97.5 ms",
  "one req ms",
  "ratio",
  "target",
  "failed p/f",
  "same rows",
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
console.log();
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
console.log();

// ---------------------------------------------------------------------------
// Server memory: a 5 MiB upload (growth under the file's size) and the CSV export (flat: ten
// times the lines, not ten times the memory). A fresh server, its RSS sampled from /proc.

const MIB = 1024 * 1024;
function rss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}

/** The server's RSS growth (peak while `work` runs, over the RSS before) in bytes. */
async function memoryGrowth(server: Server, work: () => Promise<void>): Promise<number> {
  const pid = server.process.pid!;
  const before = rss(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 5);
  try {
    await work();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, rss(pid)) - before;
}

{
  const { open, few, many } = POSTGRES_SERVER ? await memoryCasesPostgres(databasePath) : sqliteMemoryCases();
  function sqliteMemoryCases() {
    const raw = new SQLite(databasePath);
    const open = raw
      .prepare(`select case_number from cases where account_id = 1 and status = 'awaiting_response' order by id limit 4 offset 1`)
      .all() as { case_number: string }[];
    const statements = raw.prepare(`select id from statements where account_id = 1 order by month desc limit 2`).all() as { id: number }[];
    // Statement lines: 20 000 on one statement, 200 000 on another.
    const addLines = raw.prepare(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
    insert into statement_lines (statement_id, position, kind, code, description, reference, occurred_at, amount_minor, currency)
    select ?, i, 'charge', null, 'Card sale ' || i, 'BNR' || i, '2026-10-15T12:00:00.000Z', 1000 + i % 5000, 'EUR' from n`);
    const [few, many] = statements;
    raw.transaction(() => {
      addLines.run(BigInt(20_000), few!.id);
      addLines.run(BigInt(200_000), many!.id);
    })();
    raw.close();
    return { open, few: few!, many: many! };
  }

  const port = await freePort();
  const server = await start(
    "portal",
    path.join(buildDir, "bin", "server.js"),
    {
      NODE_ENV: "production",
      JOBS: "off",
      APP_URL: `http://localhost:${port}`,
      ...databaseEnv(databasePath),
      DATA_DIR: path.join(cache, "data"),
      PORTAL_BUILD_DIR: buildDir,
      EMAIL_API_URL: "",
    },
    port,
  );
  try {
    const cookie = await signIn(server, data.headOffice.username);
    // The case page is read first, outside what is measured: the upload alone counts.
    async function upload(caseNumber: string, bytes: number): Promise<() => Promise<void>> {
      const page = (await get(`${server.base}/disputes/${caseNumber}`, cookie)).html;
      const version = /name="version" value="(\d+)"/.exec(page)?.[1] ?? "1";
      const pdf = Buffer.alloc(bytes, 0x20);
      pdf.write("%PDF-1.4\n");
      pdf.write("\n%%EOF\n", bytes - 7);
      const form = new FormData();
      form.set("intent", "respond");
      form.set("version", version);
      form.set("comment", "Delivery note attached.");
      form.set("file_0", new Blob([pdf], { type: "application/pdf" }), "delivery-note.pdf");
      form.set("tag_0", "");
      return async () => {
        const response = await fetch(`${server.base}/disputes/${caseNumber}`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie, origin: server.base },
          body: form,
        });
        const text = await response.text();
        if (response.status !== 302) throw new Error(`upload to ${caseNumber}: ${response.status}\n${text.slice(0, 2000)}`);
      };
    }
    await (
      await upload(open[0]!.case_number, 5 * MIB)
    )(); // warm-up: code loaded, buffers allocated once
    const growths: number[] = [];
    for (const c of open.slice(1)) growths.push(await memoryGrowth(server, await upload(c.case_number, 5 * MIB)));
    const uploadGrowth = growths.sort((a, b) => a - b)[Math.floor(growths.length / 2)]!;
    const uploadOk = uploadGrowth < 5 * MIB;
    if (!uploadOk) failed++;
    console.log(
      `${uploadOk ? "ok  " : "MISS"} 5 MiB upload: server memory +${(uploadGrowth / MIB).toFixed(1)} MiB, median of ` +
        `${growths.map((g) => (g / MIB).toFixed(1)).join(", ")} (target < 5 MiB)`,
    );

    const csv = async (id: number) => void (await get(`${server.base}/statements/${id}/csv`, cookie));
    await csv(few.id); // warm-up
    const fewGrowth = await memoryGrowth(server, () => csv(few.id));
    const manyGrowth = await memoryGrowth(server, () => csv(many.id));
    // Flat: ten times the lines may not cost more than twice the memory (plus 8 MiB of noise).
    const csvOk = manyGrowth <= 2 * fewGrowth + 8 * MIB;
    if (!csvOk) failed++;
    console.log(
      `${csvOk ? "ok  " : "MISS"} CSV export: server memory +${(fewGrowth / MIB).toFixed(1)} MiB for 20 000 lines, ` +
        `+${(manyGrowth / MIB).toFixed(1)} MiB for 200 000 lines (target: flat, at most 2× + 8 MiB)`,
    );

    // Every case of the head office (a quarter of all at the default sizes), streamed from a cursor.
    let listRows = 0;
    const listGrowth = await memoryGrowth(server, async () => {
      const { html } = await get(`${server.base}/disputes/export.csv`, cookie);
      listRows = html.split("\n").filter((line) => line !== "").length - 1;
    });
    const listOk = listGrowth < 50 * MIB;
    if (!listOk) failed++;
    console.log(
      `${listOk ? "ok  " : "MISS"} case list CSV: server memory +${(listGrowth / MIB).toFixed(1)} MiB for ${listRows} cases (target < 50 MiB)`,
    );
  } finally {
    await stop(server);
  }
}

// ---------------------------------------------------------------------------
// The deadline job with a few overdue cases, at a tenth of the cases and at all of them.

const OVERDUE = 20;
const SWEEPS = 3;
/** The median of three sweeps, each after the newest open cases passed their deadline an hour ago. */
async function timeSweep(file: string): Promise<{ ms: number; runs: number[]; report: unknown }> {
  const runs: number[] = [];
  let report: unknown;
  for (let run = 0; run < SWEEPS; run++) {
    const now = new Date();
    const overdue = `update cases set respond_by = $1 where id in (select id from cases where status = 'awaiting_response' order by id desc limit ${OVERDUE})`;
    if (isPostgresUrl(file)) await withClient(file, (client) => client.query(overdue, [new Date(now.getTime() - 3_600_000).toISOString()]));
    else {
      const raw = new SQLite(file);
      raw.prepare(overdue.replace("$1", "?")).run(new Date(now.getTime() - 3_600_000).toISOString());
      raw.close();
    }
    const db = openDatabase(file);
    try {
      const started = performance.now();
      report = await runDeadlineSweep(db, now);
      runs.push(performance.now() - started);
    } finally {
      await db.destroy();
    }
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)]!, runs, report };
}

const smallPath = locationFor(Math.round(CASES / 10));
await removeDatabase(smallPath);
const small = await generateData(smallPath, { cases: Math.round(CASES / 10), locations: LOCATIONS, now: new Date() });
const smallSweep = await timeSweep(smallPath);
const largeSweep = await timeSweep(databasePath);
const sweepRatio = largeSweep.ms / smallSweep.ms;
// Ten times the cases, the same overdue ones: at most twice the time.
const sweepOk = sweepRatio <= 2;
if (!sweepOk) failed++;
console.log(
  `deadline job, ${OVERDUE} overdue, median of ${SWEEPS}: ${small.cases} cases ${Math.round(smallSweep.ms)} ms ` +
    `(${smallSweep.runs.map(Math.round).join(", ")}), ${CASES} cases ${Math.round(largeSweep.ms)} ms (${largeSweep.runs.map(Math.round).join(", ")})`,
);
console.log(
  `  ratio ${sweepRatio.toFixed(2)} for 10× the cases (target ≤ 2): ${sweepOk ? "ok" : "MISS"}  ${JSON.stringify(largeSweep.report)}`,
);
await removeDatabase(smallPath);

if (!generationOk) {
  failed++;
  console.log(`MISS data generation took ${(data.milliseconds / 1000).toFixed(1)} s`);
}
if (!process.env.BENCH_KEEP) {
  await removeDatabase(databasePath);
  fs.rmSync(path.join(cache, "data"), { recursive: true, force: true });
}
console.log(`${loadAverage()} at the end`);
console.log(`bench took ${Math.round((performance.now() - began) / 1000)} s`);
console.log(failed ? `${failed} target(s) missed` : "all targets met");
process.exit(failed ? 1 : 0);
