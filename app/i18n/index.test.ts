import { describe, expect, it } from "vitest";
import { defineMessages } from "./define";
import { GUIDE_SLUGS, GUIDES, type GuideBlock } from "./help-guides";
import { allMessages, isLocale, LOCALES, negotiateLocale, translate } from "./index";

describe("interface language", () => {
  it.each([
    [null, "en"],
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["en-US,en;q=0.9,de;q=0.8", "en"],
    ["nl-NL,nl;q=0.9,de;q=0.5,en;q=0.4", "nl"],
    ["nl", "nl"],
    ["nl-BE", "nl"],
    ["NL-nl", "nl"],
    ["fr-FR,fr;q=0.9,nl;q=0.7,en;q=0.5", "nl"],
    ["en;q=0.4, nl;q=0.8, de;q=0.6", "nl"],
    ["nl;q=0, de;q=0.1", "de"],
    ["fr, en;q=0", "en"],
    ["de;q=0.2, en;q=0.8", "en"],
    ["*", "en"],
    ["garbage;;;q=abc", "en"],
  ])("Accept-Language %s → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it("knows exactly the languages the portal speaks", () => {
    expect(LOCALES).toEqual(["en", "de", "nl"]);
    expect(LOCALES.every(isLocale)).toBe(true);
    for (const other of ["fr", "NL", "nl-NL", "", null, 1]) expect(isLocale(other)).toBe(false);
  });

  it("fills in parameters and leaves unknown ones visible", () => {
    expect(translate("en", "nav.signedInAs", { name: "Anna" })).toBe("Signed in as Anna");
    expect(translate("de", "nav.signedInAs", { name: "Anna" })).toBe("Angemeldet als Anna");
    expect(translate("nl", "nav.signedInAs", { name: "Daan" })).toBe("Aangemeld als Daan");
    expect(translate("en", "nav.signedInAs")).toBe("Signed in as {name}");
  });

  it("uses the agreed Dutch terms", () => {
    expect(translate("nl", "case.type.inquiry")).toBe("Informatieverzoek");
    expect(translate("nl", "case.type.chargeback")).toBe("Chargeback");
    expect(translate("nl", "case.respondBy")).toBe("Reageren vóór");
    expect(translate("nl", "disputes.col.account")).toBe("Locatie");
    expect(translate("nl", "role.head_office")).toBe("Hoofdkantoor");
  });
});

describe("the catalogue is complete in every language", () => {
  it("a missing Dutch (or German) text does not compile", () => {
    // tsc checks these lines: each must be an error, or `@ts-expect-error` itself fails the build.
    // @ts-expect-error "b" has no Dutch text
    defineMessages({ a: "A", b: "B" }, { a: "A", b: "B" }, { a: "A" });
    // @ts-expect-error "b" has no German text
    defineMessages({ a: "A", b: "B" }, { a: "A" }, { a: "A", b: "B" });
    // @ts-expect-error a Dutch text for a key English does not have
    defineMessages({ a: "A" }, { a: "A" }, { a: "A", typo: "T" });
    expect(defineMessages({ a: "A" }, { a: "A_de" }, { a: "A_nl" }).nl.a).toBe("A_nl");
  });

  const english = allMessages("en");
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it.each(LOCALES)("%s has a non-empty text for every key, with the same {placeholders} as English", (locale) => {
    const texts = allMessages(locale);
    expect(Object.keys(texts).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(texts)) {
      expect(text.trim(), key).not.toBe("");
      expect(placeholders(text), key).toEqual(placeholders(english[key] ?? ""));
    }
  });

  it("every help guide exists in Dutch with the same structure as in English", () => {
    const shape = (blocks: GuideBlock[]) => blocks.map((b) => ("ul" in b ? `ul${b.ul.length}` : "h" in b ? "h" : "p"));
    for (const slug of GUIDE_SLUGS) {
      expect(shape(GUIDES[slug].nl.blocks), slug).toEqual(shape(GUIDES[slug].en.blocks));
      expect(GUIDES[slug].nl.title).not.toBe(GUIDES[slug].en.title);
    }
  });
});
