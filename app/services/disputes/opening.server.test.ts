import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../../db/connection";
import type { SeededIds } from "../../../db/demo/organisations";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { setPlatformSetting } from "~/models/settings.server";

// What opening a case decides from the account and the settings: the case number's year and the
// respond-by, both in the account's time zone. Expected values are worked out by hand.

const T0 = new Date("2026-11-02T09:00:00Z");
const ctx = useDisputesDatabase(T0, []);
let db: DB;
let ids: SeededIds;
beforeAll(() => {
  db = ctx.db;
  ids = ctx.ids;
});

async function open(accountKey: string, type: "inquiry" | "chargeback", at: Date) {
  const opened = await openTestCase(db, ids.accounts[accountKey]!, type, { at, documents: [] });
  return db.selectFrom("cases").selectAll().where("id", "=", opened.id).executeTakeFirstOrThrow();
}

describe("case numbers", () => {
  it("count under the year of receipt at the account", async () => {
    // 21:00 on New Year's Eve in New York, already 2027 in UTC.
    const newYork = await open("harbor-nyc", "inquiry", new Date("2027-01-01T02:00:00Z"));
    expect(newYork.case_number).toMatch(/^INQ-2026-\d{6}$/);
    // 00:30 on New Year's Day in Munich, still 2026 in UTC.
    const munich = await open("alpen-muc", "chargeback", new Date("2026-12-31T23:30:00Z"));
    expect(munich.case_number).toMatch(/^CB-2027-\d{6}$/);
  });
});

describe("respond-by when a case is opened", () => {
  it("is the end of the 20th local day after receipt in the account's zone (New York)", async () => {
    // Received 9 November, 22:00 EST (10 November in UTC): due 29 November 23:59:59.999 EST.
    const row = await open("harbor-nyc", "inquiry", new Date("2026-11-10T03:00:00Z"));
    expect(row.respond_by).toBe("2026-11-30T04:59:59.999Z");
  });

  it("follows the deadline-days settings of each case type", async () => {
    await setPlatformSetting(db, ids.users["admin"]!, "inquiryDeadlineDays", 5, T0);
    await setPlatformSetting(db, ids.users["admin"]!, "chargebackDeadlineDays", 7, T0);
    try {
      // Received 10 November 10:00 in Munich (CET): 5 days is 15 November, 7 days 17 November.
      const inquiry = await open("alpen-muc", "inquiry", new Date("2026-11-10T09:00:00Z"));
      expect(inquiry.respond_by).toBe("2026-11-15T22:59:59.999Z");
      const chargeback = await open("alpen-muc", "chargeback", new Date("2026-11-10T09:00:00Z"));
      expect(chargeback.respond_by).toBe("2026-11-17T22:59:59.999Z");
    } finally {
      await setPlatformSetting(db, ids.users["admin"]!, "inquiryDeadlineDays", 20, T0);
      await setPlatformSetting(db, ids.users["admin"]!, "chargebackDeadlineDays", 20, T0);
    }
  });
});
