import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DB } from "../../db/connection";
import { monthContaining, monthKey, nextMonth, statementPeriod } from "../../app/domain/statements";
import { generateDueStatements } from "../../app/services/statements.server";
import { baseURL, launchBrowser, newContext, signIn, waitForHydration } from "./browser";

// Uses the Garmisch account (merchant 4711000102, never enrolled in the demo), which no other
// browser test changes (the demo has its past statements, which a test may read). Time moves on the server side only through the statement service:
// the test calls it on the shared demo database with a `now` in the future, exactly as the job
// would run at that moment. No test-only endpoint exists in the portal.

let browser: Browser;
let db: DB;
beforeAll(async () => {
  browser = await launchBrowser();
  db = openDatabase(inject("databaseLocation"));
});
afterAll(async () => {
  await browser?.close();
  await db?.destroy();
});

const GARMISCH = "4711000102";
const TZ = "Europe/Berlin";

async function garmischId(): Promise<number> {
  const row = await db.selectFrom("accounts").select("id").where("merchant_number", "=", GARMISCH).executeTakeFirstOrThrow();
  return row.id;
}

describe("paperless enrolment in the browser", () => {
  it("alpen-hq enrols Garmisch; the next month's statement has no paper fee", async () => {
    const { context, page, errors } = await newContext(browser);
    await signIn(page, "alpen-hq");
    await page.getByRole("link", { name: "Statements" }).click();
    await page.getByRole("heading", { level: 1, name: "Statements" }).waitFor();

    const card = page.locator(`[data-account="${GARMISCH}"]`);
    await card.getByText("Not enrolled").waitFor();
    await card.getByRole("button", { name: "Enrol in paperless" }).click();
    await page.getByRole("status").filter({ hasText: "is enrolled in paperless statements" }).waitFor();
    await card.getByRole("button", { name: "Leave paperless" }).waitFor();
    await expect.poll(() => card.textContent()).toContain("Enrolled on");
    await expect.poll(() => card.textContent()).toContain("Anna Huber");

    // The enrolment is on record with the user who made it.
    const accountId = await garmischId();
    const last = await db
      .selectFrom("paperless_enrolments")
      .selectAll()
      .where("account_id", "=", accountId)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(last.enrolled).toBe(1);

    // This month closes with the old setting; the next month is the first paperless one.
    // Run the statement job as it will run once the next month has closed.
    const thisMonth = monthContaining(new Date(), TZ);
    const next = nextMonth(thisMonth);
    const nextPeriod = statementPeriod(next.year, next.month, TZ);
    const report = await generateDueStatements(db, nextPeriod.closesAt, { accountIds: [accountId] });
    expect(report.generated).toBe(2);
    const ids = Object.fromEntries(
      (await db.selectFrom("statements").select(["id", "month"]).where("account_id", "=", accountId).execute()).map((r) => [r.month, r.id]),
    );

    await page.goto(`/statements?account=${accountId}`);
    const nextLink = page.getByRole("link", {
      name: new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(
        Date.UTC(next.year, next.month - 1, 15),
      ),
    });
    await nextLink.click();
    await page.getByRole("heading", { level: 1, name: /^Statement / }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/statements/${ids[monthKey(next)]}`);
    const nextPage = (await page.locator("main").textContent()) ?? "";
    expect(nextPage).toContain("Online only");
    expect(nextPage).not.toContain("Paper statement fee");
    expect(await page.locator('tr[data-code="paper_statement_fee"]').count()).toBe(0);

    // This month's statement (enrolled after it opened) is still mailed with the fee.
    await page.goto(`/statements/${ids[monthKey(thisMonth)]}`);
    await page.locator('tr[data-code="paper_statement_fee"]').waitFor();
    expect(await page.locator("main").textContent()).toContain("Online and by post");

    // The PDF of the paperless month downloads as a real PDF.
    await page.goto(`/statements/${ids[monthKey(next)]}`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
    expect(download.suggestedFilename()).toBe(`statement-${GARMISCH}-${monthKey(next)}.pdf`);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("a location user cannot open another location's statement", async () => {
    const accountId = await garmischId();
    const statement = await db.selectFrom("statements").select("id").where("account_id", "=", accountId).executeTakeFirstOrThrow();
    const { context, page } = await newContext(browser);
    await signIn(page, "alpen-muc");
    for (const path of [`/statements/${statement.id}`, `/statements/${statement.id}/pdf`, `/statements/${statement.id}/csv`]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(404);
    }
    await page.goto(`/statements/${statement.id}`);
    await page.getByText("This page does not exist, or you may not see it.").waitFor();
    await context.close();
  });

  it("noord-hq sees the statements of both Noordzee locations and may not change paperless", async () => {
    const { context, page, errors } = await newContext(browser);
    await signIn(page, "noord-hq");
    await page.goto("/statements");
    await page.getByRole("heading", { level: 1, name: "Statements" }).waitFor();
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Noordzee Amsterdam (5220000201)");
    expect(text).toContain("Noordzee Utrecht (5220000202)");
    expect(await page.getByRole("button", { name: /paperless/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("harbor-hq takes New York out of paperless and back in with plain form posts", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "harbor-hq");
    await page.goto("/statements");
    const card = page.locator('[data-account="7330000302"]');
    // Each post answers with a new page: wait for what it shows, not for a load state the old
    // page may still report.
    await card.getByRole("button", { name: "Leave paperless" }).click();
    await page.getByRole("status").filter({ hasText: "Harbor Outfitters New York receives paper statements again" }).waitFor();
    await card.getByRole("button", { name: "Enrol in paperless" }).click();
    await page.getByRole("status").filter({ hasText: "Harbor Outfitters New York is enrolled in paperless statements" }).waitFor();
    const history = await db
      .selectFrom("paperless_enrolments")
      .innerJoin("accounts", "accounts.id", "paperless_enrolments.account_id")
      .select(["paperless_enrolments.enrolled"])
      .where("accounts.merchant_number", "=", "7330000302")
      .orderBy("paperless_enrolments.id")
      .execute();
    expect(history.map((h) => h.enrolled).slice(-2)).toEqual([0, 1]);
    await context.close();
  });
});

describe("settings and help in the browser", () => {
  it("the profile form checks the email address in the browser before anything is sent", async () => {
    const { context, page, errors } = await newContext(browser);
    await signIn(page, "harbor-hq");
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("link", { name: "Profile" }).click();
    await page.getByLabel("Email address").waitFor();
    await waitForHydration(page);
    let posted = false;
    page.on("request", (r) => {
      if (r.method() === "POST") posted = true;
    });
    await page.getByLabel("Email address").fill("not-an-address");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("alert").filter({ hasText: "Enter a valid email address." }).waitFor();
    expect(posted).toBe(false);
    const row = await db.selectFrom("users").select("email").where("username", "=", "harbor-hq").executeTakeFirstOrThrow();
    expect(row.email).toBe("harbor-hq@harbor.example");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the statements page links to its guide, which shows the service hours", async () => {
    const { context, page, errors } = await newContext(browser);
    await signIn(page, "noord-ams");
    await page.goto("/statements");
    await page
      .getByRole("link", { name: /What paperless changes/ })
      .first()
      .click();
    await page.getByRole("heading", { level: 1, name: "Statements and paperless" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("Monday to Friday, 8:30 to 17:30 (Europe/Berlin)");
    expect(errors).toEqual([]);
    await context.close();
  });
});
