import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, launchBrowser, newContext, signIn } from "./browser";
import { lookUp } from "./database";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The newest reset link in the outbox, as the delivery worker would send it; null before there is one. */
async function latestResetLink(address: string): Promise<string | null> {
  const row = await lookUp((db) =>
    db
      .selectFrom("email_outbox")
      .select("text_body")
      .where("to_address", "=", address)
      .where("kind", "=", "password_reset")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst(),
  );
  const match = row && /https?:\/\/\S+\/reset\/\S+/.exec(row.text_body);
  return match ? new URL(match[0]).pathname : null;
}

/** Waits for a reset link other than `previous` (the page may answer before the email is queued). */
async function nextResetLink(address: string, previous: string | null = null): Promise<string> {
  await expect.poll(() => latestResetLink(address)).not.toBe(previous);
  return (await latestResetLink(address))!;
}

/** A fresh user made by the admin through the users page, with a first password set from its email. */
async function freshUser(password: string): Promise<{ username: string; email: string }> {
  const username = `reset-${Date.now().toString(36)}`;
  const email = `${username}@network.example`;
  const admin = await newContext(browser);
  await signIn(admin.page, "admin");
  await admin.page.goto("/admin/users");
  await admin.page.getByLabel("Username").fill(username);
  await admin.page.getByLabel("Email address").fill(email);
  await admin.page.getByLabel("Name", { exact: true }).fill("Reset Tester");
  await admin.page.getByLabel("Role").selectOption("analyst");
  await admin.page.getByRole("button", { name: "Create user and send the email" }).click();
  await admin.page.getByText(`User ${username} created`).waitFor();
  expect(admin.errors).toEqual([]);
  await admin.context.close();

  const { context, page } = await newContext(browser);
  await page.goto(await nextResetLink(email));
  await setPassword(page, password);
  await page.getByText("Your password has been changed").waitFor();
  await context.close();
  return { username, email };
}

async function setPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the new password").fill(password);
  await page.getByRole("button", { name: "Save the new password" }).click();
}

describe("forgot password, in the browser", () => {
  it("request → email in the outbox → link → new password → the old session is gone", async () => {
    // A user of its own: the reset ends its sessions and changes its password, which no other
    // browser test may depend on.
    const { username, email } = await freshUser(DEMO_PASSWORD);
    const welcomeLink = await latestResetLink(email);
    const old = await newContext(browser);
    await signIn(old.page, username);

    const { context, page, errors } = await newContext(browser);
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your username or password?" }).click();
    await page.getByLabel("Email address", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await page.getByText("If this address belongs to a user").waitFor();

    await page.goto(await nextResetLink(email, welcomeLink));
    await setPassword(page, "short");
    await page.getByText("The password must have at least 12 characters.").first().waitFor();

    const fresh = "harbour lights at dawn";
    await setPassword(page, fresh);
    await page.getByText("Your password has been changed").waitFor();

    // The session from before the reset has ended.
    await old.page.goto("/review");
    expect(new URL(old.page.url()).pathname).toBe("/login");

    await signIn(page, username, fresh);
    expect(new URL(page.url()).pathname).toBe("/review");
    expect(errors).toEqual([]);
    await context.close();
    await old.context.close();
  });
});
