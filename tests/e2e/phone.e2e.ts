import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestCase } from "../setup/disputes";
import { baseURL, launchBrowser, signIn, testClientAddress, waitForHydration } from "./browser";
import { lookUp } from "./database";

// Issue 12 item 7 on a phone-sized screen (390 × 844): no page scrolls sideways and no element is
// wider than the viewport; the case list shows as cards; an open case has its deadline banner.
// Item 6: accepting a chargeback asks for confirmation first, also without JavaScript.

const PHONE = { width: 390, height: 844 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function withPhone(username: string, run: (page: Page) => Promise<void>, javaScriptEnabled = true) {
  const context = await browser.newContext({
    baseURL: baseURL(),
    locale: "en-GB",
    viewport: PHONE,
    javaScriptEnabled,
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

/**
 * The page's width against the viewport's, and the elements (if any) wider than it or reaching past
 * its right edge. `strict`: every element counts; otherwise one inside a box that scrolls sideways
 * on its own (a wide data table in its .table-wrap) does not, as long as that box fits.
 */
function measure(page: Page, strict = true) {
  return page.evaluate((strict) => {
    const viewport = window.innerWidth;
    const wide: string[] = [];
    const inOwnScroller = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) return true;
      }
      return false;
    };
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (!strict && inOwnScroller(el)) continue;
      if (box.width > viewport || box.right > viewport + 0.5) {
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}`;
        wide.push(`${name} (${Math.round(box.left)}..${Math.round(box.right)})`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, wide };
  }, strict);
}

async function expectFits(page: Page, path: string, strict = true) {
  await page.goto(path);
  await page.locator("h1").first().waitFor();
  const m = await measure(page, strict);
  expect(m.wide, `elements wider than the viewport on ${path}`).toEqual([]);
  expect(m.scrollWidth, `page width on ${path}`).toBeLessThanOrEqual(m.viewport);
}

/** A fresh chargeback of `username`'s (first) location, received now: awaiting a response with its full deadline. */
async function freshChargeback(username: string): Promise<string> {
  return lookUp(async (db) => {
    const account = await db
      .selectFrom("user_accounts")
      .innerJoin("users", "users.id", "user_accounts.user_id")
      .select("user_accounts.account_id")
      .where("users.username", "=", username)
      .orderBy("user_accounts.account_id")
      .executeTakeFirstOrThrow();
    return (await openTestCase(db, account.account_id, "chargeback", { at: new Date() })).caseNumber;
  });
}

const caseStatus = (caseNumber: string) =>
  lookUp((db) => db.selectFrom("cases").select(["status", "outcome"]).where("case_number", "=", caseNumber).executeTakeFirstOrThrow());

describe("the portal on a phone", () => {
  for (const username of ["alpen-muc", "noord-ams"]) {
    it(
      `${username}: no page is wider than the screen; the list shows cards, an open case its deadline banner`,
      { timeout: 120_000 },
      async () => {
        const caseNumber = await freshChargeback(username);
        await withPhone(username, async (page) => {
          await expectFits(page, "/disputes");
          // The case list as cards: each case a block, not a table row, with its number, amount, status and countdown.
          const row = page.locator("tbody tr").first();
          await row.waitFor();
          expect(await row.evaluate((el) => getComputedStyle(el).display)).not.toBe("table-row");
          // The fresh case by its number: other browser tests add cases, so it need not be on the first page.
          await page.goto(`/disputes?q=${caseNumber}`);
          const card = page.locator(`tr[data-case="${caseNumber}"]`);
          await card.getByRole("link", { name: caseNumber }).waitFor();
          for (const label of ["Amount", "Status", "Respond by"]) {
            expect(await card.locator(`td[data-label="${label}"]`).isVisible(), label).toBe(true);
          }
          expect(await card.locator(`td[data-label="Respond by"]`).textContent()).toMatch(/\d+ days left/);

          await expectFits(page, `/disputes/${caseNumber}`);
          const banner = page.getByTestId("deadline-banner");
          expect(await banner.isVisible()).toBe(true);
          expect(await banner.textContent()).toMatch(/^Respond by .+, 23:59 Europe\/\w+ — \d+ days left$/);
          // The response form fits: its text area and buttons lie within the screen.
          for (const box of [
            await page.getByLabel("Comments").boundingBox(),
            await page.getByRole("button", { name: "Accept the chargeback" }).boundingBox(),
          ]) {
            expect(box).not.toBeNull();
            expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
          }

          // Pages with wide data tables: the table may scroll sideways in its own box, the page never.
          for (const path of ["/statements", "/support", "/notifications", "/settings"]) await expectFits(page, path, false);
        });
      },
    );
  }

  it("alpen-hq: the overview fits the screen", async () => {
    await withPhone("alpen-hq", async (page) => {
      await expectFits(page, "/overview", false);
    });
  });

  it(
    "without JavaScript, accepting a chargeback asks first; only the confirmation closes it, with the comment",
    { timeout: 120_000 },
    async () => {
      const caseNumber = await freshChargeback("noord-ams");
      await withPhone(
        "noord-ams",
        async (page) => {
          await page.goto(`/disputes/${caseNumber}`);
          await page.getByRole("button", { name: "Accept the chargeback" }).click();
          // The confirmation page: nothing is closed yet.
          const confirm = page.getByRole("region", { name: "Accept the chargeback for good?" });
          await confirm.waitFor();
          expect(await caseStatus(caseNumber)).toEqual({ status: "awaiting_response", outcome: null });
          const m = await measure(page);
          expect(m.wide).toEqual([]);

          await confirm.getByLabel("Comment (optional)").fill("Refunded the guest in cash.");
          await confirm.getByRole("button", { name: "Yes, accept the chargeback" }).click();
          await page.getByText("You accepted the chargeback.").waitFor();
          expect(await page.getByTestId("case-status").textContent()).toBe("Closed: Accepted");
          await page.getByTestId("timeline").getByText("Comment: Refunded the guest in cash.").waitFor();
          expect(await caseStatus(caseNumber)).toEqual({ status: "closed", outcome: "accepted" });
          expect(await page.getByTestId("deadline-banner").count()).toBe(0);
        },
        false,
      );
    },
  );

  it("with JavaScript, accepting asks in a dialog; cancelling leaves the case open", { timeout: 120_000 }, async () => {
    const caseNumber = await freshChargeback("alpen-muc");
    await withPhone("alpen-muc", async (page) => {
      await page.goto(`/disputes/${caseNumber}`);
      await waitForHydration(page);
      await page.getByRole("button", { name: "Accept the chargeback" }).click();
      const dialog = page.getByRole("dialog", { name: "Accept the chargeback for good?" });
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "hidden" });
      expect(await caseStatus(caseNumber)).toEqual({ status: "awaiting_response", outcome: null });

      await page.getByRole("button", { name: "Accept the chargeback" }).click();
      await dialog.waitFor();
      const box = await dialog.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      await dialog.getByRole("button", { name: "Yes, accept the chargeback" }).click();
      await page.getByText("You accepted the chargeback.").waitFor();
      await expect.poll(() => caseStatus(caseNumber)).toEqual({ status: "closed", outcome: "accepted" });
    });
  });
});
