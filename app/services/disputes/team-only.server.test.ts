import { beforeAll, describe, expect, it } from "vitest";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { setUrgentFlag } from "./flag-urgent.server";
import { loadOpenCaseForm, submitOpenCaseForm } from "./open-case-form.server";
import { openCaseByHand } from "./open-case.server";
import { requestInformation } from "./request-information.server";
import { loadReviewCase } from "./review-case.server";

// SPEC 4: opening a case, flagging it urgent and asking for more information are the disputes
// team's. The services refuse everyone else themselves, whatever the route in front checks.

const NOW = new Date("2026-11-02T09:00:00Z");
const OTHERS = ["alpen-muc", "noord-hq", "alpen-hq", "harbor-hq", "admin"] as const;
const ctx = useDisputesDatabase(NOW, [...OTHERS, "analyst"]);
let caseNumber: string;
beforeAll(async () => {
  caseNumber = (await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: NOW })).caseNumber;
});

const caseCount = async () => (await ctx.db.selectFrom("cases").select(ctx.db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
const theCase = () => ctx.db.selectFrom("cases").selectAll().where("case_number", "=", caseNumber).executeTakeFirstOrThrow();

describe("disputes-team services", () => {
  it("refuse every other role with a 403 and change nothing", async () => {
    const before = { cases: await caseCount(), row: await theCase() };
    const accountId = ctx.ids.accounts["alpen-muc"]!;
    const manual = {
      type: "inquiry" as const,
      accountId,
      networkReference: null,
      newTransaction: { occurredAt: NOW, amountMinor: 5000, cardLast4: "1111", description: "x" },
      amountMinor: 5000,
      reasonCode: "13.1",
      reasonText: "Not received",
      requiredDocuments: [],
    };
    const form = {
      type: "inquiry" as const,
      accountId: String(accountId),
      networkReference: "",
      txDate: "2026-11-01",
      txAmount: "50",
      txCard: "1111",
      txDescription: "x",
      amount: "50",
      reasonCode: "13.1",
      reasonText: "Not received",
    };
    for (const username of OTHERS) {
      const actor = ctx.actors[username]!;
      const calls = {
        openCaseByHand: openCaseByHand(ctx.db, actor, manual, NOW),
        loadOpenCaseForm: loadOpenCaseForm(ctx.db, actor),
        submitOpenCaseForm: submitOpenCaseForm(ctx.db, actor, form, [], NOW),
        flag: setUrgentFlag(ctx.db, actor, caseNumber, { urgent: true, version: 1 }, NOW),
        requestInformation: requestInformation(ctx.db, actor, caseNumber, { message: "Invoice, please", days: 10, version: 1 }, NOW),
        loadReviewCase: loadReviewCase(ctx.db, actor, caseNumber, NOW),
      };
      for (const [name, call] of Object.entries(calls))
        expect(await call, `${username}: ${name}`).toMatchObject({ ok: false, status: 403 });
    }
    expect(await caseCount()).toBe(before.cases);
    expect(await theCase()).toEqual(before.row);
  });

  it("the disputes team may do each of them", async () => {
    const analyst = ctx.actors["analyst"]!;
    expect(await setUrgentFlag(ctx.db, analyst, caseNumber, { urgent: true, version: 1 }, NOW)).toEqual({ ok: true });
    expect((await theCase()).urgent_flag).toBe(1);
    expect(await loadReviewCase(ctx.db, analyst, caseNumber, NOW)).toMatchObject({ ok: true, requestDays: 10 });
    const form = await loadOpenCaseForm(ctx.db, analyst);
    expect(form.ok && form.accounts.map((a) => a.id)).toContain(ctx.ids.accounts["alpen-muc"]);
  });
});
