import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, launchBrowser, seriousAxeViolations, signIn, testClientAddress } from "./browser";

// This stage's new pages in a real browser: a merchant's support request (SPEC 9), an org_admin's
// webhook endpoint (SPEC 13) and the disputes team's case import (SPEC 4); plain form posts with
// JavaScript off, and axe-core finds no serious or critical violation on any of them.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** JavaScript off (the forms must work without it); the CSP is bypassed only to let axe's tag in. */
async function withPage(username: string, run: (page: Page) => Promise<void>) {
  const context = await browser.newContext({
    baseURL: baseURL(),
    locale: "en-GB",
    javaScriptEnabled: false,
    bypassCSP: true,
    extraHTTPHeaders: { "X-Forwarded-For": testClientAddress() },
  });
  const page = await context.newPage();
  try {
    await signIn(page, username);
    await run(page);
  } finally {
    await context.close();
  }
}

/** axe needs JavaScript in the page: it runs in a second profile on the same address, signed in alike. */
async function seriousViolations(username: string, path: string): Promise<unknown[]> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    locale: "en-GB",
    bypassCSP: true,
    extraHTTPHeaders: { "X-Forwarded-For": testClientAddress() },
  });
  const page = await context.newPage();
  try {
    await signIn(page, username);
    await page.goto(path);
    return await seriousAxeViolations(page);
  } finally {
    await context.close();
  }
}

describe("self-service pages", () => {
  it(
    "noord-ams asks support about one of its cases from the case page; a second complaint joins the first",
    { timeout: 120_000 },
    async () => {
      let requestPath = "";
      await withPage("noord-ams", async (page) => {
        await page.goto("/disputes");
        await page.locator("table tbody tr th a, table tbody tr td a").first().click();
        const casePath = new URL(page.url()).pathname;
        await page.getByRole("link", { name: "Ask support about this case" }).click();
        await page.getByLabel("Complaint").check();
        await page.getByLabel("Subject").fill("We answered in time");
        await page.getByLabel("Description").fill("The response went out two days before the deadline.");
        await page.getByRole("button", { name: "Send request" }).click();
        await page.getByRole("heading", { name: /^Support request / }).waitFor();
        requestPath = new URL(page.url()).pathname;
        await expect.poll(() => page.getByText(/We received your complaint/).count()).toBeGreaterThan(0);
        await expect.poll(() => page.getByTestId("support-status").textContent()).toBe("Received");

        // The same complaint again, from the same case: the message joins the open request.
        await page.goto(casePath);
        await page.getByRole("link", { name: "Ask support about this case" }).click();
        await page.getByLabel("Complaint").check();
        await page.getByLabel("Subject").fill("Again");
        await page.getByLabel("Description").fill("Still not fixed.");
        await page.getByRole("button", { name: "Send request" }).click();
        await page.getByText(/Your message was added to the open request/).waitFor();
        expect(new URL(page.url()).pathname).toBe(requestPath);
        expect(await page.getByText("Still not fixed.").count()).toBe(1);
      });
      expect(await seriousViolations("noord-ams", "/support/new")).toEqual([]);
      expect(await seriousViolations("noord-ams", requestPath)).toEqual([]);
      expect(await seriousViolations("noord-ams", "/support")).toEqual([]);
    },
  );

  it(
    "alpen-hq adds a webhook endpoint and sees its secret once; a plain-http address is refused with the typed address kept",
    { timeout: 120_000 },
    async () => {
      await withPage("alpen-hq", async (page) => {
        await page.goto("/settings/webhooks");
        await page.getByLabel("Address (URL)").fill("http://erp.alpenblick.example/hooks");
        await page.getByRole("button", { name: "Add endpoint" }).click();
        await page.getByText("Use an https:// address: events carry your cases' data.").first().waitFor();
        expect(await page.getByLabel("Address (URL)").inputValue()).toBe("http://erp.alpenblick.example/hooks");
        await page.getByLabel("Address (URL)").fill("https://erp.alpenblick.example/hooks");
        await page.getByRole("button", { name: "Add endpoint" }).click();
        const secret = await page.getByTestId("webhook-secret").inputValue();
        expect(secret).toMatch(/^whsec_/);
        await page.getByRole("link", { name: "Delivery log of https://erp.alpenblick.example/hooks" }).click();
        await page.getByRole("heading", { name: "Delivery log" }).waitFor();
        expect(await page.content()).not.toContain(secret);
      });
      expect(await seriousViolations("alpen-hq", "/settings/webhooks")).toEqual([]);
      await withPage("alpen-hq", async (page) => {
        // Deleted again, so the suite's server does not keep trying an address that does not exist.
        await page.goto("/settings/webhooks");
        await page.getByRole("link", { name: "Delivery log of https://erp.alpenblick.example/hooks" }).click();
        await page.getByRole("button", { name: "Delete endpoint" }).click();
        await page.getByText("No webhook endpoints yet.").waitFor();
      });
    },
  );

  it("the analyst's import page offers the template and says what is wrong with a file", { timeout: 120_000 }, async () => {
    await withPage("analyst", async (page) => {
      await page.goto("/review");
      await page.getByRole("link", { name: "Import cases (CSV)" }).click();
      await page
        .getByLabel("CSV file")
        .setInputFiles({ name: "cases.csv", mimeType: "text/csv", buffer: Buffer.from("case,type\nA,inquiry\n") });
      await page.getByRole("button", { name: "Import" }).click();
      await page
        .getByText(/lacks the column network_case_id/)
        .first()
        .waitFor();
      const template = await page.request.get("/review/import/template.csv");
      expect(template.status()).toBe(200);
      expect((await template.text()).split("\r\n")[0]).toMatch(/^network_case_id,type,merchant_number,/);
    });
    expect(await seriousViolations("analyst", "/review/import")).toEqual([]);
  });
});
