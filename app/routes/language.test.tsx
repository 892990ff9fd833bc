// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { createMemoryRouter, Outlet, RouterProvider, useLoaderData } from "react-router-dom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { useRouteTestDatabase } from "../../tests/setup/route-db";
import { I18nProvider } from "~/components/i18n";
import type { ShellData } from "~/services/shell.server";
import { pageTitle } from "~/utils/meta";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as rootLoader } from "../root";
import LoginPage, { loader as loginLoader } from "./login";
import { meta as caseMeta } from "./disputes.$caseNumber._index";
import { meta as disputesMeta } from "./disputes._index";
import { meta as reviewCaseMeta } from "./review.$caseNumber";
import { meta as reviewMeta } from "./review._index";
import ProfilePage, { loader as profileLoader } from "./settings.profile";

// A Dutch browser gets the portal in Dutch: the root loader negotiates the language from
// Accept-Language (unless the user chose one), and the pages render with it.

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
});
afterAll(async () => {
  await ctx.destroy();
});

const DUTCH_BROWSER = "nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7";
const args = (request: Request) => ({ request, params: {}, context: {} });
function request(path: string, headers: Record<string, string>): Request {
  return new Request(new URL(path, "http://localhost"), { headers });
}
async function cookieOf(username: string): Promise<string> {
  const session = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
  return sessionCookie.serialize(session.token);
}

function Root() {
  const shell = useLoaderData() as ShellData;
  return (
    <I18nProvider locale={shell.locale}>
      <Outlet />
    </I18nProvider>
  );
}

/** The page as the server would render it for this request: the real loaders, then the route's component. */
async function renderPage(path: string, page: { loader: typeof loginLoader; Component: () => JSX.Element }, req: Request) {
  const shell = await rootLoader(args(req));
  const pageData = await page.loader(args(req));
  const router = createMemoryRouter(
    [
      {
        id: "root",
        path: "/",
        loader: () => shell,
        Component: Root,
        children: [{ path: path.slice(1), loader: () => pageData, Component: page.Component }],
      },
    ],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
  await screen.findByRole("heading", { level: 1 });
  return shell;
}

describe("a Dutch-speaking browser", () => {
  it("gets the sign-in page in Dutch, with a Dutch title", async () => {
    const shell = await renderPage(
      "/login",
      { loader: loginLoader, Component: LoginPage },
      request("/login", { "Accept-Language": DUTCH_BROWSER }),
    );
    expect(shell).toEqual({ locale: "nl", user: null, announcements: [] });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Aanmelden");
    expect(screen.getByLabelText("Gebruikersnaam of e-mailadres")).toBeTruthy();
    expect(screen.getByLabelText("Wachtwoord")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Aanmelden" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Gebruikersnaam of wachtwoord vergeten?" })).toBeTruthy();
    expect(pageTitle([{ id: "root", data: shell }], "login.title")).toEqual([{ title: "Aanmelden · Geschillenportaal" }]);
  });

  it("gets Dutch once signed in (noord-ams follows the browser) and the profile offers Nederlands", async () => {
    const cookie = await cookieOf("noord-ams");
    const shell = await renderPage(
      "/settings/profile",
      { loader: profileLoader as unknown as typeof loginLoader, Component: ProfilePage },
      request("/settings/profile", { "Accept-Language": DUTCH_BROWSER, Cookie: cookie }),
    );
    expect(shell.locale).toBe("nl");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Profiel");
    const language = screen.getByLabelText<HTMLSelectElement>("Taal");
    expect(
      within(language)
        .getAllByRole("option")
        .map((o) => [(o as HTMLOptionElement).value, o.textContent]),
    ).toEqual([
      ["auto", "Automatisch (van uw browser)"],
      ["en", "English"],
      ["de", "Deutsch"],
      ["nl", "Nederlands"],
    ]);
    expect(language.value).toBe("auto");
  });

  it("the language a user chose wins over the browser's", async () => {
    await ctx.db.updateTable("users").set({ locale: "en" }).where("id", "=", idOf(ctx.ids.users, "noord-hq")).execute();
    const english = await rootLoader(args(request("/", { "Accept-Language": DUTCH_BROWSER, Cookie: await cookieOf("noord-hq") })));
    expect(english.locale).toBe("en");
    await ctx.db.updateTable("users").set({ locale: "nl" }).where("id", "=", idOf(ctx.ids.users, "noord-hq")).execute();
    const dutch = await rootLoader(args(request("/", { "Accept-Language": "en-GB", Cookie: await cookieOf("noord-hq") })));
    expect(dutch.locale).toBe("nl");
    await ctx.db.updateTable("users").set({ locale: null }).where("id", "=", idOf(ctx.ids.users, "noord-hq")).execute();
  });

  it("a browser asking for a language the portal does not speak gets English", async () => {
    expect(await rootLoader(args(request("/login", { "Accept-Language": "fr-FR,fr;q=0.9" })))).toEqual({
      locale: "en",
      user: null,
      announcements: [],
    });
  });

  it("page titles are Dutch too, also on the pages that name a case", () => {
    const matches = [{ id: "root", data: { locale: "nl", user: null } }];
    const titleOf = (meta: (args: never) => unknown, data?: unknown) => meta({ matches, data } as never);
    const caseData = { page: { case: { caseNumber: "CB-2026-000042" } } };
    expect(titleOf(disputesMeta)).toEqual([{ title: "Geschillen · Geschillenportaal" }]);
    expect(titleOf(reviewMeta)).toEqual([{ title: "Beoordelingslijst · Geschillenportaal" }]);
    expect(titleOf(caseMeta, caseData)).toEqual([{ title: "CB-2026-000042 · Geschillenportaal" }]);
    expect(titleOf(caseMeta)).toEqual([{ title: "Zaak · Geschillenportaal" }]);
    expect(titleOf(reviewCaseMeta, caseData)).toEqual([{ title: "CB-2026-000042 · Beoordelingslijst · Geschillenportaal" }]);
  });
});
