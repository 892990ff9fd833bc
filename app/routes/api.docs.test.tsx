// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "~/components/i18n";
import { WEBHOOK_EVENT_TYPES } from "~/domain/webhooks";
import { openApiDocument } from "~/forms/api-openapi";
import type { Locale } from "~/i18n";
import ApiDocsPage, { loader } from "./api.docs";

// /api/docs shows every operation of the OpenAPI document, with its body fields, in the user's language.

async function renderDocs(locale: Locale) {
  const data = loader();
  const router = createMemoryRouter(
    [
      {
        path: "/api/docs",
        loader: () => data,
        Component: () => (
          <I18nProvider locale={locale}>
            <ApiDocsPage />
          </I18nProvider>
        ),
      },
    ],
    { initialEntries: ["/api/docs"] },
  );
  render(<RouterProvider router={router} />);
  await screen.findByRole("heading", { level: 1 });
}

describe("/api/docs", () => {
  it("has a section for each operation of the OpenAPI document, and no other", async () => {
    await renderDocs("en");
    const documented = Object.entries(openApiDocument("http://localhost").paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const shown = screen
      .getAllByRole("heading", { level: 2 })
      .map((h) => h.textContent ?? "")
      .filter((text) => /^(GET|POST|DELETE) /.test(text))
      .sort();
    expect(shown).toEqual(documented);
    expect(screen.getByRole("link", { name: "The OpenAPI 3.1 document (JSON)" }).getAttribute("href")).toBe("/api/v1/openapi.json");
    expect(screen.getByText("Each key may send 300 requests in 60 seconds; beyond that the answer is 429 with Retry-After.")).toBeTruthy();
  });

  it("lists the fields of the response body, version required, in German for a German user", async () => {
    await renderDocs("de");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("API-Referenz");
    const respond = screen.getByRole("region", { name: "POST /api/v1/cases/{caseNumber}/responses" });
    const body = within(respond).getByRole("table", { name: "JSON-Inhalt" });
    const rows = within(body)
      .getAllByRole("row")
      .slice(1)
      .map((row) => `${within(row).getByRole("rowheader").textContent}:${row.lastElementChild?.textContent}`);
    expect(rows.sort()).toEqual(["comment:Nein", "credit:Nein", "version:Ja"]);
    expect(within(respond).getByText("Braucht einen Schlüssel mit der Berechtigung respond.")).toBeTruthy();
  });

  it("explains the webhook events, headers and signature", async () => {
    await renderDocs("en");
    const webhooks = screen.getByRole("region", { name: "Webhooks" });
    for (const type of WEBHOOK_EVENT_TYPES) expect(within(webhooks).getByText(new RegExp(`^${type.replace(".", "\\.")}:`))).toBeTruthy();
    expect(within(webhooks).getByText(/^Portal-Signature is t=<unix seconds>,v1=/)).toBeTruthy();
  });
});
