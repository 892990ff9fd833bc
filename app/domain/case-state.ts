// The case state machine of SPEC 3.3: the only place where a case's status and outcome are
// decided. Pure: the caller loads the case, passes `now`, and writes what comes back (status,
// outcome, version, effects and the timeline record) in one transaction.

export const CASE_TYPES = ["inquiry", "chargeback"] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = ["awaiting_response", "under_review", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = ["credit_issued", "resolved", "charged_back", "no_reply", "won", "lost", "accepted", "expired"] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const OUTCOMES_BY_TYPE: Readonly<Record<CaseType, readonly CaseOutcome[]>> = {
  inquiry: ["credit_issued", "resolved", "charged_back", "no_reply"],
  chargeback: ["won", "lost", "accepted", "expired"],
};

export type ActorKind = "merchant" | "analyst" | "system";

export type InquiryDecision = "resolve" | "charge_back";
export type ChargebackDecision = "won" | "lost";
export type Decision = InquiryDecision | ChargebackDecision;

export const DECISIONS_BY_TYPE: Readonly<Record<CaseType, readonly Decision[]>> = {
  inquiry: ["resolve", "charge_back"],
  chargeback: ["won", "lost"],
};

export type CaseEvent =
  | { type: "respond"; fullCredit: boolean }
  | { type: "accept" }
  | { type: "request_information"; newRespondBy: Date }
  | { type: "decide"; decision: Decision }
  | { type: "deadline_passed" }
  | { type: "flag_urgent" }
  | { type: "unflag_urgent" };

export type CaseEventType = CaseEvent["type"];

export const CASE_EVENT_TYPES = [
  "respond",
  "accept",
  "request_information",
  "decide",
  "deadline_passed",
  "flag_urgent",
  "unflag_urgent",
] as const satisfies readonly CaseEventType[];

export type Effect =
  | { kind: "open_chargeback"; reason: "decision" | "no_reply" }
  | { kind: "set_respond_by"; respondBy: Date }
  | { kind: "set_urgent_flag"; value: boolean };

export type RefusalCode =
  | "closed"
  | "wrong_status"
  | "not_allowed_for_type"
  | "actor_not_allowed"
  | "deadline_passed"
  | "deadline_not_passed"
  | "respond_by_not_in_future";

export type Refusal = { code: RefusalCode; eventType: CaseEventType; status: CaseStatus };

/** What the caller writes to the timeline (case_events) for this transition. */
export type TransitionRecord = {
  eventType: CaseEventType;
  from: CaseStatus;
  to: CaseStatus;
  outcome: CaseOutcome | null;
};

export type CaseSnapshot = {
  type: CaseType;
  status: CaseStatus;
  respondBy: Date;
  version: number;
};

export type Actor = { kind: ActorKind };

export type TransitionResult =
  | {
      ok: true;
      status: CaseStatus;
      outcome: CaseOutcome | null;
      /** The version to write; the update must still check the version it was loaded with. */
      version: number;
      effects: Effect[];
      event: TransitionRecord;
    }
  | { ok: false; refusal: Refusal };

type Target = { to: CaseStatus; outcome: CaseOutcome | null; effects: Effect[] };

/**
 * Deadline guard: merchants may act only while now <= respondBy (SPEC 3.4); the system may
 * expire a case only once now > respondBy; analysts are not bound by the deadline.
 */
type DeadlineRule = "before" | "after" | "any";

type Rule<E extends CaseEvent> = {
  actors: readonly ActorKind[];
  types: readonly CaseType[];
  from: readonly CaseStatus[];
  deadline: DeadlineRule;
  // Payload-dependent part; returns a refusal code when the payload does not fit this case.
  apply: (c: CaseSnapshot, event: E, now: Date) => Target | RefusalCode;
};

type TransitionTable = { [T in CaseEventType]: Rule<Extract<CaseEvent, { type: T }>> };

/** "Open": the one definition, used by the lists and the overview too. */
export const OPEN_STATUSES: readonly CaseStatus[] = ["awaiting_response", "under_review"];
const OPEN = OPEN_STATUSES;
const BOTH: readonly CaseType[] = CASE_TYPES;

/** The transition table. Every status change of a case is one row here. */
export const TRANSITIONS: TransitionTable = {
  respond: {
    actors: ["merchant"],
    types: BOTH,
    from: ["awaiting_response"],
    deadline: "before",
    apply: (c, e) => {
      if (e.fullCredit) {
        // There is no credit on a chargeback (SPEC 3.2).
        if (c.type !== "inquiry") return "not_allowed_for_type";
        return { to: "closed", outcome: "credit_issued", effects: [] };
      }
      return { to: "under_review", outcome: null, effects: [] };
    },
  },
  accept: {
    actors: ["merchant"],
    types: ["chargeback"],
    from: ["awaiting_response"],
    deadline: "before",
    apply: () => ({ to: "closed", outcome: "accepted", effects: [] }),
  },
  request_information: {
    actors: ["analyst"],
    types: BOTH,
    from: ["under_review"],
    deadline: "any",
    apply: (_c, e, now) => {
      // A respond-by already in the past would hand the case straight to the deadline job.
      if (!(e.newRespondBy.getTime() > now.getTime())) return "respond_by_not_in_future";
      return {
        to: "awaiting_response",
        outcome: null,
        effects: [{ kind: "set_respond_by", respondBy: new Date(e.newRespondBy.getTime()) }],
      };
    },
  },
  decide: {
    actors: ["analyst"],
    types: BOTH,
    from: ["under_review"],
    deadline: "any",
    apply: (c, e) => {
      if (c.type === "inquiry") {
        if (e.decision === "resolve") return { to: "closed", outcome: "resolved", effects: [] };
        if (e.decision === "charge_back") {
          return {
            to: "closed",
            outcome: "charged_back",
            effects: [{ kind: "open_chargeback", reason: "decision" }],
          };
        }
        return "not_allowed_for_type";
      }
      if (e.decision === "won") return { to: "closed", outcome: "won", effects: [] };
      if (e.decision === "lost") return { to: "closed", outcome: "lost", effects: [] };
      return "not_allowed_for_type";
    },
  },
  deadline_passed: {
    actors: ["system"],
    types: BOTH,
    from: ["awaiting_response"],
    deadline: "after",
    apply: (c) =>
      c.type === "inquiry"
        ? { to: "closed", outcome: "no_reply", effects: [{ kind: "open_chargeback", reason: "no_reply" }] }
        : { to: "closed", outcome: "expired", effects: [] },
  },
  flag_urgent: {
    actors: ["analyst"],
    types: BOTH,
    from: OPEN,
    deadline: "any",
    apply: (c) => ({ to: c.status, outcome: null, effects: [{ kind: "set_urgent_flag", value: true }] }),
  },
  unflag_urgent: {
    actors: ["analyst"],
    types: BOTH,
    from: OPEN,
    deadline: "any",
    apply: (c) => ({ to: c.status, outcome: null, effects: [{ kind: "set_urgent_flag", value: false }] }),
  },
};

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function isCaseType(value: unknown): value is CaseType {
  return typeof value === "string" && (CASE_TYPES as readonly string[]).includes(value);
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === "string" && (CASE_STATUSES as readonly string[]).includes(value);
}

export function isCaseOutcome(value: unknown): value is CaseOutcome {
  return typeof value === "string" && (CASE_OUTCOMES as readonly string[]).includes(value);
}

export function isDecisionFor(type: CaseType, value: unknown): value is Decision {
  return typeof value === "string" && (DECISIONS_BY_TYPE[type] as readonly string[]).includes(value);
}

/**
 * Checks that do not depend on the event's payload, in this order: actor, case type, closed,
 * status, deadline. Actor first so that a caller without the right never learns more.
 */
function guard(c: CaseSnapshot, eventType: CaseEventType, actor: Actor, now: Date): RefusalCode | null {
  const rule = TRANSITIONS[eventType];
  if (!rule.actors.includes(actor.kind)) return "actor_not_allowed";
  if (!rule.types.includes(c.type)) return "not_allowed_for_type";
  if (c.status === "closed") return "closed";
  if (!rule.from.includes(c.status)) return "wrong_status";
  const overdue = now.getTime() > c.respondBy.getTime();
  if (rule.deadline === "before" && overdue) return "deadline_passed";
  if (rule.deadline === "after" && !overdue) return "deadline_not_passed";
  return null;
}

export function transition(current: CaseSnapshot, event: CaseEvent, actor: Actor, now: Date): TransitionResult {
  const refuse = (code: RefusalCode): TransitionResult => ({
    ok: false,
    refusal: { code, eventType: event.type, status: current.status },
  });
  const guarded = guard(current, event.type, actor, now);
  if (guarded) return refuse(guarded);
  // The table is keyed by event type, so the rule and the event always match.
  const rule = TRANSITIONS[event.type] as Rule<CaseEvent>;
  const target = rule.apply(current, event, now);
  if (typeof target === "string") return refuse(target);
  return {
    ok: true,
    status: target.to,
    outcome: target.outcome,
    version: current.version + 1,
    effects: target.effects,
    event: { eventType: event.type, from: current.status, to: target.to, outcome: target.outcome },
  };
}

/**
 * Event types this actor may attempt on the case right now, for deciding which forms to show.
 * Payload checks (a full credit on a chargeback, a decision of the other case type, a respond-by
 * in the past) still happen in transition().
 */
export function allowedEvents(c: CaseSnapshot, actorKind: ActorKind, now: Date): CaseEventType[] {
  return CASE_EVENT_TYPES.filter((type) => guard(c, type, { kind: actorKind }, now) === null);
}

export function canApply(c: CaseSnapshot, eventType: CaseEventType, actorKind: ActorKind, now: Date): boolean {
  return guard(c, eventType, { kind: actorKind }, now) === null;
}

// Translation keys; the UI owns the texts.
export const caseTypeLabelKey = (type: CaseType) => `case.type.${type}` as const;
export const caseStatusLabelKey = (status: CaseStatus) => `case.status.${status}` as const;
export const caseOutcomeLabelKey = (outcome: CaseOutcome) => `case.outcome.${outcome}` as const;
export const caseEventLabelKey = (eventType: CaseEventType) => `case.event.${eventType}` as const;
export const decisionLabelKey = (decision: Decision) => `case.decision.${decision}` as const;
export const refusalLabelKey = (code: RefusalCode) => `case.refusal.${code}` as const;
