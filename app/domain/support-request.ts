// The support request of SPEC 9 and issue 14: its lifecycle, tiers and escalation, as one
// transition table like the case state machine (case-state.ts). Pure: the caller loads the
// request, passes `now`, and writes what comes back in one transaction.

import { addDays, endOfDay } from "date-fns";
import { tz, TZDate } from "@date-fns/tz";

/** The desk works in Frankfurt: the promises and the request numbers count Berlin calendar days. */
export const SUPPORT_TIME_ZONE = "Europe/Berlin";

export const SUPPORT_CATEGORIES = ["information", "access", "change", "incident", "complaint"] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];

export const SUPPORT_STATUSES = ["received", "in_progress", "waiting_for_merchant", "solved", "closed"] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

export const REPLY_CHANNELS = ["portal", "email", "phone"] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/** "Open": the desk still owes an answer. A solved request waits only for the merchant's word. */
export const OPEN_SUPPORT_STATUSES: readonly SupportStatus[] = ["received", "in_progress", "waiting_for_merchant"];

/** A solved request may be reopened for this many Berlin calendar days after its solution. */
export const REOPEN_WINDOW_DAYS = 14;

export type SupportActor = { kind: "merchant" } | { kind: "agent"; tier: Tier } | { kind: "system" };
export type SupportActorKind = SupportActor["kind"];

/** An agent as a take or a hand-over sees them, read inside the write's transaction. */
export type AgentLoad = { userId: number; tier: Tier; openCount: number };

export type SupportEvent =
  | { type: "take"; agent: AgentLoad; maxOpenPerAgent: number }
  | { type: "hand_over"; to: AgentLoad; maxOpenPerAgent: number }
  | { type: "reply"; visibility: "public" }
  | { type: "ask_merchant" }
  | { type: "merchant_reply" }
  | { type: "solve" }
  | { type: "confirm" }
  | { type: "reopen" }
  | { type: "close" }
  | { type: "escalate" }
  | { type: "flag_management" }
  | { type: "recategorise"; category: SupportCategory }
  | { type: "rate"; rating: number };

export type SupportEventType = SupportEvent["type"];

export const SUPPORT_EVENT_TYPES = [
  "take",
  "hand_over",
  "reply",
  "ask_merchant",
  "merchant_reply",
  "solve",
  "confirm",
  "reopen",
  "close",
  "escalate",
  "flag_management",
  "recategorise",
  "rate",
] as const satisfies readonly SupportEventType[];

export type SupportEffect =
  | { kind: "set_tier"; tier: Tier }
  /** Escalation hands the request to the next tier's queue: nobody holds it there yet. */
  | { kind: "unassign" }
  | { kind: "assign_to"; userId: number }
  | { kind: "set_management_flag" }
  | { kind: "set_category"; category: SupportCategory }
  | { kind: "set_solved_at"; at: Date | null }
  | { kind: "set_first_response_at"; at: Date }
  | { kind: "set_rating"; rating: number };

export type SupportRefusalCode =
  | "actor_not_allowed"
  | "wrong_status"
  | "closed"
  | "tier_too_low"
  | "top_tier"
  | "not_top_tier"
  | "already_flagged"
  | "reopen_window_passed"
  | "reopen_window_open"
  | "same_category"
  | "already_rated"
  | "rating_out_of_range"
  | "already_assigned"
  | "agent_full"
  | "target_tier_too_low";

export type SupportRequestSnapshot = {
  status: SupportStatus;
  category: SupportCategory;
  tier: Tier;
  managementFlag: boolean;
  solvedAt: Date | null;
  firstResponseAt: Date | null;
  rating: number | null;
  assignedUserId: number | null;
};

export type SupportTransitionRecord = { eventType: SupportEventType; from: SupportStatus; to: SupportStatus };

export type SupportTransitionResult =
  | { ok: true; status: SupportStatus; effects: SupportEffect[]; event: SupportTransitionRecord }
  | { ok: false; refusal: { code: SupportRefusalCode; eventType: SupportEventType; status: SupportStatus } };

type Target = { to: SupportStatus; effects: SupportEffect[] };

type Rule<E extends SupportEvent> = {
  actors: readonly SupportActorKind[];
  from: readonly SupportStatus[];
  apply: (r: SupportRequestSnapshot, event: E, actor: SupportActor, now: Date) => Target | SupportRefusalCode;
};

type Table = { [T in SupportEventType]: Rule<Extract<SupportEvent, { type: T }>> };

const OPEN = OPEN_SUPPORT_STATUSES;

/** The desk's first public word counts as the first response (the dashboard's first-response time). */
function firstResponse(r: SupportRequestSnapshot, now: Date): SupportEffect[] {
  return r.firstResponseAt ? [] : [{ kind: "set_first_response_at", at: new Date(now.getTime()) }];
}

/** SPEC 9: each agent works up to the setting's number of requests at once; past that, requests wait. */
function assignTo(r: SupportRequestSnapshot, agent: AgentLoad, maxOpenPerAgent: number): Target | SupportRefusalCode {
  if (r.assignedUserId === agent.userId) return "already_assigned";
  if (agent.openCount >= maxOpenPerAgent) return "agent_full";
  return { to: r.status === "received" ? "in_progress" : r.status, effects: [{ kind: "assign_to", userId: agent.userId }] };
}

/** An agent works requests of their tier and below (SPEC 1). */
function tierAllows(r: SupportRequestSnapshot, actor: SupportActor): boolean {
  return actor.kind !== "agent" || actor.tier >= r.tier;
}

/** The transition table: every status change of a support request is one row here. */
export const SUPPORT_TRANSITIONS: Table = {
  take: {
    actors: ["agent"],
    from: OPEN,
    apply: (r, e) => assignTo(r, e.agent, e.maxOpenPerAgent),
  },
  // Handing over keeps the tier: the receiving agent must work that tier (escalation moves tiers).
  hand_over: {
    actors: ["agent"],
    from: OPEN,
    apply: (r, e) => (e.to.tier < r.tier ? "target_tier_too_low" : assignTo(r, e.to, e.maxOpenPerAgent)),
  },
  reply: {
    actors: ["agent"],
    from: OPEN,
    apply: (r, _e, _a, now) => ({ to: r.status === "received" ? "in_progress" : r.status, effects: firstResponse(r, now) }),
  },
  ask_merchant: {
    actors: ["agent"],
    from: ["received", "in_progress"],
    apply: (r, _e, _a, now) => ({ to: "waiting_for_merchant", effects: firstResponse(r, now) }),
  },
  // The merchant's answer hands the request back to the desk; while it is still unread it stays received.
  merchant_reply: {
    actors: ["merchant"],
    from: OPEN,
    apply: (r) => ({ to: r.status === "waiting_for_merchant" ? "in_progress" : r.status, effects: [] }),
  },
  solve: {
    actors: ["agent"],
    from: OPEN,
    apply: (r, _e, _a, now) => ({
      to: "solved",
      effects: [...firstResponse(r, now), { kind: "set_solved_at", at: new Date(now.getTime()) }],
    }),
  },
  confirm: {
    actors: ["merchant"],
    from: ["solved"],
    apply: () => ({ to: "closed", effects: [] }),
  },
  // Reopening undoes the solution: the complaint promise counts as kept only by a later one.
  reopen: {
    actors: ["merchant"],
    from: ["solved", "closed"],
    apply: (r, _e, _a, now) => {
      if (!withinReopenWindow(r.solvedAt, now)) return "reopen_window_passed";
      return { to: "in_progress", effects: [{ kind: "set_solved_at", at: null }] };
    },
  },
  // The system closes a solved request the merchant neither confirmed nor reopened in time.
  close: {
    actors: ["system"],
    from: ["solved"],
    apply: (r, _e, _a, now) => (withinReopenWindow(r.solvedAt, now) ? "reopen_window_open" : { to: "closed", effects: [] }),
  },
  escalate: {
    actors: ["agent"],
    from: OPEN,
    apply: (r) => {
      if (r.tier === 3) return "top_tier";
      const tier = (r.tier + 1) as Tier;
      return { to: r.status === "received" ? "in_progress" : r.status, effects: [{ kind: "set_tier", tier }, { kind: "unassign" }] };
    },
  },
  // "The most complicated requests go to the CTO": only tier 3 may, only on a tier-3 request.
  flag_management: {
    actors: ["agent"],
    from: OPEN,
    apply: (r, _e, actor) => {
      if (r.tier !== 3 || actor.kind !== "agent" || actor.tier !== 3) return "not_top_tier";
      if (r.managementFlag) return "already_flagged";
      return { to: r.status, effects: [{ kind: "set_management_flag" }] };
    },
  },
  recategorise: {
    actors: ["agent"],
    from: OPEN,
    apply: (r, e) =>
      e.category === r.category ? "same_category" : { to: r.status, effects: [{ kind: "set_category", category: e.category }] },
  },
  rate: {
    actors: ["merchant"],
    from: ["solved", "closed"],
    apply: (r, e) => {
      if (r.rating !== null) return "already_rated";
      if (!isRating(e.rating)) return "rating_out_of_range";
      return { to: r.status, effects: [{ kind: "set_rating", rating: e.rating }] };
    },
  },
};

function guard(r: SupportRequestSnapshot, type: SupportEventType, actor: SupportActor): SupportRefusalCode | null {
  const rule = SUPPORT_TRANSITIONS[type];
  if (!rule.actors.includes(actor.kind)) return "actor_not_allowed";
  if (!tierAllows(r, actor)) return "tier_too_low";
  if (!rule.from.includes(r.status)) return r.status === "closed" ? "closed" : "wrong_status";
  return null;
}

export function supportTransition(
  current: SupportRequestSnapshot,
  event: SupportEvent,
  actor: SupportActor,
  now: Date,
): SupportTransitionResult {
  const refuse = (code: SupportRefusalCode): SupportTransitionResult => ({
    ok: false,
    refusal: { code, eventType: event.type, status: current.status },
  });
  const guarded = guard(current, event.type, actor);
  if (guarded) return refuse(guarded);
  const rule = SUPPORT_TRANSITIONS[event.type] as Rule<SupportEvent>;
  const target = rule.apply(current, event, actor, now);
  if (typeof target === "string") return refuse(target);
  return { ok: true, status: target.to, effects: target.effects, event: { eventType: event.type, from: current.status, to: target.to } };
}

/** Event types this actor may attempt now (payload checks still happen in supportTransition). */
export function allowedSupportEvents(r: SupportRequestSnapshot, actor: SupportActor, now: Date): SupportEventType[] {
  return SUPPORT_EVENT_TYPES.filter((type) => {
    if (guard(r, type, actor) !== null) return false;
    if (type === "reopen") return withinReopenWindow(r.solvedAt, now);
    if (type === "close") return !withinReopenWindow(r.solvedAt, now);
    if (type === "rate") return r.rating === null;
    if (type === "escalate") return r.tier < 3;
    if (type === "flag_management") return r.tier === 3 && actor.kind === "agent" && actor.tier === 3 && !r.managementFlag;
    return true;
  });
}

/** The last moment a solution may be reopened: end of the 14th Berlin calendar day after it. */
export function reopenUntil(solvedAt: Date): Date {
  const inZone = { in: tz(SUPPORT_TIME_ZONE) };
  return new Date(endOfDay(addDays(solvedAt, REOPEN_WINDOW_DAYS, inZone), inZone).getTime());
}

export function withinReopenWindow(solvedAt: Date | null, now: Date): boolean {
  return solvedAt !== null && now.getTime() <= reopenUntil(solvedAt).getTime();
}

export function isOpenSupportStatus(status: SupportStatus): boolean {
  return OPEN_SUPPORT_STATUSES.includes(status);
}

export const isSupportCategory = (v: unknown): v is SupportCategory =>
  typeof v === "string" && (SUPPORT_CATEGORIES as readonly string[]).includes(v);
export const isSupportStatus = (v: unknown): v is SupportStatus =>
  typeof v === "string" && (SUPPORT_STATUSES as readonly string[]).includes(v);
export const isReplyChannel = (v: unknown): v is ReplyChannel => typeof v === "string" && (REPLY_CHANNELS as readonly string[]).includes(v);
export const isTier = (v: unknown): v is Tier => v === 1 || v === 2 || v === 3;
export const isRating = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5;

// ---------------------------------------------------------------------------
// Request numbers: SR-2026-000123, the year of receipt in Berlin and a counter per year.

const REQUEST_NUMBER = /^SR-\d{4}-\d{6,}$/;

export function isRequestNumber(value: string): boolean {
  return value.length <= 32 && REQUEST_NUMBER.test(value);
}

export function formatRequestNumber(year: number, counter: number): string {
  return `SR-${year}-${String(counter).padStart(6, "0")}`;
}

export function requestYear(receivedAt: Date): number {
  return new TZDate(receivedAt.getTime(), SUPPORT_TIME_ZONE).getFullYear();
}

// Translation keys; the UI owns the texts.
export const supportCategoryLabelKey = (c: SupportCategory) => `support.category.${c}` as const;
export const supportCategoryHintKey = (c: SupportCategory) => `support.categoryHint.${c}` as const;
export const supportStatusLabelKey = (s: SupportStatus) => `support.status.${s}` as const;
export const replyChannelLabelKey = (c: ReplyChannel) => `support.channel.${c}` as const;
export const supportRefusalLabelKey = (c: SupportRefusalCode) => `support.refusal.${c}` as const;
