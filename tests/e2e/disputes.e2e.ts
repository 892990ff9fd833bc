import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, signIn } from "./browser";

// The disputes flow of issue 3 on the demo data. It works only on the two cases seeded for it
// (network references 74E2E0000000001 and 74E2E0000000002), which no other browser test touches.

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function as<T>(username: string, work: (page: Page) => Promise<T>): Promise<T> {
  const { context, page, errors } = await newContext(browser);
  try {
    await signIn(page, username);
    const result = await work(page);
    expect(errors).toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

/** Finds a case through the list's search and opens it; returns its number. */
async function openByReference(page: Page, reference: string): Promise<string> {
  await page.goto("/disputes");
  await page.getByLabel("Case number, card last four or network reference").fill(reference);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === reference);
  // The URL changes before the filtered table renders: wait for the one matching row itself, so
  // the unfiltered list's first row is never taken for it.
  await expect.poll(() => page.locator("tbody tr").count(), { timeout: 15_000 }).toBe(1);
  const link = page.locator("tbody tr a").first();
  const caseNumber = (await link.textContent())!.trim();
  await link.click();
  await page.getByRole("heading", { level: 1, name: new RegExp(caseNumber) }).waitFor();
  return caseNumber;
}

async function caseStatus(page: Page): Promise<string> {
  return (await page.getByTestId("case-status").textContent())!.trim();
}

describe("disputes end to end", () => {
  let inquiry = "";
  let alpenChargeback = "";
  let noordChargeback = "";

  it("alpen-muc answers an inquiry with a PDF and a partial credit; it goes to review", async () => {
    inquiry = await as("alpen-muc", async (page) => {
      const number = await openByReference(page, "74E2E0000000001");
      expect(number).toMatch(/^INQ-\d{4}-\d{6}$/);
      await expect(page.getByText("Signed receipt").first().isVisible()).resolves.toBe(true);
      await page.getByLabel("Comments").fill("The guest signed the receipt at check-out; minibar refunded.");
      await page.locator("#file_0").setInputFiles({ name: "signed-receipt.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.locator("#tag_0").selectOption("signed_receipt");
      await page.getByLabel("Credit to the cardholder (optional)").fill("30.00");
      await page.getByRole("button", { name: "Submit response" }).click();
      await page.getByText("Your response was submitted.").waitFor();
      expect(await caseStatus(page)).toBe("Under review");
      await page.getByRole("link", { name: "signed-receipt.pdf" }).waitFor();
      return number;
    });
  });

  it("the analyst charges it back: a linked chargeback for the amount after the credit", async () => {
    alpenChargeback = await as("analyst", async (page) => {
      await page.goto("/review");
      await page.getByRole("link", { name: inquiry }).click();
      await page.getByRole("heading", { level: 1, name: new RegExp(inquiry) }).waitFor();
      await page.getByLabel("Charge back").check();
      await page.getByLabel("Decision note (shown to the merchant)").fill("The receipt does not show the disputed charge.");
      await page.getByRole("button", { name: "Record decision" }).click();
      await page.getByText("The decision was recorded.").waitFor();
      expect(await caseStatus(page)).toBe("Closed: Charged back");
      const related = page.locator("dt:has-text('Related case') + dd a");
      return (await related.textContent())!.trim();
    });
    expect(alpenChargeback).toMatch(/^CB-\d{4}-\d{6}$/);
  });

  it("the chargeback appears for alpen-muc and alpen-hq without a credit field; alpen-hq answers it (central)", async () => {
    await as("alpen-muc", async (page) => {
      await page.goto("/disputes?type=chargeback&status=awaiting_response");
      await page.getByRole("link", { name: alpenChargeback }).click();
      await page.getByRole("heading", { level: 1, name: new RegExp(alpenChargeback) }).waitFor();
      await page.getByText("€150.00").first().waitFor();
      expect(await page.getByLabel("Credit to the cardholder (optional)").count()).toBe(0);
      expect(await page.getByRole("button", { name: "Submit response" }).count()).toBe(1);
    });
    await as("alpen-hq", async (page) => {
      await page.goto(`/disputes/${alpenChargeback}`);
      expect(await page.getByLabel("Credit to the cardholder (optional)").count()).toBe(0);
      await page.getByLabel("Comments").fill("Head office: the signed receipt proves the charge.");
      await page.locator("#file_0").setInputFiles({ name: "receipt-copy.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.getByRole("button", { name: "Submit response" }).click();
      await page.getByText("Your response was submitted.").waitFor();
      expect(await caseStatus(page)).toBe("Under review");
    });
  });

  it("noord-hq sees a Noordzee case read-only (local handling) and noord-ams answers it", async () => {
    noordChargeback = await as("noord-hq", async (page) => {
      const number = await openByReference(page, "74E2E0000000002");
      await page.getByText("Answered by the location under local dispute handling").first().waitFor();
      expect(await page.getByRole("button", { name: "Submit response" }).count()).toBe(0);
      return number;
    });
    await as("noord-ams", async (page) => {
      await page.goto(`/disputes/${noordChargeback}`);
      await page.getByLabel("Comments").fill("The parcel was collected in store; the signed pickup slip is attached.");
      await page.locator("#file_0").setInputFiles({ name: "pickup-slip.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.getByRole("button", { name: "Submit response" }).click();
      await page.getByText("Your response was submitted.").waitFor();
      expect(await caseStatus(page)).toBe("Under review");
    });
  });

  it("the analyst decides both chargebacks and the merchants see the decision and the full timeline", async () => {
    await as("analyst", async (page) => {
      for (const [number, decision, note] of [
        [noordChargeback, "Won by the merchant (reverse the chargeback)", "Pickup slip signed by the cardholder."],
        [alpenChargeback, "Lost by the merchant (uphold the chargeback)", "The receipt is for a different date."],
      ] as const) {
        await page.goto(`/review/${number}`);
        await page.getByLabel(decision).check();
        await page.getByLabel("Decision note (shown to the merchant)").fill(note);
        await page.getByRole("button", { name: "Record decision" }).click();
        await page.getByText("The decision was recorded.").waitFor();
      }
    });
    await as("noord-ams", async (page) => {
      await page.goto(`/disputes/${noordChargeback}`);
      expect(await caseStatus(page)).toBe("Closed: Won");
      await page.getByTestId("decision-note").getByText("Pickup slip signed by the cardholder.").waitFor();
      const timeline = (await page.getByTestId("timeline").textContent()) ?? "";
      for (const step of ["Case opened", "Response submitted", "Decision"]) expect(timeline).toContain(step);
    });
    await as("alpen-muc", async (page) => {
      await page.goto(`/disputes/${alpenChargeback}`);
      expect(await caseStatus(page)).toBe("Closed: Lost");
      await page.getByTestId("decision-note").getByText("The receipt is for a different date.").waitFor();
      const timeline = (await page.getByTestId("timeline").textContent()) ?? "";
      expect(timeline).toContain("Opened after a decision on the inquiry");
      expect(timeline).toContain("Head office: the signed receipt proves the charge.");
      expect(timeline).toContain("The receipt is for a different date.");
      await page.goto(`/disputes/${inquiry}`);
      const inquiryTimeline = (await page.getByTestId("timeline").textContent()) ?? "";
      for (const step of [
        "Case opened",
        "Response submitted",
        "Credit: €30.00",
        "Decision",
        "The receipt does not show the disputed charge.",
      ]) {
        expect(inquiryTimeline).toContain(step);
      }
    });
  });
});
