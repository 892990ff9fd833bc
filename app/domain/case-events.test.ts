import { describe, expect, it } from "vitest";
import { parseCaseEventDetails } from "./case-events";

describe("case event details", () => {
  it("parses each kind into its own shape", () => {
    expect(parseCaseEventDetails("decide", JSON.stringify({ decision: "won", note: "Signed receipt" }))).toEqual({
      eventType: "decide",
      details: { decision: "won", note: "Signed receipt" },
    });
    expect(
      parseCaseEventDetails("request_information", JSON.stringify({ message: "Invoice?", respondBy: "2026-11-20T22:59:59.999Z" })),
    ).toEqual({ eventType: "request_information", details: { message: "Invoice?", respondBy: "2026-11-20T22:59:59.999Z" } });
    expect(parseCaseEventDetails("respond", JSON.stringify({ responseId: 3, creditMinor: 500, currency: "EUR" }))).toEqual({
      eventType: "respond",
      details: { responseId: 3, creditMinor: 500, currency: "EUR" },
    });
    expect(parseCaseEventDetails("opened", JSON.stringify({ origin: "no_reply", amountMinor: 100, currency: "EUR" }))).toMatchObject({
      eventType: "opened",
      details: { origin: "no_reply" },
    });
    expect(parseCaseEventDetails("deadline_passed", "{}")).toEqual({ eventType: "deadline_passed", details: {} });
  });

  it("an unknown kind or a shape that does not fit is unreadable, never a wrong shape", () => {
    const unreadable = (storedType: string) => ({ eventType: "unreadable", storedType, details: {} });
    expect(parseCaseEventDetails("decide", JSON.stringify({ decision: "maybe", note: "x" }))).toEqual(unreadable("decide"));
    expect(parseCaseEventDetails("decide", JSON.stringify({ decision: "won", note: 5 }))).toEqual(unreadable("decide"));
    expect(parseCaseEventDetails("request_information", "{}")).toEqual(unreadable("request_information"));
    expect(parseCaseEventDetails("respond", "not json")).toEqual(unreadable("respond"));
    expect(parseCaseEventDetails("teleported", "{}")).toEqual(unreadable("teleported"));
  });
});
