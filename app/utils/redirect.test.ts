import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  it.each([
    ["/disputes?status=open", "/disputes?status=open"],
    ["/settings/profile#email", "/settings/profile#email"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/%0a/evil", "/%0a/evil"],
    ["/\tevil", "/"],
    ["", "/"],
    [null, "/"],
    [42, "/"],
    ["/" + "a".repeat(3000), "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});

describe("safeRedirect: open-redirect payloads fall back to a portal path", () => {
  const payloads = [
    "//evil.example",
    "/\\evil.example",
    "/.//evil.example/phish",
    "/./\\evil.example",
    "/a/..//evil.example",
    "/%2f%2fevil.example",
    "/%2F/evil.example",
    "/%5cevil.example",
    "/%5Cevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "https://evil.example",
    "javascript:alert(1)",
  ];

  it.each(payloads)("%j → fallback", (payload) => {
    const result = safeRedirect(payload, "/home");
    expect(result).toBe("/home");
    expect(result.startsWith("/")).toBe(true);
    expect(result.startsWith("//")).toBe(false);
    expect(result.startsWith("/\\")).toBe(false);
  });

  it("keeps normal paths unchanged", () => {
    expect(safeRedirect("/disputes?status=open#x")).toBe("/disputes?status=open#x");
  });
});
