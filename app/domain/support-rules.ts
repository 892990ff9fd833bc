// The desk's promises, routing and duplicate rule (SPEC 9, issue 14 item 1). Pure.

import { addDays, addMonths, differenceInCalendarDays, endOfDay } from "date-fns";
import { tz } from "@date-fns/tz";
import { isOpenSupportStatus, SUPPORT_TIME_ZONE, type SupportCategory, type SupportStatus } from "./support-request";

export const ACK_PROMISE_DAYS = 10;
export const COMPLAINT_PROMISE_MONTHS = 2;
/** "Close to a broken promise": this many Berlin calendar days or fewer left. */
export const PROMISE_WARNING_DAYS = 2;
export const DEFAULT_MAX_OPEN_PER_AGENT = 20;

const berlin = { in: tz(SUPPORT_TIME_ZONE) };
const utc = (d: Date) => new Date(d.getTime());

/**
 * "Receipt is acknowledged within at most ten days": the end of the Berlin calendar day ten days
 * after the Berlin day of receipt.
 */
export function acknowledgementDueAt(receivedAt: Date): Date {
  return utc(endOfDay(addDays(receivedAt, ACK_PROMISE_DAYS, berlin), berlin));
}

/**
 * "A complaint is handled within at most two months of receipt": the end of the Berlin day with
 * the same day number two months after the day of receipt; where that month is shorter, its last
 * day (received 31 December → due 28 February; 31 January → 31 March; 30 December → 28/29 Feb).
 * This is date-fns addMonths, and the way a German period of months ends (§ 188 (2), (3) BGB).
 */
export function complaintDueAt(receivedAt: Date): Date {
  return utc(endOfDay(addMonths(receivedAt, COMPLAINT_PROMISE_MONTHS, berlin), berlin));
}

export type Promises = { acknowledgeBy: Date; resolveBy: Date | null };

/** Every request is acknowledged; only complaints carry the two-month promise. */
export function promisesFor(category: SupportCategory, receivedAt: Date): Promises {
  return { acknowledgeBy: acknowledgementDueAt(receivedAt), resolveBy: category === "complaint" ? complaintDueAt(receivedAt) : null };
}

export type PromiseState = "kept" | "broken" | "due_soon" | "pending";

/**
 * Where a promise stands at `now`: kept when fulfilled by its deadline, broken when fulfilled
 * late or not at all by then, due soon when PROMISE_WARNING_DAYS or fewer Berlin calendar days
 * are left (a deadline today counts as 0 left), pending otherwise. Waiting for the merchant does
 * not stop the clock (SPEC 9).
 */
export function promiseState(dueAt: Date, fulfilledAt: Date | null, now: Date, warningDays = PROMISE_WARNING_DAYS): PromiseState {
  if (fulfilledAt !== null) return fulfilledAt.getTime() <= dueAt.getTime() ? "kept" : "broken";
  if (now.getTime() > dueAt.getTime()) return "broken";
  return differenceInCalendarDays(dueAt, now, berlin) <= warningDays ? "due_soon" : "pending";
}

/** The latest due date that counts as "due soon" at `now`, for a query to narrow candidates. */
export function dueSoonUntil(now: Date, warningDays = PROMISE_WARNING_DAYS): Date {
  return utc(endOfDay(addDays(now, warningDays, berlin), berlin));
}

// ---------------------------------------------------------------------------
// Routing: who gets a new request.

export type RoutingInput = {
  /** The agent responsible for the merchant organisation, if one is set and active. */
  organisationAgentId: number | null;
  /** The agent responsible for the request's category, if one is set and active. */
  categoryAgentId: number | null;
  /** Open requests each of those agents holds now (read inside the filing transaction). */
  openCount: (agentId: number) => number;
  maxOpenPerAgent: number;
};

export type Routing = { assignedTo: number; reason: "organisation" | "category" } | { assignedTo: null; reason: "queue" | "agent_full" };

/**
 * The responsible person found first: the organisation's agent, else the category's agent, else
 * the general tier-1 queue. An agent already holding `maxOpenPerAgent` open requests gets no new
 * one: it waits in the queue. A full organisation agent does not hand the merchant to the category
 * agent (one responsible person per customer); the request waits unassigned for the desk to take.
 */
export function routeRequest(input: RoutingInput): Routing {
  const full = (id: number) => input.openCount(id) >= input.maxOpenPerAgent;
  if (input.organisationAgentId !== null) {
    return full(input.organisationAgentId)
      ? { assignedTo: null, reason: "agent_full" }
      : { assignedTo: input.organisationAgentId, reason: "organisation" };
  }
  if (input.categoryAgentId !== null) {
    return full(input.categoryAgentId)
      ? { assignedTo: null, reason: "agent_full" }
      : { assignedTo: input.categoryAgentId, reason: "category" };
  }
  return { assignedTo: null, reason: "queue" };
}

// ---------------------------------------------------------------------------
// No duplicates.

export type DuplicateCandidate = { organisationId: number; category: SupportCategory; caseId: number | null };
export type ExistingRequest = DuplicateCandidate & { id: number; status: SupportStatus; receivedAt: Date };

/**
 * SPEC 9: a request with the same category and the same linked case as an open request of the
 * same organisation is a duplicate; the open one is shown instead (the oldest, if there are
 * several). Without a linked case nothing is a duplicate: two unlinked questions are two questions.
 * Solved and closed requests do not count: the merchant reopens those or files anew.
 */
export function findDuplicate<T extends ExistingRequest>(candidate: DuplicateCandidate, existing: readonly T[]): T | null {
  if (candidate.caseId === null) return null;
  const matches = existing.filter(
    (r) =>
      r.organisationId === candidate.organisationId &&
      r.category === candidate.category &&
      r.caseId === candidate.caseId &&
      isOpenSupportStatus(r.status),
  );
  matches.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id);
  return matches[0] ?? null;
}

/**
 * The desk's own setting (SPEC 9 "up to 20 requests at once (setting)"), stored in the settings
 * table like the platform settings; it joins the admin's settings page with the desk (item 3+).
 */
export const MAX_OPEN_PER_AGENT_SETTING = {
  key: "support.max_open_per_agent",
  defaultValue: DEFAULT_MAX_OPEN_PER_AGENT,
  min: 1,
  max: 500,
} as const;

export function maxOpenPerAgentFrom(stored: string | null | undefined): number {
  const { defaultValue, min, max } = MAX_OPEN_PER_AGENT_SETTING;
  if (stored === null || stored === undefined || !/^\d{1,9}$/.test(stored.trim())) return defaultValue;
  const value = Number(stored.trim());
  return value >= min && value <= max ? value : defaultValue;
}

// ---------------------------------------------------------------------------
// The desk's queues (issue 14 item 3): open requests only.

export const DESK_QUEUES = ["mine", "tier", "unassigned", "due_soon", "breached", "callbacks"] as const;
export type DeskQueue = (typeof DESK_QUEUES)[number];

export const isDeskQueue = (v: unknown): v is DeskQueue => typeof v === "string" && (DESK_QUEUES as readonly string[]).includes(v);
