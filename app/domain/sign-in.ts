// Sign-in rules that do not need a database: throttling, password strength, session lifetime.

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
/** Reset emails to one user within an hour, however many addresses ask: the rest are not sent. */
export const MAX_RESET_EMAILS_PER_HOUR = 3;
/** The hour those are counted over: a link created within it counts, expired or spent, until it passes. */
export const RESET_EMAIL_WINDOW_MS = 60 * 60 * 1000;
export const MAX_IDENTIFIER_LENGTH = 254;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Failures below this count cost nothing; from here on each attempt must wait. */
export const FREE_FAILURES = 4;
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_MS = 15 * 60 * 1000;
/** A quiet hour forgives earlier failures. */
export const FAILURE_MEMORY_MS = 60 * 60 * 1000;

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

export type ThrottleVerdict = { kind: "allowed" } | { kind: "wait"; seconds: number } | { kind: "locked"; until: Date };

function effectiveFailures(state: ThrottleState | null, now: Date): number {
  if (!state) return 0;
  if (now.getTime() - state.lastFailureAt.getTime() > FAILURE_MEMORY_MS) return 0;
  return state.failures;
}

/** May a sign-in attempt for this identifier be checked now? */
export function throttleVerdict(state: ThrottleState | null, now: Date): ThrottleVerdict {
  if (state?.lockedUntil && state.lockedUntil.getTime() > now.getTime()) {
    return { kind: "locked", until: state.lockedUntil };
  }
  const failures = effectiveFailures(state, now);
  if (failures <= FREE_FAILURES || !state) return { kind: "allowed" };
  // 5 s after the 5th failure, doubling each time: slows guessing without punishing a typo.
  // Never longer than a lock, so a lock that ends is not followed by a longer wait.
  const delayMs = Math.min(5000 * 2 ** (failures - FREE_FAILURES - 1), LOCK_MS);
  const waitMs = state.lastFailureAt.getTime() + delayMs - now.getTime();
  return waitMs > 0 ? { kind: "wait", seconds: Math.ceil(waitMs / 1000) } : { kind: "allowed" };
}

/** The state after one more failed attempt. */
export function afterFailure(state: ThrottleState | null, now: Date): ThrottleState {
  const failures = effectiveFailures(state, now) + 1;
  return {
    failures,
    lastFailureAt: now,
    lockedUntil: failures >= LOCK_AFTER_FAILURES ? new Date(now.getTime() + LOCK_MS) : null,
  };
}

/**
 * One sign-in attempt, counted before its password is checked (as a failure until it succeeds, when
 * the caller clears the count): the verdict says whether the password may be checked at all.
 * Refused attempts count too, so a burst of guesses reaches the lock instead of slipping past it;
 * during a lock they are counted without prolonging it.
 */
export function countAttempt(state: ThrottleState | null, now: Date): { verdict: ThrottleVerdict; next: ThrottleState } {
  const verdict = throttleVerdict(state, now);
  if (state && verdict.kind === "locked") return { verdict, next: { ...state, failures: state.failures + 1 } };
  return { verdict, next: afterFailure(state, now) };
}

/** Usernames and email addresses are matched without regard to case or surrounding spaces. */
export function normaliseIdentifier(input: string): string {
  return input.trim().toLowerCase();
}

export type PasswordProblem = "tooShort" | "tooLong" | "username";

export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push("tooShort");
  if ([...password].length > MAX_PASSWORD_LENGTH) problems.push("tooLong");
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) problems.push("username");
  return problems;
}

/** Sliding expiry: extend once less than half the idle time is left, so not every request writes. */
export function sessionRenewal(expiresAt: Date, now: Date): Date | null {
  if (expiresAt.getTime() - now.getTime() >= SESSION_IDLE_MS / 2) return null;
  return new Date(now.getTime() + SESSION_IDLE_MS);
}
