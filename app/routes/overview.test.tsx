// @vitest-environment jsdom
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { render, screen, within } from "@testing-library/react";
import { sql } from "kysely";
import { createMemoryRouter, Outlet, RouterProvider, useLoaderData } from "react-router-dom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDisputesDemo } from "../../db/demo/disputes";
import { idOf } from "../../db/demo/organisations";
import { useRouteTestDatabase } from "../../tests/setup/route-db";
import { I18nProvider } from "~/components/i18n";
import { monthRange } from "~/domain/analytics";
import type { ShellData } from "~/services/shell.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as rootLoader } from "../root";
import OverviewPage, { loader as overviewLoader } from "./overview";

// /overview's analytics on the seeded demo data: three charts, each a <figure> with its numbers in
// a table, the per-location table with its total row, sorted by any column; a head office sees its
// own organisation only; a period or sort the page does not know is said so, never a 500.

process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-overview-"));
let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const NOW = new Date();
beforeAll(async () => {
  ctx = await useRouteTestDatabase(NOW);
  await seedDisputesDemo(ctx.db, ctx.ids, NOW);
});
afterAll(async () => {
  await ctx.destroy();
});

const args = (request: Request) => ({ request, params: {}, context: {} });
async function requestAs(username: string, url: string): Promise<Request> {
  const session = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
  return new Request(new URL(url, "http://localhost"), { headers: { Cookie: await sessionCookie.serialize(session.token) } });
}

function Root() {
  const shell = useLoaderData() as ShellData;
  return (
    <I18nProvider locale={shell.locale}>
      <Outlet />
    </I18nProvider>
  );
}

async function renderOverview(req: Request) {
  const shell = await rootLoader(args(req));
  const data = await overviewLoader(args(req));
  const router = createMemoryRouter(
    [
      {
        id: "root",
        path: "/",
        loader: () => shell,
        Component: Root,
        children: [{ path: "overview", loader: () => data, Component: OverviewPage }],
      },
    ],
    { initialEntries: [new URL(req.url).pathname + new URL(req.url).search] },
  );
  const view = render(<RouterProvider router={router} />);
  await screen.findByRole("heading", { level: 1 });
  return { data, view };
}

/** Cases of the organisation received in the period's months, counted from the cases. */
async function receivedInMonths(organisationId: number, from: string, to: string, timeZone: string) {
  const row = await ctx.db
    .selectFrom("cases")
    .where("organisation_id", "=", organisationId)
    .where("received_at", ">=", monthRange(from, timeZone).start.toISOString())
    .where("received_at", "<", monthRange(to, timeZone).end.toISOString())
    .select(sql<number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("/overview analytics", () => {
  it("shows three charts, each a figure with a caption and its table, and the locations with a total row", async () => {
    const { data, view } = await renderOverview(await requestAs("alpen-hq", "/overview?period=365d"));
    const figures = view.container.querySelectorAll("figure");
    expect(figures).toHaveLength(3);
    for (const figure of figures) {
      expect(figure.querySelector("figcaption")?.textContent).toBeTruthy();
      expect(figure.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
      expect(figure.querySelector("table")).toBeTruthy();
    }
    expect(figures[0]!.querySelectorAll("svg rect").length).toBeGreaterThan(0);
    const locations = screen.getByTestId("analytics-locations");
    const rows = within(locations).getAllByRole("row");
    const accounts = [...locations.querySelectorAll("tbody tr")].map((r) => r.getAttribute("data-account"));
    const alpen = await ctx.db
      .selectFrom("accounts")
      .select("merchant_number")
      .where("organisation_id", "=", ctx.ids.organisations.alpen!)
      .execute();
    expect(accounts.sort()).toEqual(alpen.map((a) => a.merchant_number).sort());
    const total = locations.querySelector("tfoot tr")!;
    expect(total.querySelector("th")!.textContent).toBe("Total");
    const { from, to } = data.analytics;
    const counted = await receivedInMonths(ctx.ids.organisations.alpen!, from, to, "Europe/Berlin");
    expect(counted).toBeGreaterThan(0);
    expect(Number(total.querySelectorAll("td")[0]!.textContent)).toBe(counted);
    expect(rows.length).toBe(1 + alpen.length + 1);
    // Sorting is a plain link per column heading.
    const heading = within(locations).getByRole("link", { name: "Win rate" });
    expect(heading.getAttribute("href")).toContain("sort=winRate");
  });

  it("a head office sees its own organisation's figures only", async () => {
    const { data } = await renderOverview(await requestAs("noord-hq", "/overview?period=365d"));
    const noord = await ctx.db.selectFrom("accounts").select("id").where("organisation_id", "=", ctx.ids.organisations.noord!).execute();
    expect(data.analytics.locations.map((l) => l.accountId).sort()).toEqual(noord.map((a) => a.id).sort());
    const cases = data.analytics.overall.inquiries + data.analytics.overall.chargebacks;
    expect(cases).toBe(await receivedInMonths(ctx.ids.organisations.noord!, data.analytics.from, data.analytics.to, "Europe/Amsterdam"));
  });

  it("sorts by any column, and says so when the period or the sort is unknown", async () => {
    const sorted = await overviewLoader(args(await requestAs("alpen-hq", "/overview?period=365d&sort=cases&dir=desc")));
    const counts = sorted.analytics.locations.map((l) => l.statistics.inquiries + l.statistics.chargebacks);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const { data } = await renderOverview(await requestAs("alpen-hq", "/overview?period=lastweek&sort=password&dir=up"));
    expect(data.analytics).toMatchObject({ invalidPeriod: true, invalidSort: true, period: "90d", sort: "location" });
    expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual([
      "That period is not available; showing the last 90 days.",
      "That sort order is not available; sorted by location.",
    ]);
  });
});
