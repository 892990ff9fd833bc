import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, signIn, waitForHydration } from "./browser";

// The platform operator's settings and jobs pages. The settings test changes the deadline for a
// request for more information, which no other browser test uses, and sets it back.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("administration, in the browser", () => {
  it("the admin changes a deadline setting, sees it after a reload, and sets it back", async () => {
    const { page, errors, context } = await newContext(browser);
    await signIn(page, "admin");
    await page.getByRole("link", { name: "Platform settings" }).click();
    await page.waitForURL("**/admin/settings");
    const field = page.getByLabel("Days to answer a request for more information");
    await field.waitFor();
    const original = await field.inputValue();
    expect(original).toBe("10");

    await field.fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Enter a whole number within the range shown.").first().waitFor();

    await field.fill("25");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved: 1 changed.").waitFor();
    await page.reload();
    expect(await field.inputValue()).toBe("25");

    await field.fill(original);
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved: 1 changed.").waitFor();
    await page.reload();
    expect(await field.inputValue()).toBe(original);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the admin runs the deadlines job from /admin/jobs and sees its result", async () => {
    const { page, errors, context } = await newContext(browser);
    await signIn(page, "admin");
    await page.goto("/admin/jobs");
    const row = page.locator("tr[data-job=deadlines]");
    await row.waitFor();
    const clickedAt = Date.now();
    await row.getByRole("button", { name: /^Run now \(Deadlines/ }).click();
    await page.getByText(/^The job Deadlines .* ran: see its result below\.$/).waitFor();
    await expect.poll(() => row.locator(".tag").textContent()).toBe("OK");
    const summary = await row.locator(".job-summary").textContent();
    expect(summary).toContain("expired:");
    // The row shows this run, not one of the server's own earlier ones.
    const started = (await row.locator("td").nth(1).textContent())!.replace(" UTC", "Z").replace(" ", "T");
    expect(new Date(started).getTime()).toBeGreaterThanOrEqual(Math.floor(clickedAt / 1000) * 1000 - 1000);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the users page checks the new user's form in the browser before anything is sent", async () => {
    const { page, errors, context } = await newContext(browser);
    await signIn(page, "admin");
    await page.goto("/admin/users");
    await page.locator("tr[data-user=alpen-muc]").waitFor();
    // What is checked is that the browser refuses it without a request: React must be in charge.
    await waitForHydration(page);
    let posted = false;
    page.on("request", (r) => {
      if (r.method() === "POST") posted = true;
    });
    await page.getByLabel("Username").fill("New User");
    await page.getByLabel("Role").selectOption("location");
    await page.getByRole("button", { name: "Create user and send the email" }).click();
    await page.getByText("Use 3 to 40 lowercase letters", { exact: false }).first().waitFor();
    await page.getByText("Choose the organisation for a merchant role, and none for other roles.").first().waitFor();
    expect(posted).toBe(false);
    expect(await page.getByLabel("Username").inputValue()).toBe("New User");
    expect(errors).toEqual([]);
    await context.close();
  });
});
