import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createRequire } from "node:module";
import { inject } from "vitest";

export const DEMO_PASSWORD = "portal-demo-2026";

/** Debian's Chromium (never a downloaded browser), with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function baseURL(): string {
  return inject("baseURL");
}

/**
 * An address of its own for each browser profile, as if each were another client (the e2e server
 * trusts X-Forwarded-For from loopback), so the per-address rate limits do not add up over the suite.
 */
export function testClientAddress(): string {
  const octet = () => 1 + Math.floor(Math.random() * 254);
  return `10.${octet()}.${octet()}.${octet()}`;
}

/** A fresh browser profile that records page errors, so a test can assert there were none. */
export async function newContext(browser: Browser, locale = "en-GB"): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale, extraHTTPHeaders: { "X-Forwarded-For": testClientAddress() } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { context, page, errors };
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username or email address").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  // The URL changes before the new page renders: the header's sign-out button shows that it has.
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/**
 * Waits until the page's JavaScript has taken over: Remix's client router exists once the entry
 * script has run and React has begun hydrating (React finishes hydrating before it handles a
 * click). `goto` resolves on the load event, which does not wait for that dynamically imported
 * script, so a test of what the browser checks before sending must wait for this first.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => "__remixRouter" in window);
}

/** Signs in over plain HTTP (no browser) and hands back the session cookie for further requests. */
export async function signInCookie(username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(new URL("/login", baseURL()), {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ username, password }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL() },
  });
  if (response.status !== 302) throw new Error(`signing in ${username} over HTTP answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * axe-core's serious and critical violations on the page as it is now. The portal's CSP (rightly)
 * refuses an injected script: the page's context must be made with `bypassCSP: true`.
 */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; help: string; nodes: unknown[] }[]> {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> };
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target) }));
}
