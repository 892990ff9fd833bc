import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/connection";
import { onPostgresServer, postgresDatabaseUrl, testPostgresUrl } from "../setup/db";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** What DATABASE_PATH or DATABASE_URL says: open it with `openDatabase` (db/connection.ts). */
    databaseLocation: string;
    /** The production build (bin/server.js, bin/setup.js) the suite's server runs, for tests that start servers of their own. */
    buildDir: string;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHealthy(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited early:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not become healthy in time:\n${log()}`);
}

/**
 * The server runs each background job once at start. The first deadline sweep closes overdue demo
 * cases and sends the urgent notices: a test that counts notifications must start after it.
 */
async function waitForFirstRun(location: string, job: string, server: ChildProcess, log: () => string): Promise<void> {
  const db = openDatabase(location);
  try {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (server.exitCode !== null) throw new Error(`The server exited early:\n${log()}`);
      if (await db.selectFrom("job_runs").select("id").where("job", "=", job).limit(1).executeTakeFirst()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`The job ${job} did not run at the server's start:\n${log()}`);
  } finally {
    await db.destroy();
  }
}

/** A fresh database for the suite: a SQLite file, or a new database on PORTAL_TEST_POSTGRES_URL's server. */
async function suiteDatabase(dir: string): Promise<{ env: Record<string, string>; location: string; drop: () => Promise<void> }> {
  if (!testPostgresUrl) {
    const file = path.join(dir, "portal.sqlite");
    return { env: { DATABASE_PATH: file }, location: file, drop: async () => {} };
  }
  const serverUrl = testPostgresUrl;
  const name = `portal_e2e_${path
    .basename(dir)
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase()}`;
  await onPostgresServer(serverUrl, (client) => client.query(`create database ${name}`));
  const location = postgresDatabaseUrl(serverUrl, name);
  return {
    env: { DATABASE_URL: location },
    location,
    drop: () => onPostgresServer(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

// A real server (the compiled app/server.ts serving the Remix build) on a free port, with a fresh demo database.
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
  fs.mkdirSync(path.join(process.cwd(), ".cache"), { recursive: true });
  const port = await freePort();
  const database = await suiteDatabase(dir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    ...database.env,
    DATA_DIR: path.join(dir, "data"),
    EMAIL_API_URL: "",
    // As behind a proxy on this machine: tests may name their client address in X-Forwarded-For.
    TRUST_PROXY: "loopback",
    // Inside the repository, so the server build resolves its packages from node_modules.
    PORTAL_BUILD_DIR: fs.mkdtempSync(path.join(process.cwd(), ".cache", "e2e-build-")),
  };
  // The production build (`npm run build`: Remix, then the server and commands as plain JavaScript).
  const built = spawnSync("npm", ["run", "--silent", "build"], { env, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
  const bin = path.join(env.PORTAL_BUILD_DIR!, "bin");
  const seeded = spawnSync(process.execPath, [path.join(bin, "setup.js")], { env, encoding: "utf8" });
  if (seeded.status !== 0) throw new Error(`db setup failed:\n${seeded.stdout}\n${seeded.stderr}`);

  let output = "";
  const server = spawn(process.execPath, [path.join(bin, "server.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout?.on("data", (chunk) => (output += chunk));
  server.stderr?.on("data", (chunk) => (output += chunk));
  await waitForHealthy(`http://localhost:${port}/healthz`, server, () => output);
  await waitForFirstRun(database.location, "deadlines", server, () => output);

  project.provide("baseURL", `http://localhost:${port}`);
  project.provide("databaseLocation", database.location);
  project.provide("buildDir", env.PORTAL_BUILD_DIR!);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
    if (process.env.E2E_SERVER_LOG) console.log(output);
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(env.PORTAL_BUILD_DIR!, { recursive: true, force: true });
  };
}
