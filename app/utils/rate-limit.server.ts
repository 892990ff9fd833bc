import fs from "node:fs";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import SQLite from "better-sqlite3";
import pg from "pg";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";
import { negotiateLocale, translate } from "~/i18n";
import { getEnv } from "./env.server";
import { refusal } from "./http.server";

/**
 * Requests per client address (rate-limiter-flexible). Generous for an office behind one address,
 * tight where a request costs a password check or sends an email. The per-user lock on sign-in
 * failures (app/domain/sign-in.ts) is the defence against guessing one account; these stop one
 * address from trying many accounts, or from filling the outbox.
 */
export const RATE_LIMITS = {
  /** Every POST, PUT, PATCH or DELETE. */
  post: { points: 300, duration: 5 * 60 },
  /** POST /login. */
  signIn: { points: 30, duration: 10 * 60 },
  /** POST /forgot: each may send a reset email, so a few an hour. */
  passwordReset: { points: 5, duration: 60 * 60 },
  /** POST /reset/$token. */
  resetLink: { points: 10, duration: 60 * 60 },
  /** Every /api/v1 request, counted per API key (not per address): 300 a minute. */
  api: { points: 300, duration: 60 },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

type Limiters = Record<RateLimitName, RateLimiterStoreAbstract>;
const holder = globalThis as unknown as { __portalRateLimiters?: Promise<Limiters> };

/**
 * On PostgreSQL (DATABASE_URL): in the portal's database, table rate_limits (made by migration
 * 2026-12-03-1003), so every portal process on it counts together; a small pool of its own, so a
 * request's count never waits behind the portal's busy connections.
 */
function postgresLimiters(url: string): Limiters {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on("error", (error) => console.warn("[rate limits] idle connection failed:", error.message));
  const entries = (Object.keys(RATE_LIMITS) as RateLimitName[]).map((name) => {
    const limit = RATE_LIMITS[name];
    const limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: name,
      ...limit,
      clearExpiredByTimeout: true,
      // Should the database be unreachable, each process still limits on its own.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, ...limit }),
    });
    return [name, limiter] as const;
  });
  return Object.fromEntries(entries) as Limiters;
}

/**
 * On SQLite: kept in their own SQLite file beside the data, shared by every process of the portal on the
 * machine. Not in the portal's database: the library writes synchronously on its own connection,
 * and a write waiting there for a transaction of the portal's connection would block the very
 * event loop that transaction needs to finish.
 */
function limiters(): Promise<Limiters> {
  holder.__portalRateLimiters ??= (async () => {
    const url = getEnv().DATABASE_URL;
    if (url) return postgresLimiters(url);
    const dir = path.resolve(getEnv().DATA_DIR);
    fs.mkdirSync(dir, { recursive: true });
    const sqlite = new SQLite(path.join(dir, "rate-limits.sqlite"));
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 1000");
    const entries = await Promise.all(
      (Object.keys(RATE_LIMITS) as RateLimitName[]).map(
        (name) =>
          new Promise<[RateLimitName, RateLimiterSQLite]>((resolve, reject) => {
            const limit = RATE_LIMITS[name];
            const limiter: RateLimiterSQLite = new RateLimiterSQLite(
              {
                storeClient: sqlite,
                storeType: "better-sqlite3",
                tableName: "rate_limits",
                keyPrefix: name,
                ...limit,
                clearExpiredByTimeout: true,
                // Should the file be unusable, each process still limits on its own.
                insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, ...limit }),
              },
              (error?: unknown) =>
                error
                  ? reject(error instanceof Error ? error : new Error("rate limiter store failed", { cause: error }))
                  : resolve([name, limiter]),
            );
          }),
      ),
    );
    return Object.fromEntries(entries) as Limiters;
  })().catch((error: unknown) => {
    // Not kept: a store that failed to open once is tried again by the next request.
    holder.__portalRateLimiters = undefined;
    throw error;
  });
  return holder.__portalRateLimiters;
}

export type RateLimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one request of the address against the limit. */
export async function consumeRateLimit(name: RateLimitName, address: string): Promise<RateLimitVerdict> {
  try {
    await (await limiters())[name].consume(address);
    return { ok: true };
  } catch (refused) {
    if (refused instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) };
    throw refused;
  }
}

/**
 * For an action: a 429 (shown by the root error page, in the user's language) once the address
 * has used up the limit. The address comes from app/server.ts; without one (a direct call in a
 * test) there is nothing to count by.
 */
export async function enforceRateLimit(name: RateLimitName, request: Request, context: AppLoadContext): Promise<void> {
  if (!context.clientAddress) return;
  const verdict = await consumeRateLimit(name, context.clientAddress);
  if (!verdict.ok) {
    const { retryAfterSeconds } = verdict;
    throw refusal(request, 429, { retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
  }
}

/** The answer of the general limit, given before Remix: a plain page in the visitor's language. */
export function tooManyRequestsPage(acceptLanguage: string | undefined, retryAfterSeconds: number): string {
  const locale = negotiateLocale(acceptLanguage);
  const title = translate(locale, "error.title");
  const message = translate(locale, "error.tooManyRequests", { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p>${message}</p></main></body></html>`;
}
