import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { z } from "zod";
import type { ApiScope } from "~/domain/api-keys";
import { negotiateLocale, translate, type Locale } from "~/i18n";
import { authenticateApiKey, requireScope, type ApiCaller } from "~/services/api/keys.server";
import { refused, type Problem, type Refused } from "~/services/result";
import { systemClock } from "./clock.server";
import { getDb } from "./db.server";
import { MAX_FORM_BODY_BYTES, withoutNul } from "./http.server";
import { consumeRateLimit } from "./rate-limit.server";

// The edge of /api/v1 (SPEC 13): bearer key, per-key rate limit, scope, JSON in and out, and
// errors as RFC 9457 problem details carrying the same problem keys the forms show.

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
};

const NO_STORE = { "Cache-Control": "no-store" };

export function apiJson(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...NO_STORE, ...headers } });
}

/** The problem's `type` names its first key; `problems` lists every field's key and its text. */
export function apiProblem(request: Request, refusal: { status: number; problems: Problem[] }, headers: HeadersInit = {}): Response {
  const locale: Locale = negotiateLocale(request.headers.get("Accept-Language"));
  const problems = refusal.problems.map((p) => ({ field: p.field, key: p.key, detail: translate(locale, p.key, p.params) }));
  const first = problems[0];
  const body = {
    type: first ? `urn:dispute-portal:problem:${first.key}` : "about:blank",
    title: STATUS_TITLES[refusal.status] ?? "Error",
    status: refusal.status,
    ...(first ? { detail: first.detail } : {}),
    instance: new URL(request.url).pathname,
    problems,
  };
  return new Response(JSON.stringify(body), {
    status: refusal.status,
    headers: { "Content-Type": "application/problem+json", "Content-Language": locale, ...NO_STORE, ...headers },
  });
}

export const methodNotAllowed = (request: Request, allow: string) =>
  apiProblem(request, { status: 405, problems: [{ field: "form", key: "api.error.method" }] }, { Allow: allow });

/**
 * Runs an API handler for the caller of the request's key. A cookie is never read here; the
 * Origin check for forms does not apply (app/server.ts), and no CORS header is ever sent.
 */
export async function withApiKey(
  request: Request,
  scope: ApiScope,
  handle: (caller: ApiCaller, now: Date) => Promise<Response>,
): Promise<Response> {
  const now = systemClock();
  const auth = await authenticateApiKey(getDb(), request.headers.get("Authorization"), now);
  if (!auth.ok) return apiProblem(request, auth, { "WWW-Authenticate": 'Bearer realm="api"' });
  const limit = await consumeRateLimit("api", auth.caller.publicId);
  if (!limit.ok) {
    const refusal = refused(429, [{ field: "form", key: "api.error.tooManyRequests" }]);
    return apiProblem(request, refusal, { "Retry-After": String(limit.retryAfterSeconds) });
  }
  const missing = requireScope(auth.caller, scope);
  if (missing) return apiProblem(request, missing);
  return handle(auth.caller, now);
}

export type JsonBody<T> = { ok: true; data: T; raw: string } | { ok: false; response: Response };

/** The request's JSON checked with the schema; anything else is a 400 (or 413, 415), never a 500. */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes: number = MAX_FORM_BODY_BYTES,
): Promise<JsonBody<z.output<S>>> {
  const bad = (status: number, key: Problem["key"] = "api.error.body", field = "form") =>
    ({ ok: false, response: apiProblem(request, { status, problems: [{ field, key }] }) }) as const;
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) return bad(415);
  const raw = await request.text();
  if (new TextEncoder().encode(raw).byteLength > maxBytes) return bad(413);
  let value: unknown;
  try {
    value = JSON.parse(withoutNul(raw));
  } catch {
    return bad(400);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, response: apiProblem(request, { status: 400, problems: problemsOfIssues(parsed.error) }) };
  return { ok: true, data: parsed.data, raw };
}

/** A schema's refusal as problems: each issue's message is a problem key (else `fallback`). */
export function problemsOfIssues(error: z.ZodError, fallback: Problem["key"] = "api.error.body"): Problem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : "form",
    key: (/^[a-z]+(\.[A-Za-z_]+)+$/.test(issue.message) ? issue.message : fallback) as Problem["key"],
  }));
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key every POST must carry, or the 400 that says so. */
export function idempotencyKeyOf(request: Request): { ok: true; key: string } | { ok: false; response: Response } {
  const key = request.headers.get("Idempotency-Key");
  if (key && IDEMPOTENCY_KEY.test(key)) return { ok: true, key };
  return {
    ok: false,
    response: apiProblem(request, { status: 400, problems: [{ field: "Idempotency-Key", key: "api.error.idempotencyKey" }] }),
  };
}

/** What "the same request" means for an Idempotency-Key: method, path and body, byte for byte. */
export function requestHash(request: Request, raw: string): string {
  const url = new URL(request.url);
  return encodeHexLowerCase(sha256(new TextEncoder().encode(`${request.method} ${url.pathname}\n${raw}`)));
}

export function refusalAnswer(request: Request, refusal: Refused): Response {
  return apiProblem(request, refusal);
}
