import { describe, expect, it } from "vitest";
import {
  acknowledgementDueAt,
  complaintDueAt,
  dueSoonUntil,
  findDuplicate,
  maxOpenPerAgentFrom,
  promisesFor,
  promiseState,
  routeRequest,
  type ExistingRequest,
} from "./support-rules";

describe("the acknowledgment promise: ten Berlin calendar days", () => {
  it("ends at the end of the tenth Berlin day after the day of receipt", () => {
    // 1 March 10:00 CET → 11 March 23:59:59.999 CET
    expect(acknowledgementDueAt(new Date("2026-03-01T09:00:00Z")).toISOString()).toBe("2026-03-11T22:59:59.999Z");
  });

  it("takes the Berlin day, not the UTC day, of receipt", () => {
    // 23:30 UTC on 28 Feb is 00:30 on 1 March in Berlin.
    expect(acknowledgementDueAt(new Date("2026-02-28T23:30:00Z")).toISOString()).toBe("2026-03-11T22:59:59.999Z");
    expect(acknowledgementDueAt(new Date("2026-02-28T22:59:59Z")).toISOString()).toBe("2026-03-10T22:59:59.999Z");
  });

  it("stays on calendar days across the change to summer time", () => {
    // Received 25 March (CET), due 4 April (CEST): 21:59:59.999 UTC.
    expect(acknowledgementDueAt(new Date("2026-03-25T12:00:00Z")).toISOString()).toBe("2026-04-04T21:59:59.999Z");
  });
});

describe("the complaint promise: two months", () => {
  it("is due 31 March for a complaint received on 31 January (February in between)", () => {
    expect(complaintDueAt(new Date("2026-01-31T10:00:00Z")).toISOString()).toBe("2026-03-31T21:59:59.999Z");
  });

  it("ends on the last day of a shorter month", () => {
    expect(complaintDueAt(new Date("2025-12-31T10:00:00Z")).toISOString()).toBe("2026-02-28T22:59:59.999Z");
    expect(complaintDueAt(new Date("2027-12-30T10:00:00Z")).toISOString()).toBe("2028-02-29T22:59:59.999Z");
    expect(complaintDueAt(new Date("2026-08-31T10:00:00Z")).toISOString()).toBe("2026-10-31T22:59:59.999Z");
  });

  it("keeps the day number otherwise", () => {
    expect(complaintDueAt(new Date("2026-01-15T10:00:00Z")).toISOString()).toBe("2026-03-15T22:59:59.999Z");
  });

  it("counts from the Berlin day of receipt", () => {
    // 23:30 UTC on 31 January is 1 February in Berlin: due 1 April.
    expect(complaintDueAt(new Date("2026-01-31T23:30:00Z")).toISOString()).toBe("2026-04-01T21:59:59.999Z");
  });

  it("applies to complaints only", () => {
    const at = new Date("2026-01-31T10:00:00Z");
    expect(promisesFor("complaint", at).resolveBy?.toISOString()).toBe("2026-03-31T21:59:59.999Z");
    for (const category of ["information", "access", "change", "incident"] as const) {
      expect(promisesFor(category, at)).toEqual({ acknowledgeBy: acknowledgementDueAt(at), resolveBy: null });
    }
  });
});

describe("where a promise stands", () => {
  const due = new Date("2026-03-31T21:59:59.999Z"); // end of 31 March in Berlin

  it("is kept when fulfilled by the deadline, broken when late", () => {
    expect(promiseState(due, due, new Date("2026-06-01T00:00:00Z"))).toBe("kept");
    expect(promiseState(due, new Date(due.getTime() + 1), new Date("2026-06-01T00:00:00Z"))).toBe("broken");
  });

  it("is broken once the deadline passed unfulfilled", () => {
    expect(promiseState(due, null, due)).toBe("due_soon");
    expect(promiseState(due, null, new Date(due.getTime() + 1))).toBe("broken");
  });

  it("is due soon with two Berlin calendar days or fewer left", () => {
    // Midnight in Berlin (CET, UTC+1) on 29 March is 23:00 UTC on the 28th.
    expect(promiseState(due, null, new Date("2026-03-28T22:59:59.999Z"))).toBe("pending"); // 28 March: 3 days left
    expect(promiseState(due, null, new Date("2026-03-28T23:00:00.000Z"))).toBe("due_soon"); // 29 March: 2 days left
    expect(promiseState(due, null, new Date("2026-03-31T10:00:00Z"))).toBe("due_soon");
    expect(promiseState(due, null, new Date("2026-03-31T10:00:00Z"), 0)).toBe("due_soon");
    expect(promiseState(due, null, new Date("2026-03-30T10:00:00Z"), 0)).toBe("pending");
  });

  it("gives a query bound that agrees with due soon", () => {
    const now = new Date("2026-03-29T08:00:00Z");
    expect(dueSoonUntil(now).toISOString()).toBe("2026-03-31T21:59:59.999Z");
    expect(promiseState(dueSoonUntil(now), null, now)).toBe("due_soon");
    expect(promiseState(new Date(dueSoonUntil(now).getTime() + 1), null, now)).toBe("pending");
  });
});

describe("routing", () => {
  const counts: Record<number, number> = { 7: 3, 8: 20, 9: 0 };
  const openCount = (id: number) => counts[id] ?? 0;

  it("gives the request to the organisation's agent first", () => {
    expect(routeRequest({ organisationAgentId: 7, categoryAgentId: 9, openCount, maxOpenPerAgent: 20 })).toEqual({
      assignedTo: 7,
      reason: "organisation",
    });
  });

  it("then to the category's agent", () => {
    expect(routeRequest({ organisationAgentId: null, categoryAgentId: 9, openCount, maxOpenPerAgent: 20 })).toEqual({
      assignedTo: 9,
      reason: "category",
    });
  });

  it("else to the tier-1 queue", () => {
    expect(routeRequest({ organisationAgentId: null, categoryAgentId: null, openCount, maxOpenPerAgent: 20 })).toEqual({
      assignedTo: null,
      reason: "queue",
    });
  });

  it("leaves it in the queue when the responsible agent holds the maximum already", () => {
    expect(routeRequest({ organisationAgentId: 8, categoryAgentId: 9, openCount, maxOpenPerAgent: 20 })).toEqual({
      assignedTo: null,
      reason: "agent_full",
    });
    expect(routeRequest({ organisationAgentId: null, categoryAgentId: 8, openCount, maxOpenPerAgent: 20 })).toEqual({
      assignedTo: null,
      reason: "agent_full",
    });
    // 19 open of 20: one more fits.
    expect(routeRequest({ organisationAgentId: 8, categoryAgentId: null, openCount, maxOpenPerAgent: 21 }).assignedTo).toBe(8);
    expect(routeRequest({ organisationAgentId: 7, categoryAgentId: null, openCount, maxOpenPerAgent: 3 }).reason).toBe("agent_full");
    expect(routeRequest({ organisationAgentId: 7, categoryAgentId: null, openCount, maxOpenPerAgent: 4 }).assignedTo).toBe(7);
  });

  it("reads the limit setting with its default and bounds", () => {
    expect(maxOpenPerAgentFrom(undefined)).toBe(20);
    expect(maxOpenPerAgentFrom(null)).toBe(20);
    expect(maxOpenPerAgentFrom(" 35 ")).toBe(35);
    for (const bad of ["0", "-1", "abc", "501", "2.5", ""]) expect(maxOpenPerAgentFrom(bad)).toBe(20);
  });
});

describe("no duplicates", () => {
  const base = (id: number, overrides: Partial<ExistingRequest> = {}): ExistingRequest => ({
    id,
    organisationId: 1,
    category: "complaint",
    caseId: 42,
    status: "in_progress",
    receivedAt: new Date(Date.UTC(2026, 0, id)),
    ...overrides,
  });

  it("finds the open request of the same organisation, category and linked case", () => {
    const existing = [base(2), base(1, { status: "waiting_for_merchant" })];
    expect(findDuplicate({ organisationId: 1, category: "complaint", caseId: 42 }, existing)?.id).toBe(1);
  });

  it("counts received, in progress and waiting as open; solved and closed not", () => {
    for (const status of ["received", "in_progress", "waiting_for_merchant"] as const) {
      expect(findDuplicate({ organisationId: 1, category: "complaint", caseId: 42 }, [base(1, { status })])?.id).toBe(1);
    }
    for (const status of ["solved", "closed"] as const) {
      expect(findDuplicate({ organisationId: 1, category: "complaint", caseId: 42 }, [base(1, { status })])).toBeNull();
    }
  });

  it("needs all three to match", () => {
    const existing = [base(1)];
    expect(findDuplicate({ organisationId: 2, category: "complaint", caseId: 42 }, existing)).toBeNull();
    expect(findDuplicate({ organisationId: 1, category: "incident", caseId: 42 }, existing)).toBeNull();
    expect(findDuplicate({ organisationId: 1, category: "complaint", caseId: 43 }, existing)).toBeNull();
  });

  it("never calls unlinked requests duplicates", () => {
    expect(
      findDuplicate({ organisationId: 1, category: "information", caseId: null }, [base(1, { category: "information", caseId: null })]),
    ).toBeNull();
  });
});
