import { describe, it, expect } from "vitest";
import {
  allowedEvents,
  canApply,
  caseOutcomeLabelKey,
  caseStatusLabelKey,
  isCaseOutcome,
  isCaseStatus,
  isCaseType,
  isDecisionFor,
  isOpen,
  OUTCOMES_BY_TYPE,
  refusalLabelKey,
  transition,
  type ActorKind,
  type CaseEvent,
  type CaseOutcome,
  type CaseSnapshot,
  type CaseStatus,
  type CaseType,
  type Effect,
  type RefusalCode,
} from "./case-state";

const RESPOND_BY = new Date("2026-04-20T21:59:59.999Z");
const BEFORE = new Date(RESPOND_BY.getTime() - 60 * 60 * 1000);
const AFTER = new Date(RESPOND_BY.getTime() + 60 * 60 * 1000);
const NEW_RESPOND_BY = new Date("2026-05-20T21:59:59.999Z");

function snapshot(type: CaseType, status: CaseStatus, version = 3): CaseSnapshot {
  return { type, status, respondBy: new Date(RESPOND_BY.getTime()), version };
}

// Every event variant the UI or the job can send, with a readable name.
// `satisfies` keeps the names literal, so a misspelt event name in a table is a type error.
const EVENTS = {
  respond: { type: "respond", fullCredit: false },
  "respond(full credit)": { type: "respond", fullCredit: true },
  accept: { type: "accept" },
  request_information: { type: "request_information", newRespondBy: NEW_RESPOND_BY },
  "decide(resolve)": { type: "decide", decision: "resolve" },
  "decide(charge_back)": { type: "decide", decision: "charge_back" },
  "decide(won)": { type: "decide", decision: "won" },
  "decide(lost)": { type: "decide", decision: "lost" },
  deadline_passed: { type: "deadline_passed" },
  flag_urgent: { type: "flag_urgent" },
  unflag_urgent: { type: "unflag_urgent" },
} satisfies Record<string, CaseEvent>;
type EventName = keyof typeof EVENTS;

// The system acts only after the deadline; everyone else is tested before it. Deadline
// refusals have their own tests below.
const nowFor = (actor: ActorKind) => (actor === "system" ? AFTER : BEFORE);

type Allowed = {
  type: CaseType;
  from: CaseStatus;
  event: EventName;
  actor: ActorKind;
  to: CaseStatus;
  outcome: CaseOutcome | null;
  effects: Effect[];
};

// SPEC 3.3 written out row by row: every transition that is allowed.
const ALLOWED: Allowed[] = [
  { type: "inquiry", from: "awaiting_response", event: "respond", actor: "merchant", to: "under_review", outcome: null, effects: [] },
  {
    type: "inquiry",
    from: "awaiting_response",
    event: "respond(full credit)",
    actor: "merchant",
    to: "closed",
    outcome: "credit_issued",
    effects: [],
  },
  { type: "chargeback", from: "awaiting_response", event: "respond", actor: "merchant", to: "under_review", outcome: null, effects: [] },
  { type: "chargeback", from: "awaiting_response", event: "accept", actor: "merchant", to: "closed", outcome: "accepted", effects: [] },
  {
    type: "inquiry",
    from: "under_review",
    event: "request_information",
    actor: "analyst",
    to: "awaiting_response",
    outcome: null,
    effects: [{ kind: "set_respond_by", respondBy: NEW_RESPOND_BY }],
  },
  {
    type: "chargeback",
    from: "under_review",
    event: "request_information",
    actor: "analyst",
    to: "awaiting_response",
    outcome: null,
    effects: [{ kind: "set_respond_by", respondBy: NEW_RESPOND_BY }],
  },
  { type: "inquiry", from: "under_review", event: "decide(resolve)", actor: "analyst", to: "closed", outcome: "resolved", effects: [] },
  {
    type: "inquiry",
    from: "under_review",
    event: "decide(charge_back)",
    actor: "analyst",
    to: "closed",
    outcome: "charged_back",
    effects: [{ kind: "open_chargeback", reason: "decision" }],
  },
  { type: "chargeback", from: "under_review", event: "decide(won)", actor: "analyst", to: "closed", outcome: "won", effects: [] },
  { type: "chargeback", from: "under_review", event: "decide(lost)", actor: "analyst", to: "closed", outcome: "lost", effects: [] },
  {
    type: "inquiry",
    from: "awaiting_response",
    event: "deadline_passed",
    actor: "system",
    to: "closed",
    outcome: "no_reply",
    effects: [{ kind: "open_chargeback", reason: "no_reply" }],
  },
  {
    type: "chargeback",
    from: "awaiting_response",
    event: "deadline_passed",
    actor: "system",
    to: "closed",
    outcome: "expired",
    effects: [],
  },
  ...(["inquiry", "chargeback"] as const).flatMap((type) =>
    (["awaiting_response", "under_review"] as const).flatMap((from): Allowed[] => [
      { type, from, event: "flag_urgent", actor: "analyst", to: from, outcome: null, effects: [{ kind: "set_urgent_flag", value: true }] },
      {
        type,
        from,
        event: "unflag_urgent",
        actor: "analyst",
        to: from,
        outcome: null,
        effects: [{ kind: "set_urgent_flag", value: false }],
      },
    ]),
  ),
];

// Who may send what, on which case type, from which status: a second, independent spelling of
// SPEC 3.3 used to predict the refusal code of every combination not in ALLOWED.
const WHO_WHAT_WHERE: Record<EventName, { actor: ActorKind; types: CaseType[]; from: CaseStatus[] }> = {
  respond: { actor: "merchant", types: ["inquiry", "chargeback"], from: ["awaiting_response"] },
  "respond(full credit)": { actor: "merchant", types: ["inquiry", "chargeback"], from: ["awaiting_response"] },
  accept: { actor: "merchant", types: ["chargeback"], from: ["awaiting_response"] },
  request_information: { actor: "analyst", types: ["inquiry", "chargeback"], from: ["under_review"] },
  "decide(resolve)": { actor: "analyst", types: ["inquiry", "chargeback"], from: ["under_review"] },
  "decide(charge_back)": { actor: "analyst", types: ["inquiry", "chargeback"], from: ["under_review"] },
  "decide(won)": { actor: "analyst", types: ["inquiry", "chargeback"], from: ["under_review"] },
  "decide(lost)": { actor: "analyst", types: ["inquiry", "chargeback"], from: ["under_review"] },
  deadline_passed: { actor: "system", types: ["inquiry", "chargeback"], from: ["awaiting_response"] },
  flag_urgent: { actor: "analyst", types: ["inquiry", "chargeback"], from: ["awaiting_response", "under_review"] },
  unflag_urgent: { actor: "analyst", types: ["inquiry", "chargeback"], from: ["awaiting_response", "under_review"] },
};

function expectedRefusal(type: CaseType, from: CaseStatus, event: EventName, actor: ActorKind): RefusalCode {
  const rule = WHO_WHAT_WHERE[event];
  if (rule.actor !== actor) return "actor_not_allowed";
  if (!rule.types.includes(type)) return "not_allowed_for_type";
  if (from === "closed") return "closed";
  if (!rule.from.includes(from)) return "wrong_status";
  // Right actor, type and status: only the payload can be wrong (full credit on a chargeback,
  // a decision of the other case type).
  return "not_allowed_for_type";
}

const TYPES: CaseType[] = ["inquiry", "chargeback"];
const STATUSES: CaseStatus[] = ["awaiting_response", "under_review", "closed"];
const ACTORS: ActorKind[] = ["merchant", "analyst", "system"];

const ALL_COMBINATIONS = TYPES.flatMap((type) =>
  STATUSES.flatMap((from) =>
    (Object.keys(EVENTS) as EventName[]).flatMap((event) => ACTORS.map((actor) => ({ type, from, event, actor }))),
  ),
);

const isAllowed = (c: { type: CaseType; from: CaseStatus; event: EventName; actor: ActorKind }) =>
  ALLOWED.some((a) => a.type === c.type && a.from === c.from && a.event === c.event && a.actor === c.actor);

const REFUSED = ALL_COMBINATIONS.filter((c) => !isAllowed(c));

describe("transition: allowed", () => {
  it.each(ALLOWED)("$type $from --$event by $actor--> $to ($outcome)", (row) => {
    const result = transition(snapshot(row.type, row.from), EVENTS[row.event], { kind: row.actor }, nowFor(row.actor));
    expect(result).toEqual({
      ok: true,
      status: row.to,
      outcome: row.outcome,
      version: 4,
      effects: row.effects,
      event: { eventType: EVENTS[row.event].type, from: row.from, to: row.to, outcome: row.outcome },
    });
  });

  it("every closing transition yields an outcome of the case's own type", () => {
    for (const row of ALLOWED.filter((r) => r.to === "closed")) {
      expect(OUTCOMES_BY_TYPE[row.type]).toContain(row.outcome);
    }
    for (const row of ALLOWED.filter((r) => r.to !== "closed")) {
      expect(row.outcome).toBeNull();
    }
  });

  it("reaches every outcome of SPEC 3.3", () => {
    const reached = new Set(ALLOWED.map((r) => r.outcome).filter(Boolean));
    expect([...reached].sort()).toEqual(["accepted", "charged_back", "credit_issued", "expired", "lost", "no_reply", "resolved", "won"]);
  });
});

describe("transition: refused", () => {
  it("the matrix covers every combination", () => {
    expect(ALL_COMBINATIONS).toHaveLength(2 * 3 * 11 * 3);
    expect(REFUSED.length + ALLOWED.length).toBe(ALL_COMBINATIONS.length);
  });

  it.each(REFUSED)("$type $from --$event by $actor--> refused", (row) => {
    const event = EVENTS[row.event];
    const result = transition(snapshot(row.type, row.from), event, { kind: row.actor }, nowFor(row.actor));
    expect(result).toEqual({
      ok: false,
      refusal: { code: expectedRefusal(row.type, row.from, row.event, row.actor), eventType: event.type, status: row.from },
    });
  });

  // A few spelled out so the codes are visible without reading the matrix.
  it.each([
    ["inquiry", "closed", "respond", "merchant", "closed"],
    ["chargeback", "closed", "flag_urgent", "analyst", "closed"],
    ["inquiry", "under_review", "respond", "merchant", "wrong_status"],
    ["chargeback", "under_review", "accept", "merchant", "wrong_status"],
    ["inquiry", "awaiting_response", "accept", "merchant", "not_allowed_for_type"],
    ["chargeback", "awaiting_response", "respond(full credit)", "merchant", "not_allowed_for_type"],
    ["inquiry", "under_review", "decide(won)", "analyst", "not_allowed_for_type"],
    ["chargeback", "under_review", "decide(charge_back)", "analyst", "not_allowed_for_type"],
    ["inquiry", "awaiting_response", "respond", "analyst", "actor_not_allowed"],
    ["inquiry", "under_review", "decide(resolve)", "merchant", "actor_not_allowed"],
    ["chargeback", "awaiting_response", "deadline_passed", "analyst", "actor_not_allowed"],
    ["inquiry", "awaiting_response", "flag_urgent", "merchant", "actor_not_allowed"],
    ["inquiry", "awaiting_response", "decide(resolve)", "analyst", "wrong_status"],
    ["inquiry", "under_review", "deadline_passed", "system", "wrong_status"],
  ] as const)("%s %s %s by %s → %s", (type, from, event, actor, code) => {
    const result = transition(snapshot(type, from), EVENTS[event], { kind: actor }, nowFor(actor));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal.code).toBe(code);
  });

  it("does not touch the case it was given", () => {
    const c = snapshot("inquiry", "closed");
    const copy = { ...c, respondBy: new Date(c.respondBy.getTime()) };
    transition(c, EVENTS["respond"], { kind: "merchant" }, BEFORE);
    expect(c).toEqual(copy);
  });
});

describe("transition: deadline boundary", () => {
  const atDeadline = new Date(RESPOND_BY.getTime());
  const justAfter = new Date(RESPOND_BY.getTime() + 1);

  it.each([
    ["inquiry", EVENTS["respond"]],
    ["inquiry", EVENTS["respond(full credit)"]],
    ["chargeback", EVENTS["respond"]],
    ["chargeback", EVENTS["accept"]],
  ] as const)("merchant %s %o is allowed at respondBy and refused 1 ms later", (type, event) => {
    expect(transition(snapshot(type, "awaiting_response"), event, { kind: "merchant" }, atDeadline).ok).toBe(true);
    expect(transition(snapshot(type, "awaiting_response"), event, { kind: "merchant" }, justAfter)).toEqual({
      ok: false,
      refusal: { code: "deadline_passed", eventType: event.type, status: "awaiting_response" },
    });
  });

  it.each(["inquiry", "chargeback"] as const)("system deadline_passed on a %s is refused at respondBy and allowed 1 ms later", (type) => {
    expect(transition(snapshot(type, "awaiting_response"), { type: "deadline_passed" }, { kind: "system" }, atDeadline)).toEqual({
      ok: false,
      refusal: { code: "deadline_not_passed", eventType: "deadline_passed", status: "awaiting_response" },
    });
    expect(transition(snapshot(type, "awaiting_response"), { type: "deadline_passed" }, { kind: "system" }, BEFORE).ok).toBe(false);
    expect(transition(snapshot(type, "awaiting_response"), { type: "deadline_passed" }, { kind: "system" }, justAfter).ok).toBe(true);
  });

  it("analysts are not bound by the response deadline", () => {
    const underReview = snapshot("inquiry", "under_review");
    expect(transition(underReview, EVENTS["decide(resolve)"], { kind: "analyst" }, AFTER).ok).toBe(true);
    expect(transition(underReview, EVENTS["flag_urgent"], { kind: "analyst" }, AFTER).ok).toBe(true);
    expect(transition(snapshot("chargeback", "awaiting_response"), EVENTS["flag_urgent"], { kind: "analyst" }, AFTER).ok).toBe(true);
  });

  it("an overdue case that already closed reports closed, not the deadline", () => {
    const result = transition(snapshot("inquiry", "closed"), { type: "deadline_passed" }, { kind: "system" }, AFTER);
    expect(result).toEqual({ ok: false, refusal: { code: "closed", eventType: "deadline_passed", status: "closed" } });
  });
});

describe("transition: request_information", () => {
  const c = snapshot("chargeback", "under_review");
  const now = new Date("2026-04-25T10:00:00Z");

  it("needs a respond-by strictly after now", () => {
    for (const newRespondBy of [new Date(now.getTime()), new Date(now.getTime() - 1), new Date("2020-01-01T00:00:00Z")]) {
      expect(transition(c, { type: "request_information", newRespondBy }, { kind: "analyst" }, now)).toEqual({
        ok: false,
        refusal: { code: "respond_by_not_in_future", eventType: "request_information", status: "under_review" },
      });
    }
    const ok = transition(c, { type: "request_information", newRespondBy: new Date(now.getTime() + 1) }, { kind: "analyst" }, now);
    expect(ok.ok).toBe(true);
  });

  it("refuses an invalid date", () => {
    const result = transition(c, { type: "request_information", newRespondBy: new Date(Number.NaN) }, { kind: "analyst" }, now);
    expect(result.ok).toBe(false);
  });

  it("hands back its own copy of the new respond-by", () => {
    const newRespondBy = new Date("2026-05-05T21:59:59.999Z");
    const result = transition(c, { type: "request_information", newRespondBy }, { kind: "analyst" }, now);
    newRespondBy.setTime(0);
    expect(result.ok && result.effects).toEqual([{ kind: "set_respond_by", respondBy: new Date("2026-05-05T21:59:59.999Z") }]);
  });
});

describe("transition: version", () => {
  it("bumps the version by one on every accepted change, including the urgent flag", () => {
    const c = snapshot("inquiry", "under_review", 41);
    const flagged = transition(c, { type: "flag_urgent" }, { kind: "analyst" }, BEFORE);
    expect(flagged.ok && flagged.version).toBe(42);
  });
});

describe("allowedEvents", () => {
  it.each([
    ["inquiry", "awaiting_response", "merchant", BEFORE, ["respond"]],
    ["chargeback", "awaiting_response", "merchant", BEFORE, ["respond", "accept"]],
    ["inquiry", "awaiting_response", "merchant", AFTER, []],
    ["chargeback", "awaiting_response", "merchant", AFTER, []],
    ["inquiry", "under_review", "merchant", BEFORE, []],
    ["inquiry", "awaiting_response", "analyst", BEFORE, ["flag_urgent", "unflag_urgent"]],
    ["inquiry", "under_review", "analyst", BEFORE, ["request_information", "decide", "flag_urgent", "unflag_urgent"]],
    ["chargeback", "under_review", "analyst", AFTER, ["request_information", "decide", "flag_urgent", "unflag_urgent"]],
    ["inquiry", "awaiting_response", "system", BEFORE, []],
    ["inquiry", "awaiting_response", "system", AFTER, ["deadline_passed"]],
    ["chargeback", "under_review", "system", AFTER, []],
    ["inquiry", "closed", "merchant", BEFORE, []],
    ["chargeback", "closed", "analyst", BEFORE, []],
    ["chargeback", "closed", "system", AFTER, []],
  ] as const)("%s %s for %s (%s)", (type, status, actor, now, expected) => {
    expect(allowedEvents(snapshot(type, status), actor, now)).toEqual(expected);
  });

  it("agrees with transition() on every combination", () => {
    for (const c of ALL_COMBINATIONS) {
      for (const now of [BEFORE, AFTER]) {
        const event = EVENTS[c.event];
        const offered = allowedEvents(snapshot(c.type, c.from), c.actor, now).includes(event.type);
        expect(canApply(snapshot(c.type, c.from), event.type, c.actor, now)).toBe(offered);
        const result = transition(snapshot(c.type, c.from), event, { kind: c.actor }, now);
        // Offered but refused only for a payload that does not fit the case type.
        if (offered && !result.ok) expect(result.refusal.code).toBe("not_allowed_for_type");
        if (!offered) expect(result.ok).toBe(false);
      }
    }
  });
});

describe("helpers", () => {
  it("isOpen", () => {
    expect(isOpen("awaiting_response")).toBe(true);
    expect(isOpen("under_review")).toBe(true);
    expect(isOpen("closed")).toBe(false);
  });

  it("type guards accept only known values", () => {
    expect(isCaseType("inquiry")).toBe(true);
    expect(isCaseType("refund")).toBe(false);
    expect(isCaseStatus("under_review")).toBe(true);
    expect(isCaseStatus("open")).toBe(false);
    expect(isCaseOutcome("no_reply")).toBe(true);
    expect(isCaseOutcome(null)).toBe(false);
    expect(isDecisionFor("inquiry", "charge_back")).toBe(true);
    expect(isDecisionFor("inquiry", "won")).toBe(false);
    expect(isDecisionFor("chargeback", "lost")).toBe(true);
    expect(isDecisionFor("chargeback", "resolve")).toBe(false);
  });

  it("label keys", () => {
    expect(caseStatusLabelKey("under_review")).toBe("case.status.under_review");
    expect(caseOutcomeLabelKey("no_reply")).toBe("case.outcome.no_reply");
    expect(refusalLabelKey("deadline_passed")).toBe("case.refusal.deadline_passed");
  });
});
