import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./origin.server";

const allowed = ["https://portal.example"];

describe("Origin check", () => {
  it.each<[string, Record<string, string>, boolean]>([
    ["GET", {}, true],
    ["POST", { origin: "https://portal.example" }, true],
    // Only APP_URL counts: a forged Host header never makes its own origin acceptable.
    ["POST", { origin: "http://localhost:3000", host: "localhost:3000" }, false],
    ["POST", { origin: "http://evil.example", host: "evil.example" }, false],
    ["PUT", { origin: "https://evil.example", host: "evil.example" }, false],
    ["PUT", { origin: "https://portal.example" }, true],
    ["POST", { origin: "https://evil.example", host: "localhost:3000" }, false],
    ["POST", { host: "localhost:3000" }, false],
    ["POST", { origin: "null", host: "localhost:3000" }, false],
    ["POST", { referer: "https://portal.example/login", host: "localhost:3000" }, true],
    ["POST", { referer: "http://localhost:3000/login", host: "localhost:3000" }, false],
    ["POST", { referer: "not a url", host: "localhost:3000" }, false],
    ["DELETE", { origin: "https://evil.example" }, false],
  ])("%s %j → %s", (method, headers, ok) => {
    expect(isSameOriginRequest(method, headers, allowed)).toBe(ok);
  });
});
