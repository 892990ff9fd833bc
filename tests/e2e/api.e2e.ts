import { describe, expect, it } from "vitest";
import type { DB } from "../../db/connection";
import { createApiKey, revokeKey } from "../../app/services/api-keys.server";
import type { Actor } from "../../app/domain/permissions";
import { baseURL } from "./browser";
import { lookUp } from "./database";

// /api/v1 over real HTTP through the compiled server (issue 13): bearer keys pass the edge that
// guards the forms, cookies do not authenticate, and no CORS header is ever sent.

async function adminOf(db: DB, username: string): Promise<Actor> {
  const user = await db.selectFrom("users").select(["id", "organisation_id"]).where("username", "=", username).executeTakeFirstOrThrow();
  return { userId: user.id, role: "org_admin", organisationId: user.organisation_id, assignedAccountIds: [] };
}

async function newKey(scope: "read" | "respond", accountName: string): Promise<{ secret: string; id: number }> {
  return lookUp(async (db) => {
    const actor = await adminOf(db, "alpen-hq");
    const accounts =
      accountName === "all"
        ? ("all" as const)
        : [(await db.selectFrom("accounts").select("id").where("name", "=", accountName).executeTakeFirstOrThrow()).id];
    const created = await createApiKey(db, actor, { name: `e2e ${scope}`, scope, accounts }, new Date());
    if (!created.ok) throw new Error("no key");
    const row = await db.selectFrom("api_keys").select("id").where("public_id", "=", created.publicId).executeTakeFirstOrThrow();
    return { secret: created.secret, id: row.id };
  });
}

const api = (path: string, init: RequestInit = {}) => fetch(new URL(`/api/v1${path}`, baseURL()), { redirect: "manual", ...init });

describe("/api/v1 over HTTP", () => {
  it("a München key lists München's cases only; a Garmisch case is a 404; no CORS header", async () => {
    const { secret } = await newKey("read", "Alpenblick Hotel München");
    const response = await api("/cases?status=all", {
      headers: { Authorization: `Bearer ${secret}`, Origin: "https://elsewhere.example" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const body = (await response.json()) as { data: { account: string }[] };
    expect(body.data.length).toBeGreaterThan(0);
    expect(new Set(body.data.map((c) => c.account))).toEqual(new Set(["Alpenblick Hotel München"]));
    const garmisch = await lookUp((db) =>
      db
        .selectFrom("cases")
        .innerJoin("accounts", "accounts.id", "cases.account_id")
        .select("cases.case_number")
        .where("accounts.name", "=", "Alpenblick Hotel Garmisch")
        .executeTakeFirstOrThrow(),
    );
    const other = await api(`/cases/${garmisch.case_number}`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(other.status).toBe(404);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
  });

  it("a POST with a bearer key from another origin reaches the API (no form Origin check); a read key gets the scope's 403", async () => {
    const { secret } = await newKey("read", "all");
    const response = await api("/cases/INQ-0000-000000/responses", {
      method: "POST",
      body: JSON.stringify({ comment: "x", version: 1 }),
      headers: {
        Authorization: `Bearer ${secret}`,
        "Content-Type": "application/json",
        "Idempotency-Key": "e2e-1",
        Origin: "https://elsewhere.example",
      },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(((await response.json()) as { problems: { key: string }[] }).problems.map((p) => p.key)).toEqual(["api.error.scopeMissing"]);
    const preflight = await api("/cases", {
      method: "OPTIONS",
      headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a signed-in session's cookie does not authenticate; a revoked key is refused at once", async () => {
    const login = await fetch(new URL("/login", baseURL()), {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ username: "alpen-hq", password: "portal-demo-2026" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL(), "X-Forwarded-For": "203.0.113.77" },
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(cookie).toMatch(/^portal_session=./);
    const withCookie = await api("/cases", { headers: { Cookie: cookie } });
    expect(withCookie.status).toBe(401);
    const { secret, id } = await newKey("read", "all");
    expect((await api("/cases", { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(200);
    await lookUp(async (db) => expect((await revokeKey(db, await adminOf(db, "alpen-hq"), id, new Date())).ok).toBe(true));
    expect((await api("/cases", { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(401);
  });

  it("serves the OpenAPI document", async () => {
    const response = await api("/openapi.json");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });
});
