import http from "node:http";
import { describe, expect, it } from "vitest";
import { baseURL } from "./browser";

// Plain HTTP against the real server: what a hand-made request gets, whatever the browser would do.
function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(new URL(path, baseURL()), {
    method: "POST",
    body,
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL(), ...headers },
  });
}

/** A raw request, so the Host header can be forged (fetch does not let a caller set it). */
function rawPost(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, baseURL()), { method: "POST", headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end("username=admin&password=portal-demo-2026");
  });
}

describe("the HTTP surface", () => {
  it("compares Origin with APP_URL only: a forged Host naming the foreign site is refused", async () => {
    const forged = await rawPost("/login", {
      Host: "evil.example",
      Origin: "http://evil.example",
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatch(/did not come from a page of the portal/);
  });

  it("refuses a 100 MB body to /login with 413 before reading it, and closes the connection", async () => {
    const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const request = http.request(new URL("/login", baseURL()), {
        method: "POST",
        headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(100 * 1024 * 1024) },
      });
      request.on("response", (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
        request.destroy();
      });
      request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
      request.write("username=admin&password=" + "x".repeat(1024));
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe("close");
  });

  it("serves a favicon and a robots.txt that keeps crawlers out, with long cache headers", async () => {
    const robots = await fetch(new URL("/robots.txt", baseURL()));
    expect(robots.status).toBe(200);
    expect(await robots.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);
    const maxAge = Number(/max-age=(\d+)/.exec(robots.headers.get("cache-control") ?? "")?.[1] ?? 0);
    expect(maxAge).toBeGreaterThanOrEqual(7 * 86_400);
    const icon = await fetch(new URL("/favicon.svg", baseURL()));
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
  });

  it("answers /healthz with the database checked", async () => {
    const response = await fetch(new URL("/healthz", baseURL()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("refuses a POST without a matching Origin with a 403 and a reason", async () => {
    const foreign = await post("/login", "username=admin&password=portal-demo-2026", { Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toMatch(/did not come from a page of the portal/);
    const missing = await fetch(new URL("/logout", baseURL()), { method: "POST", redirect: "manual" });
    expect(missing.status).toBe(403);
  });

  it("answers bad sign-in input with 4xx, never 500", async () => {
    const cases = [
      "",
      "username=&password=",
      `username=${"x".repeat(10_000)}&password=secret`,
      // No demo user: a failed sign-in may count against the user, whom other tests sign in as.
      "username=nobody-here&password=wrong&redirectTo=https%3A%2F%2Fevil.example",
      "%%%garbage",
    ];
    for (const body of cases) {
      const response = await post("/login", body);
      expect(response.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(response.status, body.slice(0, 40)).toBeLessThan(500);
    }
    const json = await post("/login", "{}", { "Content-Type": "application/json" });
    expect(json.status).toBe(400);
  });

  it("sends a forged redirectTo home instead of off-site", async () => {
    const response = await post("/login", "username=noord-ams&password=portal-demo-2026&redirectTo=%2F%2Fevil.example");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/disputes");
  });

  it("gives the same answer on /forgot for a known and an unknown address", async () => {
    const known = await post("/forgot", "email=noord-hq%40noordzee.example");
    const unknown = await post("/forgot", "email=nobody%40noordzee.example");
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const strip = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "");
    expect(strip(await known.text())).toBe(strip(await unknown.text()));
  });

  it("answers unknown pages with 404", async () => {
    const response = await fetch(new URL("/no-such-page", baseURL()));
    expect(response.status).toBe(404);
  });
});
