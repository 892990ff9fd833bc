// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { countdown } from "~/domain/deadlines";
import { DeadlineBanner } from "./case-view";
import { I18nProvider } from "./i18n";
import type { Locale } from "~/i18n";

// The deadline banner at the top of an open case (issue 12 item 7), with the clock injected: the
// page hands it the countdown its loader computed from `now`; here `now` is chosen per state.

// 5 Dec 2026 23:59:59.999 in Berlin (CET, UTC+1).
const RESPOND_BY = "2026-12-05T22:59:59.999Z";
const ZONE = "Europe/Berlin";

function banner(now: string, { locale = "en", urgent = false }: { locale?: Locale; urgent?: boolean } = {}) {
  const c = countdown(new Date(RESPOND_BY), ZONE, new Date(now));
  render(
    <I18nProvider locale={locale}>
      <DeadlineBanner respondBy={RESPOND_BY} timeZone={ZONE} countdown={c} urgent={urgent} />
    </I18nProvider>,
  );
  return screen.getByTestId("deadline-banner");
}

describe("DeadlineBanner", () => {
  it("N days left: the date, time and zone of the account, a neutral tone", () => {
    const el = banner("2026-11-23T10:00:00Z");
    expect(el.textContent).toBe("Respond by 5 Dec 2026, 23:59 Europe/Berlin — 12 days left");
    expect(el.className).toContain("deadline-later");
  });

  it("2 days left inside the urgent window: a warning tone, the words say how long", () => {
    const el = banner("2026-12-03T12:00:00Z", { urgent: true });
    expect(el.textContent).toBe("Respond by 5 Dec 2026, 23:59 Europe/Berlin — 2 days left");
    expect(el.className).toContain("deadline-soon");
  });

  it("due today: counted in the account's zone (23:30 UTC on the 4th is already the 5th in Berlin)", () => {
    const el = banner("2026-12-04T23:30:00Z", { urgent: true });
    expect(el.textContent).toBe("Respond by 5 Dec 2026, 23:59 Europe/Berlin — due today");
    expect(el.className).toContain("deadline-today");
    expect(el.querySelector("strong")?.textContent).toBe("due today");
  });

  it("overdue once now is past respond-by", () => {
    const el = banner("2026-12-05T23:00:00Z");
    expect(el.textContent).toBe("Respond by 5 Dec 2026, 23:59 Europe/Berlin — overdue");
    expect(el.className).toContain("deadline-overdue");
  });

  it("in German", () => {
    expect(banner("2026-12-03T12:00:00Z", { locale: "de" }).textContent).toBe(
      "Antworten bis 5. Dez. 2026, 23:59 Europe/Berlin — noch 2 Tage",
    );
  });

  it("in Dutch", () => {
    expect(banner("2026-12-04T23:30:00Z", { locale: "nl" }).textContent).toMatch(
      /^Reageren vóór 5 dec\.? 2026, 23:59 Europe\/Berlin — vandaag reageren$/,
    );
  });
});
