import { describe, expect, it } from "vitest";
import {
  afterFailure,
  countAttempt,
  LOCK_MS,
  passwordProblems,
  sessionRenewal,
  SESSION_IDLE_MS,
  throttleVerdict,
  type ThrottleState,
} from "./sign-in";

const t0 = new Date("2026-11-23T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

function failTimes(n: number, spacingMs = 0): ThrottleState {
  let state: ThrottleState | null = null;
  for (let i = 0; i < n; i++) state = afterFailure(state, at(i * spacingMs));
  return state!;
}

describe("sign-in throttling", () => {
  it("lets the first four failures through without waiting", () => {
    expect(throttleVerdict(null, t0)).toEqual({ kind: "allowed" });
    expect(throttleVerdict(failTimes(4), t0)).toEqual({ kind: "allowed" });
  });

  it("makes the fifth and later failures wait, doubling each time", () => {
    expect(throttleVerdict(failTimes(5), t0)).toEqual({ kind: "wait", seconds: 5 });
    expect(throttleVerdict(failTimes(6), t0)).toEqual({ kind: "wait", seconds: 10 });
    expect(throttleVerdict(failTimes(5), at(5000))).toEqual({ kind: "allowed" });
  });

  it("locks for fifteen minutes after ten failures", () => {
    const state = failTimes(10, 100_000);
    const lastFailure = at(9 * 100_000);
    expect(state.lockedUntil?.getTime()).toBe(lastFailure.getTime() + LOCK_MS);
    expect(throttleVerdict(state, at(9 * 100_000 + LOCK_MS - 1)).kind).toBe("locked");
    expect(throttleVerdict(state, at(9 * 100_000 + LOCK_MS + 200_000)).kind).not.toBe("locked");
  });

  it("forgets failures after a quiet hour", () => {
    const state = failTimes(6);
    const later = at(61 * 60 * 1000);
    expect(throttleVerdict(state, later)).toEqual({ kind: "allowed" });
    expect(afterFailure(state, later).failures).toBe(1);
  });
});

describe("password rules", () => {
  it.each([
    ["short", "anna", ["tooShort"]],
    ["correct horse battery", "anna", []],
    ["anna-is-my-password", "anna", ["username"]],
    ["x".repeat(257), "anna", ["tooLong"]],
    ["ääääääääääää", "bob", []],
  ])("%s", (password, username, problems) => {
    expect(passwordProblems(password, username)).toEqual(problems);
  });
});

describe("sliding session expiry", () => {
  it("extends only when less than half the idle time is left", () => {
    expect(sessionRenewal(at(SESSION_IDLE_MS), t0)).toBeNull();
    expect(sessionRenewal(at(SESSION_IDLE_MS / 2 - 1), t0)?.getTime()).toBe(t0.getTime() + SESSION_IDLE_MS);
  });
});

describe("counting an attempt before its password is checked", () => {
  it("counts every attempt, refused ones too, and locks on the tenth without prolonging the lock", () => {
    let state: ThrottleState | null = null;
    const verdicts: string[] = [];
    for (let i = 0; i < 12; i++) {
      const counted = countAttempt(state, t0);
      verdicts.push(counted.verdict.kind);
      state = counted.next;
    }
    expect(verdicts).toEqual([
      "allowed",
      "allowed",
      "allowed",
      "allowed",
      "allowed",
      "wait",
      "wait",
      "wait",
      "wait",
      "wait",
      "locked",
      "locked",
    ]);
    expect(state?.failures).toBe(12);
    expect(state?.lockedUntil?.toISOString()).toBe("2026-11-23T10:15:00.000Z");
  });

  it("lets the right password through once the 15 minutes are over, however many attempts came during the lock", () => {
    let state: ThrottleState | null = null;
    for (let i = 0; i < 40; i++) state = countAttempt(state, at(i * 1000)).next;
    const lockedAt = state!.lockedUntil!.getTime() - 15 * 60 * 1000;
    expect(countAttempt(state, new Date(lockedAt + 15 * 60 * 1000 - 1)).verdict.kind).toBe("locked");
    expect(countAttempt(state, new Date(lockedAt + 15 * 60 * 1000)).verdict.kind).toBe("allowed");
  });
});
