// The promise job's rule (SPEC 9, issue 14 item 5): which promise of an open request is close to
// breaking or broken at `now`, and so needs its warning or breach recorded. Pure; the same
// promiseState the desk's pages show, so the job and the pages never disagree.

import { isOpenSupportStatus, type SupportCategory, type SupportStatus } from "./support-request";
import { dueSoonUntil, promiseState } from "./support-rules";

export type PromiseName = "acknowledge" | "resolve";
export type PromiseMark = "warning" | "breached";

export interface PromiseFacts {
  status: SupportStatus;
  category: SupportCategory;
  acknowledgeBy: Date;
  acknowledgedAt: Date | null;
  resolveBy: Date | null;
  solvedAt: Date | null;
  acknowledgeWarnedAt: Date | null;
  acknowledgeBreachedAt: Date | null;
  resolveWarnedAt: Date | null;
  resolveBreachedAt: Date | null;
}

export interface PromiseMarkDue {
  promise: PromiseName;
  mark: PromiseMark;
  dueAt: Date;
}

/**
 * The marks to record now, each at most once per request: a warning while the promise is due
 * soon, a breach once it passed unfulfilled. A promise found already broken gets its breach
 * only: a warning after the fact would say something untrue. Only open requests: a solved one
 * is the desk's answer given (reopening makes it open again and the clock was never stopped).
 */
export function promiseMarksDue(r: PromiseFacts, now: Date): PromiseMarkDue[] {
  if (!isOpenSupportStatus(r.status)) return [];
  const due: PromiseMarkDue[] = [];
  const check = (promise: PromiseName, dueAt: Date, warnedAt: Date | null, breachedAt: Date | null) => {
    const state = promiseState(dueAt, null, now);
    if (state === "broken" && breachedAt === null) due.push({ promise, mark: "breached", dueAt });
    if (state === "due_soon" && warnedAt === null && breachedAt === null) due.push({ promise, mark: "warning", dueAt });
  };
  if (r.acknowledgedAt === null) check("acknowledge", r.acknowledgeBy, r.acknowledgeWarnedAt, r.acknowledgeBreachedAt);
  // The two-month promise is a complaint's only (SPEC 9); recategorised away, it no longer applies.
  if (r.category === "complaint" && r.resolveBy !== null && r.solvedAt === null) {
    check("resolve", r.resolveBy, r.resolveWarnedAt, r.resolveBreachedAt);
  }
  return due;
}

/**
 * The same rule as bounds for SQL, so a query narrows the candidates and a conditional update
 * re-checks them: due soon is `now <= due <= until`, broken is `due < now`.
 */
export function promiseBounds(now: Date): { now: Date; dueSoonUntil: Date } {
  return { now, dueSoonUntil: dueSoonUntil(now) };
}

/** The timeline's event type for a mark. */
export function promiseEventType(mark: PromiseMark): "promise_warning" | "promise_breached" {
  return mark === "warning" ? "promise_warning" : "promise_breached";
}

/** What a mark is about, the same however often it is found: one notice per request, promise and mark. */
export function promiseNoticeKey(requestId: number, promise: PromiseName, mark: PromiseMark): string {
  return `support-promise:${requestId}:${promise}:${mark}`;
}
