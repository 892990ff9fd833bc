import { describe, expect, it } from "vitest";
import { promiseMarksDue, type PromiseFacts } from "./support-promises";

const due = new Date("2026-03-31T21:59:59.999Z"); // end of 31 March in Berlin
const facts = (over: Partial<PromiseFacts> = {}): PromiseFacts => ({
  status: "in_progress",
  category: "complaint",
  acknowledgeBy: new Date("2026-02-10T22:59:59.999Z"),
  acknowledgedAt: new Date("2026-01-31T09:00:00Z"),
  resolveBy: due,
  solvedAt: null,
  acknowledgeWarnedAt: null,
  acknowledgeBreachedAt: null,
  resolveWarnedAt: null,
  resolveBreachedAt: null,
  ...over,
});
const marks = (f: PromiseFacts, now: string) => promiseMarksDue(f, new Date(now)).map((m) => `${m.promise}:${m.mark}`);

describe("which promise marks are due", () => {
  it("warns from two Berlin days left, breaches after the deadline", () => {
    expect(marks(facts(), "2026-03-28T12:00:00Z")).toEqual([]);
    expect(marks(facts(), "2026-03-29T12:00:00Z")).toEqual(["resolve:warning"]);
    expect(marks(facts(), "2026-03-31T21:59:59.999Z")).toEqual(["resolve:warning"]);
    expect(marks(facts(), "2026-03-31T22:00:00.000Z")).toEqual(["resolve:breached"]);
  });

  it("records each mark once", () => {
    const warned = new Date("2026-03-29T12:00:00Z");
    expect(marks(facts({ resolveWarnedAt: warned }), "2026-03-30T12:00:00Z")).toEqual([]);
    expect(marks(facts({ resolveWarnedAt: warned, resolveBreachedAt: new Date("2026-04-01T00:00:00Z") }), "2026-04-02T12:00:00Z")).toEqual(
      [],
    );
  });

  it("marks the acknowledgment only while it is not given, the resolution only for unsolved complaints", () => {
    expect(marks(facts({ acknowledgedAt: null }), "2026-02-09T12:00:00Z")).toEqual(["acknowledge:warning"]);
    expect(marks(facts({ acknowledgedAt: null }), "2026-04-01T12:00:00Z")).toEqual(["acknowledge:breached", "resolve:breached"]);
    expect(marks(facts({ category: "incident" }), "2026-04-01T12:00:00Z")).toEqual([]);
    expect(marks(facts({ solvedAt: new Date("2026-04-01T10:00:00Z") }), "2026-04-02T12:00:00Z")).toEqual([]);
  });

  it("ignores requests the desk no longer owes an answer", () => {
    for (const status of ["solved", "closed"] as const)
      expect(marks(facts({ status, acknowledgedAt: null }), "2026-04-01T12:00:00Z")).toEqual([]);
    expect(marks(facts({ status: "waiting_for_merchant" }), "2026-04-01T12:00:00Z")).toEqual(["resolve:breached"]);
  });
});
