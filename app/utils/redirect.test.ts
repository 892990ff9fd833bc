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
