import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { securityHeaders } from "./security.server";

async function headersFrom(env: { NODE_ENV: "development" | "production"; APP_URL: string }): Promise<Headers> {
  const app = express();
  app.use(securityHeaders(env));
  app.get("/", (_req, res) => void res.send("ok"));
  const server = app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    return (await fetch(`http://127.0.0.1:${port}/`)).headers;
  } finally {
    server.close();
  }
}

describe("security headers", () => {
  it("sends HSTS in production only", async () => {
    expect((await headersFrom({ NODE_ENV: "production", APP_URL: "https://portal.example" })).get("strict-transport-security")).toBe(
      "max-age=31536000; includeSubDomains",
    );
    expect((await headersFrom({ NODE_ENV: "development", APP_URL: "http://localhost:3000" })).get("strict-transport-security")).toBeNull();
  });

  it("upgrades insecure requests only where the portal is served over HTTPS", async () => {
    expect((await headersFrom({ NODE_ENV: "production", APP_URL: "https://portal.example" })).get("content-security-policy")).toMatch(
      /upgrade-insecure-requests/,
    );
    expect((await headersFrom({ NODE_ENV: "production", APP_URL: "http://localhost:3000" })).get("content-security-policy")).not.toMatch(
      /upgrade-insecure-requests/,
    );
  });

  it("gives every response a nonce of its own in the policy, the rest of the headers alike", async () => {
    const env = { NODE_ENV: "production", APP_URL: "https://portal.example" } as const;
    const [a, b] = [await headersFrom(env), await headersFrom(env)];
    const nonceOf = (h: Headers) => /script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'/.exec(h.get("content-security-policy") ?? "")?.[1];
    expect(nonceOf(a)).toBeDefined();
    expect(nonceOf(b)).toBeDefined();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(a.get("content-security-policy")?.replace(nonceOf(a)!, "")).toBe(b.get("content-security-policy")?.replace(nonceOf(b)!, ""));
    expect(a.get("x-frame-options")).toBe("DENY");
    expect(a.get("x-content-type-options")).toBe("nosniff");
    expect(a.get("referrer-policy")).toBe("same-origin");
  });
});
