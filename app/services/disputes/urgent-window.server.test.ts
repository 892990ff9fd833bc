import { describe, expect, it } from "vitest";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { setPlatformSetting } from "~/models/settings.server";
import { loadCaseList } from "./case-list.server";
import { loadCasePage } from "./case-page.server";

// The urgent-window setting takes effect where a merchant sees urgency: the case list and the
// case page (the sweep's notices have their own test). 0 means only flagged cases.

const T0 = new Date("2026-11-02T09:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const ctx = useDisputesDatabase(T0, ["alpen-muc"]);

describe("the urgent-window setting", () => {
  it("decides the urgent mark on the case list and the case page", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0, documents: [] });
    const row = await ctx.db.selectFrom("cases").select("respond_by").where("id", "=", opened.id).executeTakeFirstOrThrow();
    const respondBy = new Date(row.respond_by).getTime();
    const actor = ctx.actors["alpen-muc"]!;
    const urgency = async (now: Date) => {
      const list = await loadCaseList(ctx.db, actor, new URLSearchParams(), now);
      const page = await loadCasePage(ctx.db, actor, opened.caseNumber, now);
      return { list: list.rows.find((r) => r.caseNumber === opened.caseNumber)?.urgent, page: page?.urgent };
    };
    const setWindow = (days: number) => setPlatformSetting(ctx.db, ctx.ids.users["admin"]!, "urgentWindowDays", days, T0);
    // Midday in Munich, five calendar days before the due day; then on the due day itself.
    const fiveDaysLeft = new Date(respondBy - 5 * DAY - 12 * 60 * 60 * 1000);
    const dueToday = new Date(respondBy - 12 * 60 * 60 * 1000);

    expect(await urgency(fiveDaysLeft)).toEqual({ list: false, page: false });
    await setWindow(7);
    expect(await urgency(fiveDaysLeft)).toEqual({ list: true, page: true });
    await setWindow(0);
    expect(await urgency(dueToday)).toEqual({ list: false, page: false });
    await setWindow(3);
    expect(await urgency(dueToday)).toEqual({ list: true, page: true });
  });
});
