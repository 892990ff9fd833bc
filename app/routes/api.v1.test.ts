import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { openTestCase } from "../../tests/setup/disputes";
import { useRouteTestDatabase } from "../../tests/setup/route-db";
import { apiKeyOf, orgAdminActor } from "../../tests/setup/api-keys";
import type { Actor } from "~/domain/permissions";
import { revokeKey } from "~/services/api-keys.server";
import { generateDueStatements } from "~/services/statements.server";
import { submitResponse } from "~/services/disputes/respond.server";
import { consumeRateLimit, RATE_LIMITS } from "~/utils/rate-limit.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as catchAll } from "./api.v1.$";
import { action as acceptAction } from "./api.v1.cases.$caseNumber.accept";
import { loader as caseLoader } from "./api.v1.cases.$caseNumber._index";
import { action as respondAction } from "./api.v1.cases.$caseNumber.responses";
import { loader as listLoader } from "./api.v1.cases._index";
import { loader as statementLoader } from "./api.v1.statements.$id";
import { loader as statementListLoader } from "./api.v1.statements._index";

// /api/v1 through its route functions, on a real migrated database (SPEC 13, issue 13).

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-api-"));
process.env.DATA_DIR = dataDir;
let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const orgAdmin = (username: string, org: string) => orgAdminActor(ctx.ids, username, org);
const keyOf = (actor: Actor, scope: "read" | "respond", accounts: string[] | "all") => apiKeyOf(ctx, actor, scope, accounts, now);
const now = new Date();
const cases: Record<string, string> = {};

const keys: Record<string, string> = {};

beforeAll(async () => {
  ctx = await useRouteTestDatabase(now);
  const open = async (name: string, account: string, type: "inquiry" | "chargeback") => {
    cases[name] = (await openTestCase(ctx.db, idOf(ctx.ids.accounts, account), type, { at: now, documents: [] })).caseNumber;
  };
  await open("muc", "alpen-muc", "inquiry");
  await open("mucChargeback", "alpen-muc", "chargeback");
  await open("gap", "alpen-gap", "inquiry");
  await open("ams", "noord-ams", "inquiry");
  await open("idem", "alpen-muc", "inquiry");
  await open("parallel", "alpen-vie", "inquiry");
  const alpen = orgAdmin("alpen-hq", "alpen");
  keys.muc = await keyOf(alpen, "respond", ["alpen-muc"]);
  keys.alpenRead = await keyOf(alpen, "read", "all");
  keys.alpen = await keyOf(alpen, "respond", "all");
  // Noordzee handles disputes locally; its head office makes a key of every account.
  keys.noord = await keyOf(orgAdmin("noord-hq", "noord"), "respond", "all");
});
afterAll(async () => {
  await ctx.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const url = (p: string) => `http://localhost/api/v1${p}`;
const get = (p: string, key?: string, headers: Record<string, string> = {}) =>
  new Request(url(p), { headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers } });
const post = (p: string, key: string, body: unknown, idempotencyKey: string | null = crypto.randomUUID()) =>
  new Request(url(p), {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: {
      Authorization: `Bearer ${key}`,
      "Content-Type": "application/json",
      ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
    },
  });
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const list = (key: string, query = "?status=all") => listLoader(args(get(`/cases${query}`, key)));
const read = (key: string, caseNumber: string) => caseLoader(args(get(`/cases/${caseNumber}`, key), { caseNumber }));
const respond = async (key: string, caseNumber: string, body: unknown, idem?: string | null): Promise<Response> =>
  respondAction(args(post(`/cases/${caseNumber}/responses`, key, body, idem), { caseNumber }));
const versionOf = async (caseNumber: string) =>
  (await ctx.db.selectFrom("cases").select("version").where("case_number", "=", caseNumber).executeTakeFirstOrThrow()).version;
const responsesOn = async (caseNumber: string) =>
  (
    await ctx.db
      .selectFrom("case_responses")
      .innerJoin("cases", "cases.id", "case_responses.case_id")
      .select("case_responses.id")
      .where("cases.case_number", "=", caseNumber)
      .execute()
  ).length;
type ProblemBody = { type: string; status: number; problems: { field: string; key: string }[] };
const problemKeys = async (response: Response) => ((await response.json()) as ProblemBody).problems.map((p) => p.key);

describe("bearer keys", () => {
  it("a key limited to München lists München's cases only, and another account's case is a 404", async () => {
    const response = await list(keys.muc!);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json");
    const body = (await response.json()) as { data: { caseNumber: string; account: string }[]; nextCursor: string | null };
    expect(body.data.map((c) => c.caseNumber).sort()).toEqual([cases.muc, cases.mucChargeback, cases.idem].sort());
    expect(new Set(body.data.map((c) => c.account))).toEqual(new Set(["Alpenblick Hotel München"]));
    expect(body.nextCursor).toBeNull();
    expect((await read(keys.muc!, cases.gap!)).status).toBe(404);
    const whole = (await (await list(keys.alpen!)).json()) as { data: { caseNumber: string }[] };
    expect(whole.data.map((c) => c.caseNumber)).toContain(cases.gap);
  });

  it("reads a case with its documents and timeline", async () => {
    const response = await read(keys.muc!, cases.muc!);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ caseNumber: cases.muc, type: "inquiry", status: "awaiting_response", requiredDocuments: [] });
    expect(Array.isArray(body.timeline) && body.timeline.length).toBeGreaterThan(0);
    expect(body).not.toHaveProperty("id");
    expect(body).not.toHaveProperty("transactionId");
  });

  it("a key of Alpenblick gets a 404 for a Noordzee case, read or answered", async () => {
    const response = await read(keys.alpen!, cases.ams!);
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await problemKeys(response)).toEqual(["disputes.error.notFound"]);
    const answered = await respond(keys.alpen!, cases.ams!, { comment: "Ours?", version: await versionOf(cases.ams!) });
    expect(answered.status).toBe(404);
    expect(await responsesOn(cases.ams!)).toBe(0);
  });

  it("a session cookie never authenticates; a missing, malformed or wrong key is a 401; no CORS header", async () => {
    const session = await createSession(ctx.db, idOf(ctx.ids.users, "alpen-hq"), new Date());
    const cookie = await sessionCookie.serialize(session.token);
    const withCookie = await list("", "?status=all").catch(() => null);
    expect(withCookie?.status).toBe(401);
    const cookieOnly = await listLoader(args(get("/cases", undefined, { Cookie: cookie, Origin: "http://localhost" })));
    expect(cookieOnly.status).toBe(401);
    expect(cookieOnly.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(await problemKeys(cookieOnly)).toEqual(["api.error.unauthorized"]);
    const wrongSecret = keys.muc!.replace(/_[a-z2-7]+$/, `_${"a".repeat(32)}`);
    expect((await list(wrongSecret)).status).toBe(401);
    expect((await list("dp_nonsense")).status).toBe(401);
    for (const response of [cookieOnly, await list(keys.muc!)]) expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("a revoked key is refused from the next request on", async () => {
    const actor = orgAdmin("alpen-hq", "alpen");
    const secret = await keyOf(actor, "read", "all");
    expect((await list(secret)).status).toBe(200);
    const row = await ctx.db
      .selectFrom("api_keys")
      .select(["id", "last_used_at"])
      .where("public_id", "=", secret.split("_")[1]!)
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).not.toBeNull();
    expect((await revokeKey(ctx.db, actor, row.id, new Date())).ok).toBe(true);
    expect((await list(secret)).status).toBe(401);
  });

  it("an unknown address under /api/v1 is a problem+json 404", () => {
    const response = catchAll(args(get("/nothing", keys.muc ?? "")));
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("each key has its own rate limit: 429 with Retry-After once it is used up", async () => {
    const secret = await keyOf(orgAdmin("alpen-hq", "alpen"), "read", "all");
    const publicId = secret.split("_")[1]!;
    for (let i = 0; i < RATE_LIMITS.api.points; i++) await consumeRateLimit("api", publicId);
    const limited = await list(secret);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await problemKeys(limited)).toEqual(["api.error.tooManyRequests"]);
    expect((await list(keys.muc!)).status).toBe(200);
  });
});

describe("answering through the API", () => {
  it("a read key cannot respond (403) and nothing is written", async () => {
    const response = await respond(keys.alpenRead!, cases.muc!, { comment: "Receipt attached.", version: await versionOf(cases.muc!) });
    expect(response.status).toBe(403);
    expect(await problemKeys(response)).toEqual(["api.error.scopeMissing"]);
    expect(await responsesOn(cases.muc!)).toBe(0);
  });

  it("under local handling a head-office key gets the page's 403", async () => {
    const response = await respond(keys.noord!, cases.ams!, { comment: "From head office", version: await versionOf(cases.ams!) });
    expect(response.status).toBe(403);
    expect(await problemKeys(response)).toEqual(["disputes.localHandling"]);
    expect(await responsesOn(cases.ams!)).toBe(0);
  });

  it("a credit on a chargeback is refused with the form's problem", async () => {
    const version = await versionOf(cases.mucChargeback!);
    const response = await respond(keys.muc!, cases.mucChargeback!, { comment: "Refunded", credit: "10.00", version });
    expect(response.status).toBe(400);
    const form = await submitResponse(
      ctx.db,
      orgAdmin("alpen-hq", "alpen"),
      cases.mucChargeback!,
      { comment: "Refunded", creditText: "10.00", accept: false, version, attachments: [] },
      new Date(),
    );
    expect(form.ok).toBe(false);
    const formKeys = form.ok ? [] : form.problems.map((p) => p.key);
    expect(await problemKeys(response)).toEqual(formKeys);
    expect(formKeys).toEqual(["response.error.credit_not_allowed_on_chargeback"]);
  });

  it("a body that is not the expected JSON is a 400, and a POST without Idempotency-Key too", async () => {
    const version = await versionOf(cases.muc!);
    expect((await respond(keys.muc!, cases.muc!, "{not json")).status).toBe(400);
    expect(await problemKeys(await respond(keys.muc!, cases.muc!, { comment: "x", version: "1" }))).toEqual(["disputes.error.invalid"]);
    expect((await respond(keys.muc!, cases.muc!, { comment: "x", version, extra: 1 })).status).toBe(400);
    const without = await respond(keys.muc!, cases.muc!, { comment: "x", version }, null);
    expect(without.status).toBe(400);
    expect(await problemKeys(without)).toEqual(["api.error.idempotencyKey"]);
    expect(await responsesOn(cases.muc!)).toBe(0);
  });

  it("the same Idempotency-Key and body answer the first answer again; another body with it is a 422", async () => {
    const body = { comment: "Stay confirmed, invoice on file.", version: await versionOf(cases.idem!) };
    const first = await respond(keys.muc!, cases.idem!, body, "order-4711");
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const second = await respond(keys.muc!, cases.idem!, body, "order-4711");
    expect(second.status).toBe(201);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await second.text()).toBe(firstBody);
    expect(await responsesOn(cases.idem!)).toBe(1);
    const other = await respond(keys.muc!, cases.idem!, { ...body, comment: "Something else" }, "order-4711");
    expect(other.status).toBe(422);
    expect(await problemKeys(other)).toEqual(["api.error.idempotencyReused"]);
    // Another key may use the same Idempotency-Key: keys are per API key.
    const byOther = await respond(keys.alpen!, cases.idem!, body, "order-4711");
    expect(byOther.status).toBe(409);
    expect(await responsesOn(cases.idem!)).toBe(1);
  });

  it("50 parallel POSTs with one Idempotency-Key make one response, and all get its answer", async () => {
    const body = { comment: "Parallel answer", version: await versionOf(cases.parallel!) };
    const answers = await Promise.all(Array.from({ length: 50 }, () => respond(keys.alpen!, cases.parallel!, body, "parallel-1")));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 201));
    expect(new Set(await Promise.all(answers.map((a) => a.text()))).size).toBe(1);
    expect(answers.filter((a) => a.headers.get("Idempotent-Replayed") !== "true")).toHaveLength(1);
    expect(await responsesOn(cases.parallel!)).toBe(1);
  });

  it("accepts a chargeback", async () => {
    const caseNumber = cases.mucChargeback!;
    const response = await acceptAction(
      args(post(`/cases/${caseNumber}/accept`, keys.muc!, { version: await versionOf(caseNumber) }), { caseNumber }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ caseNumber, outcome: "accepted" });
  });
});

describe("statements through the API", () => {
  beforeAll(async () => {
    // A sale on each account the day after it opened, and statements for the months since.
    const day = 24 * 60 * 60 * 1000;
    const accounts = ["alpen-muc", "alpen-gap", "alpen-vie", "noord-ams"].map((a) => idOf(ctx.ids.accounts, a));
    for (const [i, accountId] of accounts.entries()) {
      await ctx.db
        .insertInto("transactions")
        .values({
          account_id: accountId,
          occurred_at: new Date(now.getTime() + day).toISOString(),
          amount_minor: 1250,
          currency: "EUR",
          card_last4: "4242",
          network_reference: `API-STATEMENT-${i}`,
          description: "Sale",
          created_at: now.toISOString(),
        })
        .execute();
    }
    await generateDueStatements(ctx.db, new Date(now.getTime() + 75 * day), { accountIds: accounts });
  });
  const statementOf = async (account: string) =>
    (
      await ctx.db
        .selectFrom("statements")
        .select("id")
        .where("account_id", "=", idOf(ctx.ids.accounts, account))
        .orderBy("month", "desc")
        .executeTakeFirstOrThrow()
    ).id;
  const statement = (id: number | string, key: string, accept?: string) =>
    statementLoader(args(get(`/statements/${id}`, key, accept ? { Accept: accept } : {}), { id: String(id) }));

  it("a key limited to München lists München's statements only; a key of every account lists all of Alpenblick's", async () => {
    const muc = idOf(ctx.ids.accounts, "alpen-muc");
    const first = await statementListLoader(args(get("/statements", keys.muc)));
    expect(first.status).toBe(200);
    const body = (await first.json()) as { data: { accountId: number; month: string }[]; nextCursor: string | null };
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((s) => s.accountId === muc)).toBe(true);
    const other = await statementListLoader(args(get(`/statements?account=${idOf(ctx.ids.accounts, "alpen-gap")}`, keys.muc)));
    expect(((await other.json()) as { data: unknown[] }).data).toEqual([]);
    const all = (await (await statementListLoader(args(get("/statements?cursor=not-ours", keys.alpenRead)))).json()) as typeof body;
    const alpenAccounts = ["alpen-muc", "alpen-gap", "alpen-vie"].map((a) => idOf(ctx.ids.accounts, a));
    expect(new Set(all.data.map((s) => s.accountId))).toEqual(new Set(alpenAccounts));
  });

  it("an account that is not a number is a 400 naming the field", async () => {
    const response = await statementListLoader(args(get("/statements?account=muc", keys.muc)));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ problems: [{ field: "account", key: "api.error.account" }] });
  });

  it("reads a statement as JSON, PDF or CSV; another organisation's or another account's is a 404", async () => {
    const id = await statementOf("alpen-muc");
    const json = await statement(id, keys.muc!);
    expect(json.headers.get("Content-Type")).toBe("application/json");
    const doc = (await json.json()) as { statement: { id: number; accountId: number }; lines: unknown[] };
    expect(doc.statement).toMatchObject({ id, accountId: idOf(ctx.ids.accounts, "alpen-muc") });
    expect(doc.lines.length).toBeGreaterThan(0);

    const pdf = await statement(id, keys.muc!, "application/pdf");
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString("latin1"),
    ).toBe("%PDF-");

    const csv = await statement(id, keys.muc!, "text/csv;q=0.9, application/json;q=0.5");
    expect(csv.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect((await csv.text()).trim().split("\r\n").length).toBeGreaterThan(1);

    for (const [other, key] of [
      [await statementOf("noord-ams"), keys.alpen!],
      [await statementOf("alpen-gap"), keys.muc!],
      ["x1", keys.muc!],
    ] as const) {
      const refused = await statement(other, key, "application/pdf");
      expect(refused.status).toBe(404);
      expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
    }
  });
});
