import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, launchBrowser, seriousAxeViolations, signIn, testClientAddress } from "./browser";

// /overview's analytics for the head office in a real browser (issue 11, "Done when"): the
// charts and their data tables are there, and axe-core finds no serious or critical violation.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("/overview for the head office", () => {
  it("shows every chart with its data table, and axe finds nothing serious", async () => {
    // The portal's CSP (rightly) refuses an injected script: axe's tag is let in for this profile only.
    const context = await browser.newContext({
      baseURL: baseURL(),
      locale: "en-GB",
      bypassCSP: true,
      extraHTTPHeaders: { "X-Forwarded-For": testClientAddress() },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await signIn(page, "noord-hq");
      await page.goto("/overview");
      await page.getByRole("heading", { name: "Analytics" }).waitFor();
      for (const id of ["chart-per-month", "chart-per-reason", "chart-per-location"]) {
        const figure = page.locator(`figure#${id}, figure[aria-labelledby="${id}-title"]`);
        await expect.poll(() => figure.count()).toBe(1);
        expect(await figure.locator("svg").count()).toBe(1);
        // The chart's numbers for screen readers: a table with column headers and rows.
        const table = figure.locator("table");
        expect(await table.count()).toBe(1);
        expect(await table.locator("th[scope=col]").count()).toBeGreaterThan(1);
        expect(await table.locator("tbody tr").count()).toBeGreaterThan(0);
      }
      const serious = await seriousAxeViolations(page);
      expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
