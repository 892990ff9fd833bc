import type { DB } from "../../db/connection";
import type { MessageKey, Params } from "~/i18n";

// The one answer shape of every service: `{ ok: true, ... }` or a refusal with an HTTP status and
// the problems to show next to the fields (field "form" for the whole form).

export type Problem = { field: string; key: MessageKey; params?: Params };

export type Refused = { ok: false; status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429; problems: Problem[] };

export type ServiceResult<T extends object = object> = ({ ok: true } & T) | Refused;

export function refused(status: Refused["status"], problems: Problem[]): Refused {
  return { ok: false, status, problems };
}

export const forbidden = (key: MessageKey = "disputes.error.forbidden"): Refused => refused(403, [{ field: "form", key }]);

export function isRefused(value: unknown): value is Refused {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** Thrown inside a transaction to roll it back and answer with this refusal. */
export class RefusedError extends Error {
  constructor(readonly refusal: Refused) {
    super("refused");
  }
}

/** The refusal as the field → message map a form shows (the first problem of each field). */
export function fieldErrorsOf(refusal: Refused): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  for (const problem of refusal.problems) errors[problem.field] ??= problem.key;
  return errors;
}

/** For a loader: a refusal becomes the bare status page (a 404 does not tell what exists). */
export function refusalResponse(refusal: Refused): Response {
  const text = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    410: "Gone",
    413: "Payload Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
  }[refusal.status];
  return new Response(text, { status: refusal.status });
}

/** Runs `work` in one transaction (or the caller's); a thrown RefusedError rolls back and becomes the answer. */
export async function inRefusableTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T | Refused> {
  if (db.isTransaction) return work(db);
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (error instanceof RefusedError) return error.refusal;
    throw error;
  }
}
