import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, launchBrowser, newContext, signIn } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The reset link, read from the outbox as the delivery worker would send it. */
function latestResetLink(address: string): string {
  const db = new Database(inject("databasePath"), { readonly: true });
  try {
    const row = db
      .prepare("select text_body from email_outbox where to_address = ? and kind = 'password_reset' order by id desc limit 1")
      .get(address) as { text_body: string } | undefined;
    const match = row && /https?:\/\/\S+\/reset\/\S+/.exec(row.text_body);
    if (!match) throw new Error(`no reset email for ${address}`);
    return new URL(match[0]).pathname;
  } finally {
    db.close();
  }
}

describe("forgot password, in the browser", () => {
  it("request → email in the outbox → link → new password → the old session is gone", async () => {
    // harbor-hq is used by no other browser test that signs in after this one changes the password back.
    const old = await newContext(browser);
    await signIn(old.page, "harbor-hq");

    const { context, page, errors } = await newContext(browser);
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your username or password?" }).click();
    await page.getByLabel("Email address", { exact: true }).fill("harbor-hq@harbor.example");
    await page.getByRole("button", { name: "Send me a link" }).click();
    await page.getByText("If this address belongs to a user").waitFor();

    await page.goto(latestResetLink("harbor-hq@harbor.example"));
    await page.getByLabel("New password", { exact: true }).fill("short");
    await page.getByLabel("Repeat the new password").fill("short");
    await page.getByRole("button", { name: "Save the new password" }).click();
    expect(await page.getByText("The password must have at least 12 characters.").first().isVisible()).toBe(true);

    const fresh = "harbour lights at dawn";
    await page.getByLabel("New password", { exact: true }).fill(fresh);
    await page.getByLabel("Repeat the new password").fill(fresh);
    await page.getByRole("button", { name: "Save the new password" }).click();
    await page.getByText("Your password has been changed").waitFor();

    // The session from before the reset has ended.
    await old.page.goto("/overview");
    expect(new URL(old.page.url()).pathname).toBe("/login");

    await signIn(page, "harbor-hq", fresh);
    expect(new URL(page.url()).pathname).toBe("/overview");
    expect(errors).toEqual([]);
    await context.close();
    await old.context.close();

    // Put the demo password back through the same flow, so the demo stays as documented.
    const again = await newContext(browser);
    await again.page.goto("/forgot");
    await again.page.getByLabel("Email address", { exact: true }).fill("harbor-hq@harbor.example");
    await again.page.getByRole("button", { name: "Send me a link" }).click();
    await again.page.getByText("If this address belongs to a user").waitFor();
    await again.page.goto(latestResetLink("harbor-hq@harbor.example"));
    await again.page.getByLabel("New password", { exact: true }).fill(DEMO_PASSWORD);
    await again.page.getByLabel("Repeat the new password").fill(DEMO_PASSWORD);
    await again.page.getByRole("button", { name: "Save the new password" }).click();
    await again.page.getByText("Your password has been changed").waitFor();
    await again.context.close();
  });
});
