import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestCase } from "../setup/disputes";
import { baseURL, launchBrowser, seriousAxeViolations, signIn, testClientAddress } from "./browser";
import { lookUp } from "./database";

// The support desk in a real browser (issue 14's "done when"): a complaint about a case, filed by
// the merchant, answered from a template on tier 1, escalated with an internal note, solved on
// tier 2, confirmed and rated by the merchant; every form posted with JavaScript off.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function withPage(username: string, run: (page: Page) => Promise<void>, javaScriptEnabled = false) {
  const context = await browser.newContext({
    baseURL: baseURL(),
    locale: "en-GB",
    javaScriptEnabled,
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

/** A chargeback of noord-ams's Amsterdam location nobody has complained about yet. */
async function freshCase(): Promise<string> {
  return lookUp(async (db) => {
    const account = await db
      .selectFrom("user_accounts")
      .innerJoin("users", "users.id", "user_accounts.user_id")
      .select("user_accounts.account_id")
      .where("users.username", "=", "noord-ams")
      .executeTakeFirstOrThrow();
    return (await openTestCase(db, account.account_id, "chargeback", { at: new Date() })).caseNumber;
  });
}

describe("the support desk", () => {
  it(
    "a complaint goes from noord-ams to tier 1, is escalated with a note, solved on tier 2, confirmed and rated",
    { timeout: 180_000 },
    async () => {
      const caseNumber = await freshCase();
      let requestNumber = "";
      const internalNote = "Tier 2 please: the scheme rules for this reason code.";

      await withPage("noord-ams", async (page) => {
        await page.goto(`/disputes/${caseNumber}`);
        await page.getByRole("link", { name: "Ask support about this case" }).click();
        await page.getByLabel("Complaint").check();
        await page.getByLabel("Subject").fill("Chargeback decided too fast");
        await page.getByLabel("Description").fill("We had not even uploaded the receipt.");
        await page
          .getByLabel("Files (optional)")
          .setInputFiles({ name: "receipt.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 the signed receipt") });
        await page.getByRole("button", { name: "Send request" }).click();
        await page.getByRole("heading", { name: /^Support request / }).waitFor();
        requestNumber = new URL(page.url()).pathname.split("/").pop()!;
        await expect.poll(() => page.getByText(/We received your complaint/).count()).toBeGreaterThan(0);
      });
      expect(requestNumber).toMatch(/^SR-\d{4}-\d{6}$/);

      await withPage("support-n1", async (page) => {
        await page.goto("/desk?queue=tier");
        await page.getByRole("link", { name: requestNumber }).click();
        await expect.poll(() => page.getByTestId("desk-linked-case").textContent()).toContain(caseNumber);
        const file = await page.request.get(await page.getByRole("link", { name: "receipt.pdf" }).getAttribute("href").then(String));
        expect(file.status()).toBe(200);
        expect(await file.text()).toBe("%PDF-1.7 the signed receipt");
        await page.getByRole("button", { name: "Take the request" }).click();
        await page.getByText("The request is yours now.").waitFor();
        await page.getByLabel("Template").selectOption({ label: "Complaint about a case" });
        await page.getByRole("button", { name: "Start from the template" }).click();
        const reply = page.getByLabel("Message to the merchant");
        await expect.poll(() => reply.inputValue()).toContain(`we have checked case ${caseNumber}`);
        await reply.fill(`${await reply.inputValue()}We are asking tier 2 to look at it.`);
        await page.getByRole("button", { name: "Send reply" }).click();
        await page.getByText("The reply was sent to the merchant.").waitFor();

        // Escalation says why, and a bare one keeps the page as it was.
        await page.getByRole("button", { name: "Escalate to tier 2" }).click();
        await page.getByText("Write a note.").first().waitFor();
        await page.getByLabel("Note for the next tier (required)").fill(internalNote);
        await page.getByRole("button", { name: "Escalate to tier 2" }).click();
        await page.getByText("The request was escalated to the next tier.").waitFor();
        await expect.poll(() => page.getByTestId("desk-tier").textContent()).toBe("2");
      });

      await withPage("support-n2", async (page) => {
        await page.goto("/desk?queue=unassigned");
        await page.getByRole("link", { name: requestNumber }).click();
        expect(await page.getByText(internalNote).count()).toBe(1);
        await page.getByRole("button", { name: "Take the request" }).click();
        await page
          .getByLabel("Message to the merchant")
          .fill("The receipt arrived after the deadline; we asked the disputes team to review it anyway.");
        await page.getByRole("button", { name: "Send as the solution" }).click();
        await page.getByText("The solution was sent; the request is solved.").waitFor();
      });

      await withPage("noord-ams", async (page) => {
        await page.goto(`/support/${requestNumber}`);
        await expect.poll(() => page.getByTestId("support-status").textContent()).toBe("Solved");
        expect(await page.getByText(/we asked the disputes team to review it anyway/).count()).toBe(1);
        expect(await page.getByText(/We are asking tier 2 to look at it/).count()).toBe(1);
        expect(await page.content()).not.toContain(internalNote);
        await page.getByRole("button", { name: "Confirm solved" }).click();
        await expect.poll(() => page.getByTestId("support-status").textContent()).toBe("Closed");
        await page.getByLabel("4", { exact: true }).check();
        await page.getByRole("button", { name: "Send rating" }).click();
        await page.getByText("You rated this help 4 of 5.").waitFor();
      });

      const stored = await lookUp((db) =>
        db
          .selectFrom("support_requests")
          .select(["status", "rating", "tier"])
          .where("request_number", "=", requestNumber)
          .executeTakeFirstOrThrow(),
      );
      expect(stored).toEqual({ status: "closed", rating: 4, tier: 2 });

      // axe runs in the page: a second profile with JavaScript on.
      await withPage(
        "support-n1",
        async (page) => {
          for (const path of ["/desk", `/desk/${requestNumber}`, "/desk/templates"]) {
            await page.goto(path);
            expect(await seriousAxeViolations(page)).toEqual([]);
          }
        },
        true,
      );
    },
  );

  it("an admin's incident shows on the public status page and in the portal's header until it is ended", { timeout: 180_000 }, async () => {
    const title = `Card payments delayed ${Date.now()}`;
    await withPage("admin", async (page) => {
      await page.goto("/admin/announcements");
      await page.getByLabel("Incident").check();
      await page.getByLabel("Minor disruption").check();
      await page.getByLabel("Title (English)").fill(title);
      await page.getByRole("button", { name: "Post announcement" }).click();
      // A title without its text is refused, with the title kept.
      await page.getByText("Enter the text.").first().waitFor();
      expect(await page.getByLabel("Title (English)").inputValue()).toBe(title);
      await page.getByLabel("Text (English)").fill("Authorisations take up to a minute; we are on it.");
      await page.getByRole("button", { name: "Post announcement" }).click();
      await page.getByText("The announcement is posted.").waitFor();
    });

    const publicContext = await browser.newContext({ baseURL: baseURL(), locale: "en-GB", javaScriptEnabled: false });
    try {
      const page = await publicContext.newPage();
      await page.goto("/status");
      await expect.poll(() => page.getByText(title).count()).toBeGreaterThan(0);
    } finally {
      await publicContext.close();
    }
    await withPage("noord-ams", async (page) => {
      await page.goto("/disputes");
      await expect.poll(() => page.getByRole("complementary").getByText(title).count()).toBe(1);
    });

    await withPage("admin", async (page) => {
      await page.goto("/admin/announcements");
      await page.getByRole("button", { name: `End now: ${title}` }).click();
      await page.getByText("The announcement has ended; it no longer shows.").waitFor();
    });
    const after = await browser.newContext({ baseURL: baseURL(), locale: "en-GB", javaScriptEnabled: false });
    try {
      const page = await after.newPage();
      await page.goto("/status");
      expect(await page.getByText(title).count()).toBe(0);
      expect(await page.getByRole("heading", { level: 1 }).count()).toBe(1);
    } finally {
      await after.close();
    }

    await withPage(
      "admin",
      async (page) => {
        await page.goto("/admin/announcements");
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.goto("/status");
        expect(await seriousAxeViolations(page)).toEqual([]);
      },
      true,
    );
    await withPage(
      "support-n1",
      async (page) => {
        await page.goto("/desk/dashboard");
        expect(await seriousAxeViolations(page)).toEqual([]);
      },
      true,
    );
  });
});
