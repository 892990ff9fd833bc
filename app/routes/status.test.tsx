// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { NoticeBoard } from "~/components/announcements";
import { I18nProvider } from "~/components/i18n";
import { SupportContact } from "~/components/support-contact";
import type { AnnouncementView } from "~/domain/announcements";
import { DEFAULT_SERVICE_HOURS } from "~/domain/service-hours";
import type { Locale } from "~/i18n";
import StatusPage from "./status";

// What the status page, the notice board and the help page's contact box say, in each language.

const maintenance: AnnouncementView = {
  id: 1,
  kind: "maintenance",
  severity: "minor",
  texts: { en: { title: "Planned maintenance", body: "Sunday night." }, de: { title: "Geplante Wartung", body: "Sonntagnacht." } },
  startsAt: "2026-12-06T21:00:00.000Z",
  endsAt: "2026-12-07T01:00:00.000Z",
  state: "current",
};
const closedFriday = { hours: DEFAULT_SERVICE_HOURS, openNow: false, nextOpeningAt: "2026-01-19T07:30:00.000Z" };

function show(locale: Locale, element: JSX.Element, path = "/", loaderData?: unknown) {
  const router = createMemoryRouter(
    [{ path, loader: () => loaderData ?? null, element: <I18nProvider locale={locale}>{element}</I18nProvider> }],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
}

describe("the status page", () => {
  it("lists what is going on, and says when phone and chat open again", async () => {
    show("en", <StatusPage />, "/status", { current: [maintenance], upcoming: [], service: closedFriday });
    await screen.findByRole("heading", { level: 1, name: "Service status" });
    expect(screen.getByRole("heading", { name: "Planned maintenance" })).toBeTruthy();
    expect(screen.getByText("No maintenance is planned.")).toBeTruthy();
    expect(screen.getByTestId("service-open").textContent).toBe("Phone and live chat are closed now. They open Monday 08:30.");
    expect(screen.getByText(/Mon–Fri, 08:30–17:30/)).toBeTruthy();
    expect(screen.getByText("A message you send now will be read from Monday 08:30.")).toBeTruthy();
    // The notice board is not repeated on the page that lists everything.
    expect(screen.queryByRole("complementary")).toBeNull();
  });
});

describe("the notice board", () => {
  it("is a labelled region with each notice in the reader's language (English where none was written) and a link to /status", async () => {
    show("de", <NoticeBoard notices={[maintenance]} />, "/disputes");
    const board = await screen.findByRole("complementary", { name: "Servicehinweise" });
    expect(within(board).getByText("Geplante Wartung")).toBeTruthy();
    expect(within(board).getByText("Leichte Beeinträchtigung")).toBeTruthy();
    expect(within(board).getByRole("link", { name: "Servicestatus" }).getAttribute("href")).toBe("/status");
  });

  it("falls back to English for Dutch readers when no Dutch text was written; nothing at all without notices", async () => {
    show("nl", <NoticeBoard notices={[maintenance]} />, "/disputes");
    expect(within(await screen.findByRole("complementary", { name: "Servicemeldingen" })).getByText("Planned maintenance")).toBeTruthy();
  });
});

describe("the help page's contact box", () => {
  it("says open now, or closed with the next opening", async () => {
    show("de", <SupportContact service={closedFriday} />);
    expect(await screen.findByText("Gerade geschlossen: öffnet Montag 08:30.")).toBeTruthy();
    expect(screen.getByText(/Montag bis Freitag, 8:30 bis 17:30 Uhr/)).toBeTruthy();
  });

  it("lists other hours from the setting", async () => {
    const saturdays = {
      ...closedFriday,
      hours: { timeZone: "Europe/Berlin", windows: [{ days: [1, 2, 3, 4, 5, 6] as const, opens: 480, closes: 1200 }] },
    };
    show("en", <SupportContact service={saturdays} />);
    expect(await screen.findByText(/Mon–Sat, 08:00–20:00 \(Berlin time\)/)).toBeTruthy();
  });
});
