import { describe, expect, it } from "vitest";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { openCaseByHand } from "./open-case.server";
import { submitResponse } from "./respond.server";

// SPEC 3.1: credits on a transaction plus its chargeback never exceed what can be charged back.
// An analyst opening a chargeback by hand for more than the credits leave is told that, not that
// "someone else changed this case" (the database guard's refusal read as a lost race).

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-05T10:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-muc", "analyst"]);

describe("a chargeback opened by hand on a charge that already has credits", () => {
  it("is refused with the reason when it exceeds what the credits leave, and opened when it fits", async () => {
    // A 200.00 charge (openTestCase), 100.00 of it disputed; the merchant credits 60.00.
    const inquiry = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0, amountMinor: 10_000, documents: [] });
    const credited = await submitResponse(
      ctx.db,
      ctx.actors["alpen-muc"]!,
      inquiry.caseNumber,
      { comment: "Part refunded", creditText: "60.00", accept: false, version: 1, attachments: [] },
      NOW,
    );
    expect(credited).toMatchObject({ ok: true, status: "under_review" });
    const charge = await ctx.db
      .selectFrom("cases")
      .innerJoin("transactions", "transactions.id", "cases.transaction_id")
      .select(["transactions.network_reference as reference", "transactions.amount_minor as amountMinor"])
      .where("cases.id", "=", inquiry.id)
      .executeTakeFirstOrThrow();
    expect(charge.amountMinor).toBe(20_000);
    const chargeback = (amountMinor: number) =>
      openCaseByHand(
        ctx.db,
        ctx.actors["analyst"]!,
        {
          type: "chargeback",
          accountId: ctx.ids.accounts["alpen-muc"]!,
          networkReference: charge.reference,
          newTransaction: null,
          amountMinor,
          reasonCode: "13.1",
          reasonText: "Services not provided",
          requiredDocuments: [],
        },
        NOW,
      );

    // 60.00 credited + 140.01 is more than the 200.00 charge.
    expect(await chargeback(14_001)).toEqual({
      ok: false,
      status: 400,
      problems: [{ field: "amount", key: "disputes.error.amountAboveRemaining" }],
    });
    expect(await chargeback(14_000)).toMatchObject({ ok: true });
  });
});
