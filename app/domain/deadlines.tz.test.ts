// The server's own time zone must not leak into deadlines. Node re-reads process.env.TZ when it
// is assigned, so one test process can compute the same deadlines under several system zones;
// each run first proves the system zone really changed.
import { afterAll, describe, it, expect } from "vitest";
import { countdown, isUrgent, respondByFor, urgentUntil } from "./deadlines";

const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

function computeAll() {
  const receipts = [
    "2026-03-09T22:59:59.999Z",
    "2026-03-09T23:00:00.000Z",
    "2026-03-29T01:30:00Z",
    "2026-10-05T10:00:00Z",
    "2026-02-16T15:00:00Z",
    "2026-10-12T14:00:00Z",
    "2026-03-01T04:59:59.999Z",
    "2026-03-01T05:00:00.000Z",
  ];
  const zones = ["Europe/Berlin", "America/New_York", "Europe/Amsterdam", "Pacific/Auckland"];
  return zones.flatMap((zone) =>
    receipts.map((r) => {
      const receivedAt = new Date(r);
      const respondBy = respondByFor(receivedAt, zone, 20);
      const now = new Date(respondBy.getTime() - 2.5 * 24 * 3600 * 1000);
      return {
        zone,
        receivedAt: r,
        respondBy: respondBy.toISOString(),
        countdown: countdown(respondBy, zone, now),
        dueDay: countdown(respondBy, zone, new Date(respondBy.getTime() - 3600 * 1000)),
        urgent: isUrgent({ status: "awaiting_response", respondBy, urgentFlag: false, timeZone: zone }, now),
        urgentUntil: urgentUntil(now, zone).toISOString(),
      };
    }),
  );
}

// Offsets of 1 January and 1 July under the current system zone: differ between the zones below.
const systemOffsets = () => [new Date(2026, 0, 1).getTimezoneOffset(), new Date(2026, 6, 1).getTimezoneOffset()];

describe("deadlines do not depend on the server's time zone", () => {
  const systemZones = [
    { tz: "UTC", offsets: [0, 0] },
    { tz: "Pacific/Auckland", offsets: [-780, -720] },
    { tz: "America/Los_Angeles", offsets: [480, 420] },
    { tz: "Asia/Kolkata", offsets: [-330, -330] },
    { tz: "Europe/Berlin", offsets: [-60, -120] },
  ];

  const results = new Map<string, ReturnType<typeof computeAll>>();

  it.each(systemZones)("computes under TZ=$tz", ({ tz, offsets }) => {
    process.env.TZ = tz;
    expect(systemOffsets()).toEqual(offsets);
    results.set(tz, computeAll());
  });

  it("gives identical results under every system zone", () => {
    expect(results.size).toBe(systemZones.length);
    const reference = results.get("UTC");
    for (const [tz, result] of results) {
      expect(result, `TZ=${tz}`).toEqual(reference);
    }
  });

  it("and those results are the expected ones", () => {
    const byKey = new Map(results.get("Pacific/Auckland")!.map((r) => [`${r.zone} ${r.receivedAt}`, r]));
    expect(byKey.get("Europe/Berlin 2026-03-09T22:59:59.999Z")!.respondBy).toBe("2026-03-29T21:59:59.999Z");
    expect(byKey.get("Europe/Berlin 2026-03-09T23:00:00.000Z")!.respondBy).toBe("2026-03-30T21:59:59.999Z");
    expect(byKey.get("Europe/Berlin 2026-10-05T10:00:00Z")!.respondBy).toBe("2026-10-25T22:59:59.999Z");
    expect(byKey.get("America/New_York 2026-02-16T15:00:00Z")!.respondBy).toBe("2026-03-09T03:59:59.999Z");
    expect(byKey.get("America/New_York 2026-10-12T14:00:00Z")!.respondBy).toBe("2026-11-02T04:59:59.999Z");
    expect(byKey.get("America/New_York 2026-03-01T04:59:59.999Z")!.respondBy).toBe("2026-03-21T03:59:59.999Z");
    expect(byKey.get("America/New_York 2026-03-01T05:00:00.000Z")!.respondBy).toBe("2026-03-22T03:59:59.999Z");
    for (const r of byKey.values()) {
      expect(r.dueDay).toEqual({ kind: "due_today" });
      expect(r.urgent).toBe(true);
    }
  });
});
