import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, DEMO_PASSWORD, launchBrowser, newContext, signIn, waitForHydration } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("signing in as each demo role", () => {
  it.each([
    ["alpen-hq", "/overview", "Overview of your locations"],
    ["alpen-muc", "/disputes", "Disputes"],
    ["noord-hq", "/overview", "Overview of your locations"],
    ["noord-ams", "/disputes", "Disputes"],
    ["harbor-hq", "/overview", "Overview of your locations"],
    ["analyst", "/review", "Review queue"],
    ["admin", "/admin", "Administration"],
  ])("%s lands on %s and can sign out", async (username, home, heading) => {
    const { context, page, errors } = await newContext(browser);
    await signIn(page, username);
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    expect(new URL(page.url()).pathname).toBe(home);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    await page.goto(home);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a wrong password", () => {
  it("shows an error and keeps the username", async () => {
    const { context, page } = await newContext(browser);
    await page.goto("/login");
    await page.getByLabel("Username or email address").fill("noord-ams");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "The username or password is not correct." }).waitFor();
    expect(await page.getByLabel("Username or email address").inputValue()).toBe("noord-ams");
    // An effect clears the password after the answer has rendered, so the alert may come first.
    await expect.poll(() => page.getByLabel("Password").inputValue()).toBe("");
    await context.close();
  });

  it("works without JavaScript too", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Username or email address").fill("noord-ams");
    await page.getByLabel("Password").fill("wrong-again");
    await page.getByRole("button", { name: "Sign in" }).click();
    // The answer is a new page: wait for what it shows, not for a load state the old page may still report.
    await page.getByRole("alert").filter({ hasText: "The username or password is not correct." }).waitFor();
    expect(await page.getByLabel("Username or email address").inputValue()).toBe("noord-ams");
    await context.close();
  });
});

describe("typing before the page's JavaScript has loaded", () => {
  it("keeps what was typed once the form comes to life", async () => {
    const { context, page } = await newContext(browser);
    let release!: () => void;
    const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/build/**/*.js", async (route) => {
      await scriptsHeld;
      await route.continue();
    });
    await page.goto("/login", { waitUntil: "commit" });
    await page.getByLabel("Username or email address").fill("alpen-muc");
    release();
    await waitForHydration(page);
    let posted = false;
    page.on("request", (r) => {
      if (r.method() === "POST") posted = true;
    });
    // Now checked in the browser: no password → the message, and no request to the server.
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Enter your username and your password.").first().waitFor();
    expect(posted).toBe(false);
    expect(await page.getByLabel("Username or email address").inputValue()).toBe("alpen-muc");
    await context.close();
  });
});

describe("returning to the page asked for", () => {
  it("goes back to redirectTo after signing in, but never to another site", async () => {
    const { context, page } = await newContext(browser);
    await page.goto("/overview");
    expect(page.url()).toContain("/login?redirectTo=%2Foverview");
    await page.getByLabel("Username or email address").fill("alpen-hq");
    await page.getByLabel("Password").fill("portal-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/overview");
    await page.getByRole("heading", { level: 1, name: "Overview of your locations" }).waitFor();
    await context.close();

    const second = await newContext(browser);
    await second.page.goto("/login?redirectTo=https%3A%2F%2Fevil.example%2F");
    await second.page.getByLabel("Username or email address").fill("alpen-hq");
    await second.page.getByLabel("Password").fill("portal-demo-2026");
    await second.page.getByRole("button", { name: "Sign in" }).click();
    await second.page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await second.page.getByRole("heading", { level: 1, name: "Overview of your locations" }).waitFor();
    expect(new URL(second.page.url()).origin).toBe(new URL(baseURL()).origin);
    await second.context.close();
  });
});

describe("a Dutch-speaking browser (SPEC 12)", () => {
  it("gets the sign-in page and the portal in Dutch; noord-ams chooses Nederlands in the profile", async () => {
    const { context, page, errors } = await newContext(browser, "nl-NL");
    try {
      await page.goto("/login");
      expect(await page.locator("html").getAttribute("lang")).toBe("nl");
      expect(await page.title()).toBe("Aanmelden · Geschillenportaal");
      await page.getByRole("heading", { level: 1, name: "Aanmelden" }).waitFor();
      await page.getByLabel("Gebruikersnaam of e-mailadres").fill("noord-ams");
      await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Aanmelden" }).click();
      await page.waitForURL((url) => url.pathname === "/disputes");
      await page.getByRole("heading", { level: 1, name: "Geschillen" }).waitFor();
      await page.getByRole("columnheader", { name: "Reageren vóór" }).waitFor();

      await page.goto("/settings/profile");
      await page.getByLabel("Taal").selectOption({ label: "Nederlands" });
      await page.getByRole("button", { name: "Opslaan" }).click();
      await page.getByText("Uw wijzigingen zijn opgeslagen.").waitFor();
      expect(errors).toEqual([]);

      // The choice now holds whatever the browser says.
      const english = await newContext(browser, "en-GB");
      await english.page.goto("/login");
      await english.page.getByLabel("Username or email address").fill("noord-ams");
      await english.page.getByLabel("Password").fill(DEMO_PASSWORD);
      await english.page.getByRole("button", { name: "Sign in" }).click();
      await english.page.getByRole("heading", { level: 1, name: "Geschillen" }).waitFor();
      await english.context.close();
    } finally {
      // Back to "follow the browser", so the other browser tests meet noord-ams in English.
      await page.goto("/settings/profile");
      await page.getByLabel("Taal").selectOption("auto");
      await page.getByRole("button", { name: "Opslaan" }).click();
      await page.getByText(/Uw wijzigingen zijn opgeslagen|Er is niets gewijzigd/).waitFor();
      await context.close();
    }
  });
});
