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
});
