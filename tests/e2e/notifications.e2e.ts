import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newContext, signIn, waitForHydration } from "./browser";
import { lookUp } from "./database";

// Works on the München inquiry the demo seeds "under review" for 420.00 EUR (cancellation policy):
// no other browser test decides it. The analyst decides it in the review page; alpen-muc sees it.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function caseUnderReview(): Promise<string> {
  const row = await lookUp((db) =>
    db
      .selectFrom("cases as c")
      .innerJoin("accounts as a", "a.id", "c.account_id")
      .select("c.case_number")
      .where("a.merchant_number", "=", "4711000101")
      .where("c.type", "=", "inquiry")
      .where("c.status", "=", "under_review")
      .where("c.disputed_amount_minor", "=", 42000)
      .orderBy("c.id")
      .limit(1)
      .executeTakeFirst(),
  );
  if (!row) throw new Error("the demo's München inquiry under review is missing");
  return row.case_number;
}

/** The number in the header's badge beside "Notifications"; 0 when there is no badge. */
async function badgeCount(page: Page): Promise<number> {
  const link = page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: /^Notifications/ });
  await link.waitFor();
  const badge = link.locator(".badge [aria-hidden=true]");
  if ((await badge.count()) === 0) return 0;
  return Number(await badge.textContent());
}

describe("notifications, in the browser", () => {
  it("an analyst's decision shows as unread for alpen-muc, and the badge drops when it is read", async () => {
    const caseNumber = await caseUnderReview();
    const merchant = await newContext(browser);
    await signIn(merchant.page, "alpen-muc");
    const before = await badgeCount(merchant.page);

    const analyst = await newContext(browser);
    await signIn(analyst.page, "analyst");
    await analyst.page.goto(`/review/${caseNumber}`);
    await analyst.page.getByLabel("Resolve in the merchant's favour").check();
    await analyst.page.getByLabel("Decision note (shown to the merchant)").fill("Cancellation policy accepted <as shown>.");
    await analyst.page.getByRole("button", { name: "Record decision" }).click();
    await analyst.page.getByText("The decision was recorded.").waitFor();

    await merchant.page.goto("/disputes");
    await expect.poll(() => badgeCount(merchant.page)).toBe(before + 1);
    await merchant.page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: /^Notifications/ })
      .click();
    await merchant.page.waitForURL("**/notifications");
    const title = `${caseNumber}: Decision: resolved in the merchant's favour`;
    const item = merchant.page.locator("li.notification", { hasText: title });
    await item.getByText("Unread").waitFor();
    expect(await item.getByRole("link", { name: title }).getAttribute("href")).toBe(`/disputes/${caseNumber}`);

    await item.getByRole("button", { name: /^Mark as read/ }).click();
    await merchant.page.locator("li.notification", { hasText: title }).getByText("Unread").waitFor({ state: "detached" });
    // The item may change before the header's count is loaded again.
    await expect.poll(() => badgeCount(merchant.page)).toBe(before);

    // The link opens the case.
    await merchant.page.getByRole("link", { name: title }).click();
    await merchant.page.waitForURL(`**/disputes/${caseNumber}`);
    await merchant.page.getByRole("heading", { level: 1, name: new RegExp(caseNumber) }).waitFor();

    // No provider in this test server: the email waits in the outbox, readable by the admin.
    const admin = await newContext(browser);
    await signIn(admin.page, "admin");
    await admin.page.goto("/admin/outbox");
    await admin.page.getByText("No email provider is configured").waitFor();
    const row = admin.page.locator("tr", { hasText: "alpen-muc@alpenblick.example" }).filter({ hasText: caseNumber }).first();
    await row.getByRole("link", { name: title }).click();
    await admin.page.getByText("Cancellation policy accepted <as shown>.").waitFor();
    await admin.page.getByText(`/disputes/${caseNumber}`).first().waitFor();

    expect(merchant.errors).toEqual([]);
    expect(analyst.errors).toEqual([]);
    expect(admin.errors).toEqual([]);
    await merchant.context.close();
    await analyst.context.close();
    await admin.context.close();
  });

  it("notification settings save without JavaScript", async () => {
    // noord-hq: no other browser test depends on its notification settings; the test puts them back.
    const { context, page, errors } = await newContext(browser);
    await signIn(page, "noord-hq");
    const noScript = await browser.newContext({
      baseURL: inject("baseURL"),
      javaScriptEnabled: false,
      storageState: await context.storageState(),
    });
    const plain = await noScript.newPage();
    await plain.goto("/settings/notifications");
    const urgent = plain.getByRole("group", { name: "Urgent cases" });
    expect(await urgent.getByLabel("Email", { exact: true }).isChecked()).toBe(true);
    await urgent.getByLabel("Email", { exact: true }).uncheck();
    await plain.getByRole("button", { name: "Save notification settings" }).click();
    await plain.getByText("Your notification settings are saved.").waitFor();
    await plain.goto("/settings/notifications");
    await plain.getByRole("button", { name: "Save notification settings" }).waitFor();
    expect(await plain.getByRole("group", { name: "Urgent cases" }).getByLabel("Email", { exact: true }).isChecked()).toBe(false);
    expect(await plain.getByRole("group", { name: "New chargebacks" }).getByLabel("Email", { exact: true }).isChecked()).toBe(true);

    // Back on, this time with JavaScript (react-hook-form submits through Remix).
    await page.goto("/settings/notifications");
    await waitForHydration(page);
    await page.getByRole("group", { name: "Urgent cases" }).getByLabel("Email", { exact: true }).check();
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await page.getByText("Your notification settings are saved.").waitFor();
    await page.reload();
    expect(await page.getByRole("group", { name: "Urgent cases" }).getByLabel("Email", { exact: true }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await noScript.close();
    await context.close();
  });
});
