import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DB } from "../../db/connection";
import { onPostgresServer, postgresDatabaseUrl, testPostgresUrl } from "../setup/db";
import { accountOfUser, insertCharge, openCaseOnCharge } from "../setup/disputes";
import { DEMO_PASSWORD } from "./browser";
import { freePort, waitForHealthy } from "./global-setup";

// Two real portal servers (the production build) on ONE PostgreSQL database and one DATA_DIR, as
// behind a load balancer: cases answered through both, the same credit sent to both at once, both
// servers' job timers running every 300 ms, and then every effect found exactly once. The email
// provider is a local HTTP server that counts the Idempotency-Keys it is sent.

const WAIT_MS = 60_000;

/** Polls `check` until it returns a value (not undefined) or the deadline passes; the last failure is the error. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}\n${servers.map((s) => s.log()).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Server {
  url: string;
  child: ChildProcess;
  log: () => string;
}

const servers: Server[] = [];
const keysSent = new Map<string, number>();
const hooksSent = new Map<string, number>();
let hooksUrl = "";
let provider: http.Server | undefined;
let db: DB | undefined;
let dir = "";
let databaseName = "";
let appUrl = "";

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((r) => server.child.once("exit", r));
  server.child.kill("SIGTERM");
  const killer = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(killer);
}

/** Signs in through one server as a browser would: a form POST with the portal's Origin. */
async function signIn(server: Server, username: string): Promise<string> {
  const response = await fetch(new URL("/login", server.url), {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ username, password: DEMO_PASSWORD }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: appUrl },
  });
  if (response.status !== 302) throw new Error(`signing in ${username} at ${server.url} answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

function respond(
  server: Server,
  cookie: string,
  caseNumber: string,
  fields: Record<string, string>,
  file?: { filename: string; body: Buffer },
) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ intent: "respond", version: "1", ...fields })) form.append(k, v);
  if (file) form.append("file_0", new Blob([new Uint8Array(file.body)], { type: "application/pdf" }), file.filename);
  return fetch(new URL(`/disputes/${caseNumber}`, server.url), {
    method: "POST",
    redirect: "manual",
    headers: { Origin: appUrl, Cookie: cookie },
    body: form,
  });
}

/** An inquiry of 100.00 on a charge of its own at alpen-muc's account. */
async function inquiry(database: DB) {
  const account = await accountOfUser(database, "alpen-muc");
  const now = new Date();
  const transactionId = await insertCharge(database, account, { at: now, daysBefore: 3 });
  const opened = await openCaseOnCharge(database, account, transactionId, "inquiry", { at: now, documents: [] });
  return { ...opened, transactionId };
}

async function inquiries(database: DB, count: number) {
  const opened = [];
  for (let i = 0; i < count; i++) opened.push(await inquiry(database));
  return opened;
}

describe.skipIf(!testPostgresUrl)("two portal servers on one PostgreSQL (PostgreSQL only: SQLite serves one process per file)", () => {
  beforeAll(async () => {
    const serverUrl = testPostgresUrl!;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-servers-"));
    databaseName = `portal_servers_${path
      .basename(dir)
      .replace(/[^a-z0-9]/gi, "")
      .toLowerCase()}`;
    await onPostgresServer(serverUrl, (client) => client.query(`create database ${databaseName}`));
    const location = postgresDatabaseUrl(serverUrl, databaseName);

    provider = http.createServer((request, response) => {
      // The organisation's webhook receiver, on the same local server: counted by event id.
      if (request.url?.startsWith("/hooks")) {
        const eventId = String(request.headers["portal-event-id"] ?? "");
        hooksSent.set(eventId, (hooksSent.get(eventId) ?? 0) + 1);
        request.resume();
        request.on("end", () => response.writeHead(204).end());
        return;
      }
      const key = String(request.headers["idempotency-key"] ?? "");
      keysSent.set(key, (keysSent.get(key) ?? 0) + 1);
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end(JSON.stringify({ id: `msg-${keysSent.size}` }));
      });
    });
    const providerPort = await freePort();
    await new Promise<void>((resolve) => provider!.listen(providerPort, "127.0.0.1", resolve));
    hooksUrl = `http://127.0.0.1:${providerPort}/hooks`;

    const ports = [await freePort(), await freePort()];
    appUrl = `http://localhost:${ports[0]}`;
    const { DATABASE_PATH: _sqlite, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      NODE_ENV: "production",
      // One portal behind a load balancer: one public address, one database, one shared volume.
      APP_URL: appUrl,
      DATABASE_URL: location,
      DATA_DIR: path.join(dir, "data"),
      EMAIL_API_URL: `http://127.0.0.1:${providerPort}/send`,
      EMAIL_API_TOKEN: "e2e-token",
      JOBS_EVERY_MS: "300",
      TRUST_PROXY: "loopback",
      PORTAL_BUILD_DIR: inject("buildDir"),
    };
    const bin = path.join(inject("buildDir"), "bin");
    const setup = spawn(process.execPath, [path.join(bin, "setup.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
    let setupLog = "";
    setup.stdout.on("data", (c) => (setupLog += c));
    setup.stderr.on("data", (c) => (setupLog += c));
    const code = await new Promise((r) => setup.once("exit", r));
    if (code !== 0) throw new Error(`db setup failed:\n${setupLog}`);

    for (const port of ports) {
      let output = "";
      const child = spawn(process.execPath, [path.join(bin, "server.js")], {
        env: { ...env, PORT: String(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", (chunk) => (output += chunk));
      child.stderr?.on("data", (chunk) => (output += chunk));
      servers.push({ url: `http://localhost:${port}`, child, log: () => `[server :${port}]\n${output}` });
    }
    for (const server of servers) await waitForHealthy(`${server.url}/healthz`, server.child, server.log);
    db = openDatabase(location);
  });

  afterAll(async () => {
    await Promise.all(servers.map(stop));
    if (process.env.E2E_SERVER_LOG) for (const s of servers) console.log(s.log());
    await db?.destroy();
    await new Promise((r) => (provider ? provider.close(r) : r(null)));
    if (databaseName)
      await onPostgresServer(testPostgresUrl!, (client) => client.query(`drop database if exists ${databaseName} with (force)`));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers through both, runs both timers, and finds every effect exactly once", async () => {
    const database = db!;
    const [one, two] = servers as [Server, Server];
    const cookies = [await signIn(one, "alpen-muc"), await signIn(two, "alpen-muc")];
    // Alpenblick's own system hears of every new and changed case through a webhook.
    const admin = await database
      .selectFrom("users")
      .select(["id", "organisation_id"])
      .where("username", "=", "alpen-hq")
      .executeTakeFirstOrThrow();
    const endpoint = await database
      .insertInto("webhook_endpoints")
      .values({
        organisation_id: admin.organisation_id!,
        url: hooksUrl,
        description: "two servers",
        events: "case.created case.updated",
        secret: "whsec_two_servers",
        created_by: admin.id,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    // Answered through one server or the other; the first with a file uploaded through server 1.
    const answered = await inquiries(database, 8);
    const pdf = Buffer.from(`%PDF-1.4\n% two servers ${dir}\n`);
    const answers = await Promise.all(
      answered.map((c, i) =>
        respond(
          i % 2 === 0 ? one : two,
          cookies[i % 2]!,
          c.caseNumber,
          { comment: `Answered through server ${(i % 2) + 1}` },
          i === 0 ? { filename: "receipt.pdf", body: pdf } : undefined,
        ),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(answered.map(() => 302));

    // The same full credit on one inquiry, sent through both servers at once: booked once.
    const credited = await inquiry(database);
    const credits = await Promise.all([one, two].map((s, i) => respond(s, cookies[i]!, credited.caseNumber, { credit: "100.00" })));
    expect(credits.map((r) => r.status).filter((s) => s === 302)).toHaveLength(1);
    expect(credits.map((r) => r.status).filter((s) => s !== 302)).toEqual([expect.any(Number)]);
    expect(credits.every((r) => r.status < 500)).toBe(true);

    // Overdue and unanswered: both servers' deadline sweeps find them.
    const overdue = await inquiries(database, 8);
    await database
      .updateTable("cases")
      .set({ respond_by: new Date(Date.now() - 60_000).toISOString() })
      .where(
        "id",
        "in",
        overdue.map((c) => c.id),
      )
      .execute();

    // The file uploaded through server 1 downloads through server 2 (the same DATA_DIR).
    const attachment = await database
      .selectFrom("case_attachments")
      .select("id")
      .where("case_id", "=", answered[0]!.id)
      .executeTakeFirstOrThrow();
    const download = await fetch(new URL(`/disputes/${answered[0]!.caseNumber}/attachments/${attachment.id}`, two.url), {
      headers: { Cookie: cookies[1]! },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

    const overdueIds = overdue.map((c) => c.id);
    await waitFor("the overdue inquiries closed", async () => {
      const open = await database
        .selectFrom("cases")
        .select("id")
        .where("id", "in", overdueIds)
        .where("status", "=", "awaiting_response")
        .execute();
      return open.length === 0 ? true : undefined;
    });
    // Each job run at least twice, so both servers' timers had their turns after the cases above.
    await waitFor("every job to run again", async () => {
      const runs = await database
        .selectFrom("job_runs")
        .select(["job", (eb) => eb.fn.countAll<number>().as("runs")])
        .groupBy("job")
        .execute();
      return runs.length >= 6 && runs.every((r) => Number(r.runs) >= 3) ? true : undefined;
    });
    // Every email in the outbox sent, and the provider has seen exactly those keys.
    const outbox = await waitFor("the outbox delivered", async () => {
      const rows = await database.selectFrom("email_outbox").select(["idempotency_key", "status"]).execute();
      const delivered =
        rows.length > 0 &&
        rows.every((r) => r.status === "sent") &&
        rows.length === keysSent.size &&
        rows.every((r) => keysSent.has(r.idempotency_key));
      return delivered ? rows : undefined;
    });

    // Every webhook event delivered, each to the receiver exactly once, whichever server sent it.
    const deliveries = await waitFor("the webhooks delivered", async () => {
      const rows = await database
        .selectFrom("webhook_deliveries")
        .select(["event_id", "status"])
        .where("endpoint_id", "=", endpoint.id)
        .execute();
      const done = rows.length > 0 && rows.every((r) => r.status === "sent") && rows.every((r) => hooksSent.has(r.event_id));
      return done ? rows : undefined;
    });
    // At least a created and an updated event per answered case.
    expect(deliveries.length).toBeGreaterThanOrEqual(2 * answered.length);
    expect(new Set(deliveries.map((d) => d.event_id)).size).toBe(deliveries.length);
    expect([...hooksSent.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(hooksSent.size).toBe(deliveries.length);

    // One response per answered case, one for the credited inquiry; one credit booked.
    const allCases = [...answered, credited].map((c) => c.id);
    const responses = await database.selectFrom("case_responses").select("case_id").where("case_id", "in", allCases).execute();
    expect(responses.map((r) => r.case_id).sort()).toEqual([...allCases].sort());
    const creditEntries = await database
      .selectFrom("ledger_entries")
      .select(["kind", "amount_minor"])
      .where("transaction_id", "=", credited.transactionId)
      .execute();
    expect(creditEntries).toEqual([{ kind: "credit", amount_minor: 10_000 }]);

    // Each overdue inquiry closed once, with one no-reply chargeback and one booking of it.
    const closings = await database
      .selectFrom("case_events")
      .select("case_id")
      .where("case_id", "in", overdueIds)
      .where("event_type", "=", "deadline_passed")
      .execute();
    expect(closings.map((e) => e.case_id).sort()).toEqual([...overdueIds].sort());
    const chargebacks = await database
      .selectFrom("cases")
      .select(["related_case_id", "type"])
      .where("related_case_id", "in", overdueIds)
      .execute();
    expect(chargebacks.map((c) => c.related_case_id).sort()).toEqual([...overdueIds].sort());
    expect(chargebacks.every((c) => c.type === "chargeback")).toBe(true);
    for (const c of overdue) {
      const booked = await database.selectFrom("ledger_entries").select("kind").where("transaction_id", "=", c.transactionId).execute();
      expect(booked).toEqual([{ kind: "chargeback" }]);
    }
    // Across the whole database, the demo's overdue cases included: never closed twice.
    const closedTwice = await database
      .selectFrom("case_events")
      .select("case_id")
      .where("event_type", "=", "deadline_passed")
      .groupBy("case_id")
      .having((eb) => eb.fn.countAll(), ">", 1)
      .execute();
    expect(closedTwice).toEqual([]);

    // One outbox email per notification, each sent to the provider once.
    expect(new Set(outbox.map((r) => r.idempotency_key)).size).toBe(outbox.length);
    expect([...keysSent.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    // Statements once per account and month; every job run of both servers ok.
    const statementsTwice = await database
      .selectFrom("statements")
      .select(["account_id", "month"])
      .groupBy(["account_id", "month"])
      .having((eb) => eb.fn.countAll(), ">", 1)
      .execute();
    expect(statementsTwice).toEqual([]);
    const failed = await database.selectFrom("job_runs").select(["job", "summary"]).where("outcome", "<>", "ok").execute();
    expect(failed).toEqual([]);
  });
});
