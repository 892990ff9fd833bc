import { describe, expect, it } from "vitest";
import { localeOf, pageTitle } from "./meta";

describe("page titles", () => {
  it("follow the language the root loader chose", () => {
    expect(pageTitle([{ id: "root", data: { locale: "de" } }], "login.title")).toEqual([{ title: "Anmelden · Dispute-Portal" }]);
    expect(pageTitle([{ id: "root", data: { locale: "en" } }], "login.title")).toEqual([{ title: "Sign in · Dispute Portal" }]);
  });

  it("fall back to English without root data (e.g. on an error page)", () => {
    expect(localeOf([])).toBe("en");
    expect(localeOf([{ id: "root", data: { locale: "fr" } }])).toBe("en");
    expect(pageTitle([], null)).toEqual([{ title: "Dispute Portal" }]);
  });
});
