import { redirect } from "@remix-run/node";
import type { User } from "../../db/schema";
import type { Actor } from "~/domain/permissions";
import { loadActor } from "~/models/user.server";
import { systemClock } from "./clock.server";
import { getDb } from "./db.server";
import { readSessionToken, sessionCookie, validateSessionToken } from "./session.server";

export interface SignedIn {
  user: User;
  actor: Actor;
  sessionId: string;
}

// Memoised per Request object: a page's loaders share one session lookup.
const cache = new WeakMap<Request, Promise<SignedIn | null>>();

export function getSignedIn(request: Request): Promise<SignedIn | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = (async () => {
      const token = await readSessionToken(request);
      if (!token) return null;
      const db = getDb();
      const valid = await validateSessionToken(db, token, systemClock());
      if (!valid) return null;
      return { user: valid.user, actor: await loadActor(db, valid.user), sessionId: valid.sessionId };
    })();
    cache.set(request, pending);
  }
  return pending;
}

/** The signed-in user, or a redirect to the sign-in page that brings them back here afterwards. */
export async function requireSignedIn(request: Request): Promise<SignedIn> {
  const signedIn = await getSignedIn(request);
  if (signedIn) return signedIn;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  throw redirect(`/login?${params}`, {
    headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0 }) },
  });
}

/** Signed in with one of the given roles; anyone else gets a 403. */
export async function requireRole(request: Request, roles: readonly Actor["role"][]): Promise<SignedIn> {
  const signedIn = await requireSignedIn(request);
  if (!roles.includes(signedIn.actor.role)) throw forbidden();
  return signedIn;
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}
