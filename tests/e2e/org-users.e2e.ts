import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, launchBrowser, newContext, signIn, testClientAddress } from "./browser";
import { lookUp } from "./database";

// Issue 11, item 1, "Done when": an org_admin invites a location user, who sets a password through
// the emailed link and sees only their location's cases; deactivation ends their session at once.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The invitation link in the outbox, as the delivery worker would send it; null before there is one. */
async function invitationLink(address: string): Promise<string | null> {
  const row = await lookUp((db) =>
    db
      .selectFrom("email_outbox")
      .select("text_body")
      .where("to_address", "=", address)
      .where("kind", "=", "invitation")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst(),
  );
  const match = row && /https?:\/\/\S+\/invite\/\S+/.exec(row.text_body);
  return match ? new URL(match[0]).pathname : null;
}

describe("an organisation's users, in the browser", () => {
  it("alpen-hq invites a Wien location user, who sets a password, sees only Wien's cases, and is signed out by deactivation", async () => {
    const email = `wien-${Date.now().toString(36)}@alpenblick.example`;
    const password = "schoenbrunn at dawn 2026";
    const admin = await newContext(browser);
    await signIn(admin.page, "alpen-hq");
    await admin.page.goto("/settings");
    await admin.page.getByRole("link", { name: "Users", exact: true }).click();
    await admin.page.waitForURL("**/settings/users");
    await admin.page.getByLabel("Name", { exact: true }).fill("Lena Wien");
    await admin.page.getByLabel("Email address").fill(email);
    await admin.page.getByLabel("Role", { exact: true }).selectOption("location");
    await admin.page.getByLabel(/Alpenblick Hotel Wien/).check();
    await admin.page.getByRole("button", { name: "Invite and send the email" }).click();
    await admin.page.getByText("Lena Wien is invited").waitFor();

    await expect.poll(() => invitationLink(email)).not.toBeNull();
    const invitee = await newContext(browser);
    await invitee.page.goto((await invitationLink(email))!);
    await invitee.page.getByLabel("New password", { exact: true }).fill(password);
    await invitee.page.getByLabel("Repeat the new password").fill(password);
    await invitee.page.getByRole("button", { name: "Save my password" }).click();
    await invitee.page.getByText("Your password is set").waitFor();

    await signIn(invitee.page, email, password);
    await invitee.page.goto("/disputes?status=all");
    const wienCases = await lookUp(async (db) => {
      const row = await db
        .selectFrom("cases")
        .innerJoin("accounts", "accounts.id", "cases.account_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("accounts.name", "=", "Alpenblick Hotel Wien")
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
    expect(wienCases).toBeGreaterThan(0);
    const rows = invitee.page.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(wienCases);
    for (const text of await rows.allTextContents()) expect(text).toContain("Alpenblick Hotel Wien");

    // Deactivated by alpen-hq: the invitee's very next request is signed out.
    await admin.page.goto("/settings/users");
    await admin.page.getByRole("link", { name: "Lena Wien" }).click();
    await admin.page.getByRole("button", { name: "Deactivate" }).click();
    await admin.page.getByText("Lena Wien is deactivated and signed out everywhere.").waitFor();
    await invitee.page.goto("/disputes");
    await invitee.page.waitForURL((url) => url.pathname === "/login");
    expect(admin.errors).toEqual([]);
    expect(invitee.errors).toEqual([]);
    await admin.context.close();
    await invitee.context.close();
  });

  it("noord-hq (head office) gets a 403 at /settings/users", async () => {
    const { page, context } = await newContext(browser);
    await signIn(page, "noord-hq");
    const response = await page.goto("/settings/users");
    expect(response?.status()).toBe(403);
    await context.close();
  });

  it("the last org_admin cannot demote themselves (a plain form: JavaScript off, the server decides)", async () => {
    const context = await browser.newContext({
      baseURL: baseURL(),
      locale: "en-GB",
      javaScriptEnabled: false,
      extraHTTPHeaders: { "X-Forwarded-For": testClientAddress() },
    });
    const page = await context.newPage();
    await signIn(page, "alpen-hq");
    await page.goto("/settings/users");
    await page.getByRole("link", { name: "Anna Huber" }).click();
    await page.getByLabel("Role", { exact: true }).selectOption("head_office");
    await page.getByRole("button", { name: "Save role and locations" }).click();
    await page.getByText("The organisation needs at least one active administrator").first().waitFor();
    // The refused form shows what was chosen; the stored role is unchanged.
    expect(await page.getByLabel("Role", { exact: true }).inputValue()).toBe("head_office");
    await page.goto(page.url());
    expect(await page.getByLabel("Role", { exact: true }).inputValue()).toBe("org_admin");
    await context.close();
  });
});
