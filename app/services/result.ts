import type { MessageKey, Params } from "~/i18n";

// The one answer shape of every service: `{ ok: true, ... }` or a refusal with an HTTP status and
// the problems to show next to the fields (field "form" for the whole form).

export type Problem = { field: string; key: MessageKey; params?: Params };

export type Refused = { ok: false; status: 400 | 403 | 404 | 409 | 413 | 429; problems: Problem[] };

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
