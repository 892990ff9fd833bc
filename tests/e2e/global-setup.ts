import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databasePath: string;
  }
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

async function waitForHealthy(url: string, server: ChildProcess, log: () => string): Promise<void> {
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

// A real server (the built app behind app/server.ts) on a free port, with a fresh demo database.
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
  fs.mkdirSync(path.join(process.cwd(), ".cache"), { recursive: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    DATABASE_PATH: path.join(dir, "portal.sqlite"),
    DATA_DIR: path.join(dir, "data"),
    EMAIL_API_URL: "",
    // As behind a proxy on this machine: tests may name their client address in X-Forwarded-For.
    TRUST_PROXY: "loopback",
    // Inside the repository, so the server build resolves its packages from node_modules.
    PORTAL_BUILD_DIR: fs.mkdtempSync(path.join(process.cwd(), ".cache", "e2e-build-")),
  };
  const built = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { env, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`remix build failed:\n${built.stdout}\n${built.stderr}`);
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "db/setup.ts"], { env, encoding: "utf8" });
  if (seeded.status !== 0) throw new Error(`db/setup.ts failed:\n${seeded.stdout}\n${seeded.stderr}`);

  let output = "";
  const server = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout?.on("data", (chunk) => (output += chunk));
  server.stderr?.on("data", (chunk) => (output += chunk));
  await waitForHealthy(`http://localhost:${port}/healthz`, server, () => output);

  project.provide("baseURL", `http://localhost:${port}`);
  project.provide("databasePath", env.DATABASE_PATH!);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
    if (process.env.E2E_SERVER_LOG) console.log(output);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(env.PORTAL_BUILD_DIR!, { recursive: true, force: true });
  };
}
