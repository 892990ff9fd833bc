import { describe, expect, it } from "vitest";
import {
  allowedSupportEvents,
  formatRequestNumber,
  isRequestNumber,
  reopenUntil,
  requestYear,
  SUPPORT_EVENT_TYPES,
  SUPPORT_STATUSES,
  SUPPORT_TRANSITIONS,
  supportTransition,
  withinReopenWindow,
  type SupportActor,
  type SupportEvent,
  type SupportRequestSnapshot,
  type SupportStatus,
} from "./support-request";

const NOW = new Date("2026-03-10T10:00:00Z");
const merchant: SupportActor = { kind: "merchant" };
const agent = (tier: 1 | 2 | 3): SupportActor => ({ kind: "agent", tier });
const system: SupportActor = { kind: "system" };

function request(overrides: Partial<SupportRequestSnapshot> = {}): SupportRequestSnapshot {
  return {
    status: "received",
    category: "information",
    tier: 1,
    managementFlag: false,
    solvedAt: null,
    firstResponseAt: null,
    rating: null,
    assignedUserId: null,
    ...overrides,
  };
}

const events: Record<SupportEvent["type"], SupportEvent> = {
  take: { type: "take", agent: { userId: 7, tier: 3, openCount: 0 }, maxOpenPerAgent: 20 },
  hand_over: { type: "hand_over", to: { userId: 8, tier: 3, openCount: 0 }, maxOpenPerAgent: 20 },
  reply: { type: "reply", visibility: "public" },
  ask_merchant: { type: "ask_merchant" },
  merchant_reply: { type: "merchant_reply" },
  solve: { type: "solve" },
  confirm: { type: "confirm" },
  reopen: { type: "reopen" },
  close: { type: "close" },
  escalate: { type: "escalate" },
  flag_management: { type: "flag_management" },
  recategorise: { type: "recategorise", category: "complaint" },
  rate: { type: "rate", rating: 4 },
};

describe("the lifecycle", () => {
  it("runs received → in progress ⇄ waiting for merchant → solved → closed", () => {
    let r = request();
    const step = (event: SupportEvent, actor: SupportActor, expected: SupportStatus, at = NOW) => {
      const result = supportTransition(r, event, actor, at);
      if (!result.ok) throw new Error(result.refusal.code);
      expect(result.status).toBe(expected);
      r = { ...r, status: result.status };
      for (const e of result.effects) {
        if (e.kind === "set_solved_at") r.solvedAt = e.at;
        if (e.kind === "set_first_response_at") r.firstResponseAt = e.at;
      }
      return result;
    };
    step(events.take, agent(1), "in_progress");
    step({ type: "ask_merchant" }, agent(1), "waiting_for_merchant");
    step({ type: "merchant_reply" }, merchant, "in_progress");
    step({ type: "ask_merchant" }, agent(1), "waiting_for_merchant");
    step({ type: "merchant_reply" }, merchant, "in_progress");
    step({ type: "solve" }, agent(1), "solved");
    expect(r.solvedAt).toEqual(NOW);
    step({ type: "confirm" }, merchant, "closed");
  });

  it("records the first response once, on the desk's first public word", () => {
    const first = supportTransition(request(), events.reply, agent(1), NOW);
    expect(first.ok && first.effects).toEqual([{ kind: "set_first_response_at", at: NOW }]);
    expect(first.ok && first.status).toBe("in_progress");
    const later = supportTransition(request({ status: "in_progress", firstResponseAt: NOW }), events.reply, agent(1), NOW);
    expect(later.ok && later.effects).toEqual([]);
    const asked = supportTransition(request(), events.ask_merchant, agent(1), NOW);
    expect(asked.ok && asked.effects).toEqual([{ kind: "set_first_response_at", at: NOW }]);
    const solved = supportTransition(request(), events.solve, agent(1), NOW);
    expect(solved.ok && solved.effects).toEqual([
      { kind: "set_first_response_at", at: NOW },
      { kind: "set_solved_at", at: NOW },
    ]);
  });

  it("keeps a received request received when the merchant adds a message before the desk read it", () => {
    const result = supportTransition(request(), events.merchant_reply, merchant, NOW);
    expect(result.ok && result.status).toBe("received");
  });

  it("refuses a merchant message on a solved or closed request (they reopen instead)", () => {
    for (const status of ["solved", "closed"] as const) {
      const result = supportTransition(request({ status, solvedAt: NOW }), events.merchant_reply, merchant, NOW);
      expect(!result.ok && result.refusal.code).toBe(status === "closed" ? "closed" : "wrong_status");
    }
  });

  it("lets only the merchant confirm, reopen and rate; only agents work the request; only the system closes", () => {
    const solved = request({ status: "solved", solvedAt: NOW });
    for (const type of ["confirm", "reopen", "rate"] as const) {
      for (const actor of [agent(3), system]) {
        const result = supportTransition(solved, events[type], actor, NOW);
        expect(!result.ok && result.refusal.code).toBe("actor_not_allowed");
      }
    }
    for (const type of ["take", "hand_over", "reply", "ask_merchant", "solve", "escalate", "flag_management", "recategorise"] as const) {
      for (const actor of [merchant, system]) {
        const result = supportTransition(request(), events[type], actor, NOW);
        expect(!result.ok && result.refusal.code).toBe("actor_not_allowed");
      }
    }
    for (const actor of [merchant, agent(3)]) {
      const result = supportTransition(solved, events.close, actor, new Date("2026-05-01T00:00:00Z"));
      expect(!result.ok && result.refusal.code).toBe("actor_not_allowed");
    }
  });

  it("refuses desk work on solved and closed requests", () => {
    for (const type of ["take", "hand_over", "reply", "ask_merchant", "solve", "escalate", "recategorise"] as const) {
      const solved = supportTransition(request({ status: "solved", solvedAt: NOW }), events[type], agent(3), NOW);
      expect(!solved.ok && solved.refusal.code).toBe("wrong_status");
      const closed = supportTransition(request({ status: "closed", solvedAt: NOW }), events[type], agent(3), NOW);
      expect(!closed.ok && closed.refusal.code).toBe("closed");
    }
  });

  it("does not ask the merchant twice in a row", () => {
    const result = supportTransition(request({ status: "waiting_for_merchant" }), events.ask_merchant, agent(1), NOW);
    expect(!result.ok && result.refusal.code).toBe("wrong_status");
  });

  it("has a rule for every event type and only known statuses in its rows", () => {
    expect(Object.keys(SUPPORT_TRANSITIONS).sort()).toEqual([...SUPPORT_EVENT_TYPES].sort());
    for (const rule of Object.values(SUPPORT_TRANSITIONS)) for (const s of rule.from) expect(SUPPORT_STATUSES).toContain(s);
  });

  it("never leaves a known status, whatever the event, actor and state", () => {
    const actors = [merchant, agent(1), agent(2), agent(3), system];
    for (const status of SUPPORT_STATUSES) {
      for (const tier of [1, 2, 3] as const) {
        for (const type of SUPPORT_EVENT_TYPES) {
          for (const actor of actors) {
            const r = request({ status, tier, solvedAt: status === "solved" || status === "closed" ? NOW : null });
            const result = supportTransition(r, events[type], actor, NOW);
            if (result.ok) {
              expect(SUPPORT_STATUSES).toContain(result.status);
              expect(result.event).toEqual({ eventType: type, from: status, to: result.status });
            }
            // allowedSupportEvents never offers what supportTransition refuses.
            if (allowedSupportEvents(r, actor, NOW).includes(type)) expect(result.ok).toBe(true);
          }
        }
      }
    }
  });
});

describe("reopening within 14 days", () => {
  const solvedAt = new Date("2026-03-10T16:00:00Z"); // 17:00 in Berlin on 10 March

  it("is open until the end of the 14th Berlin calendar day after the solution", () => {
    // 24 March 23:59:59.999 CET = 22:59:59.999 UTC
    expect(reopenUntil(solvedAt).toISOString()).toBe("2026-03-24T22:59:59.999Z");
    expect(withinReopenWindow(solvedAt, new Date("2026-03-24T22:59:59.999Z"))).toBe(true);
    expect(withinReopenWindow(solvedAt, new Date("2026-03-24T23:00:00.000Z"))).toBe(false);
    expect(withinReopenWindow(null, NOW)).toBe(false);
  });

  it("counts Berlin days across the change to summer time", () => {
    // Solved 20 March, the clocks change on 29 March: end of 3 April CEST = 21:59:59.999 UTC.
    expect(reopenUntil(new Date("2026-03-20T12:00:00Z")).toISOString()).toBe("2026-04-03T21:59:59.999Z");
  });

  it("reopens a solved or confirmed request and undoes the solution", () => {
    for (const status of ["solved", "closed"] as const) {
      const result = supportTransition(request({ status, solvedAt }), events.reopen, merchant, new Date("2026-03-24T20:00:00Z"));
      expect(result.ok && result.status).toBe("in_progress");
      expect(result.ok && result.effects).toEqual([{ kind: "set_solved_at", at: null }]);
    }
  });

  it("refuses to reopen after the window, and the system closes only then", () => {
    const late = new Date("2026-03-25T00:00:00Z");
    const reopen = supportTransition(request({ status: "solved", solvedAt }), events.reopen, merchant, late);
    expect(!reopen.ok && reopen.refusal.code).toBe("reopen_window_passed");
    const early = supportTransition(request({ status: "solved", solvedAt }), events.close, system, new Date("2026-03-24T12:00:00Z"));
    expect(!early.ok && early.refusal.code).toBe("reopen_window_open");
    const close = supportTransition(request({ status: "solved", solvedAt }), events.close, system, late);
    expect(close.ok && close.status).toBe("closed");
  });
});

describe("tiers and escalation", () => {
  it("escalates 1 → 2 → 3 into the next tier's queue, and no further", () => {
    const one = supportTransition(request({ status: "in_progress" }), events.escalate, agent(1), NOW);
    expect(one.ok && one.effects).toEqual([{ kind: "set_tier", tier: 2 }, { kind: "unassign" }]);
    const two = supportTransition(request({ status: "in_progress", tier: 2 }), events.escalate, agent(2), NOW);
    expect(two.ok && two.effects).toEqual([{ kind: "set_tier", tier: 3 }, { kind: "unassign" }]);
    const three = supportTransition(request({ status: "in_progress", tier: 3 }), events.escalate, agent(3), NOW);
    expect(!three.ok && three.refusal.code).toBe("top_tier");
  });

  it("moves a received request into progress when it is escalated straight away", () => {
    const result = supportTransition(request(), events.escalate, agent(1), NOW);
    expect(result.ok && result.status).toBe("in_progress");
  });

  it("keeps waiting for the merchant while escalating", () => {
    const result = supportTransition(request({ status: "waiting_for_merchant" }), events.escalate, agent(1), NOW);
    expect(result.ok && result.status).toBe("waiting_for_merchant");
  });

  it("lets an agent work their tier and below, never above", () => {
    for (const type of ["take", "reply", "solve", "escalate", "recategorise"] as const) {
      const above = supportTransition(request({ status: "in_progress", tier: 2 }), events[type], agent(1), NOW);
      expect(!above.ok && above.refusal.code).toBe("tier_too_low");
      const below = supportTransition(request({ status: "in_progress", tier: 1 }), events[type], agent(3), NOW);
      expect(below.ok).toBe(true);
    }
  });

  it("flags for management only on tier 3 by tier 3, once", () => {
    const tier3 = request({ status: "in_progress", tier: 3 });
    const flagged = supportTransition(tier3, events.flag_management, agent(3), NOW);
    expect(flagged.ok && flagged.effects).toEqual([{ kind: "set_management_flag" }]);
    const again = supportTransition({ ...tier3, managementFlag: true }, events.flag_management, agent(3), NOW);
    expect(!again.ok && again.refusal.code).toBe("already_flagged");
    const tier2 = supportTransition(request({ status: "in_progress", tier: 2 }), events.flag_management, agent(3), NOW);
    expect(!tier2.ok && tier2.refusal.code).toBe("not_top_tier");
    expect(allowedSupportEvents(tier3, agent(3), NOW)).toContain("flag_management");
    expect(allowedSupportEvents({ ...tier3, managementFlag: true }, agent(3), NOW)).not.toContain("flag_management");
  });

  it("changes the category only to another one", () => {
    const same = supportTransition(request({ category: "complaint" }), events.recategorise, agent(1), NOW);
    expect(!same.ok && same.refusal.code).toBe("same_category");
    const other = supportTransition(request(), events.recategorise, agent(1), NOW);
    expect(other.ok && other.effects).toEqual([{ kind: "set_category", category: "complaint" }]);
  });
});

describe("rating", () => {
  it("takes 1-5 once, on a solved or closed request", () => {
    const solved = request({ status: "solved", solvedAt: NOW });
    for (const rating of [1, 5]) expect(supportTransition(solved, { type: "rate", rating }, merchant, NOW).ok).toBe(true);
    for (const rating of [0, 6, 2.5, Number.NaN]) {
      const result = supportTransition(solved, { type: "rate", rating }, merchant, NOW);
      expect(!result.ok && result.refusal.code).toBe("rating_out_of_range");
    }
    const twice = supportTransition({ ...solved, rating: 3 }, events.rate, merchant, NOW);
    expect(!twice.ok && twice.refusal.code).toBe("already_rated");
    const open = supportTransition(request({ status: "in_progress" }), events.rate, merchant, NOW);
    expect(!open.ok && open.refusal.code).toBe("wrong_status");
  });
});

describe("request numbers", () => {
  it("formats and recognises SR-2026-000123", () => {
    expect(formatRequestNumber(2026, 123)).toBe("SR-2026-000123");
    expect(formatRequestNumber(2026, 1234567)).toBe("SR-2026-1234567");
    expect(isRequestNumber("SR-2026-000123")).toBe(true);
    for (const bad of ["SR-2026-12345", "INQ-2026-000123", "sr-2026-000123", "SR-2026-000123x", `SR-2026-${"1".repeat(30)}`]) {
      expect(isRequestNumber(bad)).toBe(false);
    }
  });

  it("counts the year of receipt in Berlin", () => {
    expect(requestYear(new Date("2026-12-31T22:59:59.999Z"))).toBe(2026);
    expect(requestYear(new Date("2026-12-31T23:00:00.000Z"))).toBe(2027);
  });
});

describe("taking and handing over", () => {
  const load = (userId: number, tier: 1 | 2 | 3, openCount = 0) => ({ userId, tier, openCount });

  it("gives the request to the agent who takes it and starts the work", () => {
    const result = supportTransition(request(), { type: "take", agent: load(7, 1), maxOpenPerAgent: 20 }, agent(1), NOW);
    expect(result.ok && result.status).toBe("in_progress");
    expect(result.ok && result.effects).toEqual([{ kind: "assign_to", userId: 7 }]);
  });

  it("keeps a waiting request waiting when it changes hands", () => {
    const waiting = request({ status: "waiting_for_merchant", assignedUserId: 7 });
    const result = supportTransition(waiting, { type: "hand_over", to: load(8, 1), maxOpenPerAgent: 20 }, agent(1), NOW);
    expect(result.ok && result.status).toBe("waiting_for_merchant");
    expect(result.ok && result.effects).toEqual([{ kind: "assign_to", userId: 8 }]);
  });

  it("refuses an agent who already holds as many open requests as the setting allows", () => {
    const full = supportTransition(request(), { type: "take", agent: load(7, 1, 20), maxOpenPerAgent: 20 }, agent(1), NOW);
    expect(!full.ok && full.refusal.code).toBe("agent_full");
    const oneLeft = supportTransition(request(), { type: "take", agent: load(7, 1, 19), maxOpenPerAgent: 20 }, agent(1), NOW);
    expect(oneLeft.ok).toBe(true);
    const handed = supportTransition(request(), { type: "hand_over", to: load(8, 2, 3), maxOpenPerAgent: 3 }, agent(1), NOW);
    expect(!handed.ok && handed.refusal.code).toBe("agent_full");
  });

  it("hands a request only to an agent of its tier or above, and not to the one who holds it", () => {
    const tier2 = request({ tier: 2, assignedUserId: 8 });
    const low = supportTransition(tier2, { type: "hand_over", to: load(7, 1), maxOpenPerAgent: 20 }, agent(2), NOW);
    expect(!low.ok && low.refusal.code).toBe("target_tier_too_low");
    const same = supportTransition(tier2, { type: "hand_over", to: load(8, 2), maxOpenPerAgent: 20 }, agent(2), NOW);
    expect(!same.ok && same.refusal.code).toBe("already_assigned");
    const up = supportTransition(tier2, { type: "hand_over", to: load(9, 3), maxOpenPerAgent: 20 }, agent(2), NOW);
    expect(up.ok).toBe(true);
  });

  it("lets a tier-1 agent neither take nor hand over an escalated request", () => {
    const tier2 = request({ tier: 2 });
    for (const type of ["take", "hand_over"] as const) {
      const result = supportTransition(tier2, events[type], agent(1), NOW);
      expect(!result.ok && result.refusal.code).toBe("tier_too_low");
    }
  });
});
