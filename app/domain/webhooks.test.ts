import { describe, expect, it } from "vitest";
import { afterDeliveryTry, retryDelayMs } from "./notifications";
import {
  DISABLE_AFTER_FAILING_MS,
  eventTypeForNotice,
  MAX_WEBHOOK_ATTEMPTS,
  shouldDisable,
  storedEvents,
  subscribedEvents,
  tryResultOf,
  WEBHOOK_BACKOFF,
  webhookUrlProblem,
} from "./webhooks";

describe("webhook rules", () => {
  it("takes http(s) addresses with a host and without credentials; plain http only where allowed", () => {
    const strict = { allowHttp: false };
    expect(webhookUrlProblem("https://erp.example/hooks?x=1", strict)).toBeNull();
    expect(webhookUrlProblem("http://erp.example/hooks", strict)).toBe("webhooks.error.https");
    expect(webhookUrlProblem("http://127.0.0.1:8080/hooks", { allowHttp: true })).toBeNull();
    for (const bad of [
      "",
      "erp.example/hooks",
      "ftp://erp.example",
      "javascript:alert(1)",
      "https://u:p@erp.example",
      "https://u@erp.example",
      `https://e.example/${"x".repeat(2000)}`,
    ]) {
      expect(webhookUrlProblem(bad, { allowHttp: true }), bad).toBe("webhooks.error.url");
    }
  });

  it("stores the chosen events in one order and reads back only known ones", () => {
    expect(storedEvents(["case.urgent", "case.created"])).toBe("case.created case.urgent");
    expect(subscribedEvents("case.created nonsense case.urgent")).toEqual(["case.created", "case.urgent"]);
    expect([
      eventTypeForNotice("new_case"),
      eventTypeForNotice("case_update", "respond"),
      eventTypeForNotice("case_update", "decide"),
      eventTypeForNotice("urgent"),
    ]).toEqual(["case.created", "case.updated", "case.decided", "case.urgent"]);
  });

  it("delivers on any 2xx and tries everything else again", () => {
    expect(tryResultOf({ status: 200 })).toEqual({ ok: true });
    expect(tryResultOf({ status: 204 })).toEqual({ ok: true });
    for (const status of [301, 400, 404, 410, 500, 503]) expect(tryResultOf({ status })).toMatchObject({ ok: false, retryable: true });
    expect(tryResultOf({ error: "timed out" })).toEqual({ ok: false, error: "timed out", retryable: true });
  });

  it("waits 1, 2, 4 … minutes, at most six hours, and keeps trying past three days", () => {
    const mid = () => 0.5;
    expect(retryDelayMs(1, mid, WEBHOOK_BACKOFF)).toBe(45_000);
    expect(retryDelayMs(2, mid, WEBHOOK_BACKOFF)).toBe(90_000);
    expect(retryDelayMs(20, () => 0.999999, WEBHOOK_BACKOFF)).toBeLessThanOrEqual(WEBHOOK_BACKOFF.capMs);
    // Even with the shortest waits the tries span the three days before the endpoint is disabled.
    let spent = 0;
    for (let attempt = 1; attempt < MAX_WEBHOOK_ATTEMPTS; attempt++) spent += retryDelayMs(attempt, () => 0, WEBHOOK_BACKOFF);
    expect(spent).toBeGreaterThan(DISABLE_AFTER_FAILING_MS);
    const now = new Date("2026-12-04T09:00:00Z");
    const failed = { ok: false as const, error: "HTTP 500", retryable: true };
    expect(
      afterDeliveryTry({
        attempts: MAX_WEBHOOK_ATTEMPTS,
        result: failed,
        now,
        random: mid,
        maxAttempts: MAX_WEBHOOK_ATTEMPTS,
        backoff: WEBHOOK_BACKOFF,
      }),
    ).toEqual({
      kind: "failed",
      error: "HTTP 500",
    });
  });

  it("disables an endpoint after three full days of failures, not a moment earlier", () => {
    const since = new Date("2026-12-01T09:00:00Z");
    expect(shouldDisable(null, new Date("2027-01-01T00:00:00Z"))).toBe(false);
    expect(shouldDisable(since, new Date(since.getTime() + DISABLE_AFTER_FAILING_MS - 1))).toBe(false);
    expect(shouldDisable(since, new Date(since.getTime() + DISABLE_AFTER_FAILING_MS))).toBe(true);
    expect(DISABLE_AFTER_FAILING_MS).toBe(3 * 24 * 3600 * 1000);
  });
});
