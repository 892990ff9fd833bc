import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, signIn } from "./browser";

// The platform operator's settings and jobs pages. The inquiry deadline is changed and set back
// within the test, so the other browser tests see the demo's defaults.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("administration, in the browser", () => {
  it("the admin changes the inquiry deadline, sees it after a reload, and sets it back", async () => {
    const { page, errors, context } = await newContext(browser);
    await signIn(page, "admin");
    await page.getByRole("link", { name: "Platform settings" }).click();
    await page.waitForURL("**/admin/settings");
    const field = page.getByLabel("Days to answer an inquiry");
    const original = await field.inputValue();
    expect(original).toBe("20");

    await field.fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByText("Enter a whole number within the range shown.").first().isVisible()).toBe(true);

    await field.fill("25");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved: 1 changed.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Days to answer an inquiry").inputValue()).toBe("25");

    await page.getByLabel("Days to answer an inquiry").fill(original);
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Settings saved: 1 changed.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Days to answer an inquiry").inputValue()).toBe(original);
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
