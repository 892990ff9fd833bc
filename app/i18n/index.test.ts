import { describe, expect, it } from "vitest";
import { negotiateLocale, translate } from "./index";

describe("interface language", () => {
  it.each([
    [null, "en"],
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["en-US,en;q=0.9,de;q=0.8", "en"],
    ["nl-NL,nl;q=0.9,de;q=0.5,en;q=0.4", "de"],
    ["fr, en;q=0", "en"],
    ["de;q=0.2, en;q=0.8", "en"],
    ["*", "en"],
    ["garbage;;;q=abc", "en"],
  ])("Accept-Language %s → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it("fills in parameters and leaves unknown ones visible", () => {
    expect(translate("en", "nav.signedInAs", { name: "Anna" })).toBe("Signed in as Anna");
    expect(translate("de", "nav.signedInAs", { name: "Anna" })).toBe("Angemeldet als Anna");
    expect(translate("en", "nav.signedInAs")).toBe("Signed in as {name}");
  });
});
