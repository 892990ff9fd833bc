import { seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { hashPassword } from "../../app/services/auth.server";
import { createTestDatabase } from "./db";

/**
 * For loader/action tests: a fresh migrated database with the demo organisations and users, made
 * the one `getDb()` returns (the app reads DATABASE_PATH or DATABASE_URL once, like in production).
 */
export async function useRouteTestDatabase(now = new Date()) {
  const test = await createTestDatabase();
  Object.assign(process.env, test.env);
  const holder = globalThis as unknown as { __portalDb?: unknown };
  holder.__portalDb = test.db;
  const ids: SeededIds = await seedOrganisationsAndUsers(test.db, now, hashPassword);
  return { ...test, ids };
}

export function formRequest(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(new URL(url, "http://localhost"), {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

/** The HTTP status of what `responseOf` handed back; data returned without an init is a 200. */
export function statusOf(result: Response | { init: ResponseInit | null }): number {
  return result instanceof Response ? result.status : (result.init?.status ?? 200);
}

/** Runs a loader or action and hands back its Response, whether it was returned or thrown. */
export async function responseOf(run: () => Promise<unknown>): Promise<Response | { data: unknown; init: ResponseInit | null }> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    if (result && typeof result === "object" && "type" in result && (result as { type: string }).type === "DataWithResponseInit") {
      const r = result as unknown as { data: unknown; init: ResponseInit | null };
      return { data: r.data, init: r.init };
    }
    return { data: result, init: null };
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
