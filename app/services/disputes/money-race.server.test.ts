import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../../db/connection";
import { race, type RaceAnswer } from "../../../tests/setup/concurrent";
import { insertCharge, openCaseOnCharge, useDisputesDatabase } from "../../../tests/setup/disputes";
import { openCaseIn } from "./open-case.server";
import { submitResponse } from "./respond.server";

// SPEC 3.1's invariant under real concurrency: two processes, two connections, one database file.
// Whatever runs at once, credits on a transaction plus its chargeback never exceed the disputed
// amount, and the side that loses is told why (a refusal with a message, not a crash).

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-05T10:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-muc", "analyst"]);
let db: DB;
beforeAll(() => {
  db = ctx.db;
});

/** Two inquiries of 100.00 on one 100.00 charge of Alpen München. */
async function twoInquiriesOnOneCharge() {
  const account = await db.selectFrom("accounts").selectAll().where("id", "=", ctx.ids.accounts["alpen-muc"]!).executeTakeFirstOrThrow();
  const transactionId = await insertCharge(db, account, { at: T0 });
  const open = () => openCaseOnCharge(db, account, transactionId, "inquiry", { at: T0, documents: [] });
  return { transactionId, first: await open(), second: await open() };
}

async function moneyOn(transactionId: number) {
  const rows = await db.selectFrom("ledger_entries").select(["kind", "amount_minor"]).where("transaction_id", "=", transactionId).execute();
  const sum = (kind: string) => rows.filter((r) => r.kind === kind).reduce((total, r) => total + r.amount_minor, 0);
  return { credits: sum("credit"), chargebacks: sum("chargeback") };
}

/** Each side answered with the service's own result: accepted, or refused with a reason. */
function serviceAnswers(answers: RaceAnswer[]) {
  return answers.map((a) => {
    if (!a.ok) throw new Error(`a side crashed instead of answering: ${a.error}`);
    return a.value as { ok: true } | { ok: false; status: number; problems: { key: string }[] };
  });
}

const env = () => ({ DATA_DIR: ctx.dataDir });

describe("money under concurrency (two processes on one database file)", () => {
  it("two full credits at once on two inquiries of one charge: one is booked, the other is refused with a reason", async () => {
    const { transactionId, first, second } = await twoInquiriesOnOneCharge();
    const credit = (caseNumber: string) =>
      ({ kind: "respond", username: "alpen-muc", caseNumber, version: 1, creditText: "100.00", now: NOW.toISOString() }) as const;
    const answers = serviceAnswers(await race(ctx.location, [credit(first.caseNumber), credit(second.caseNumber)], env()));

    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    const loser = answers.find((a) => !a.ok) as { status: number; problems: { key: string }[] };
    expect(loser.status).toBe(400);
    expect(loser.problems.map((p) => p.key)).toEqual(["response.error.credit_nothing_remaining"]);
    expect(await moneyOn(transactionId)).toEqual({ credits: 10_000, chargebacks: 0 });
  });

  it("a full credit and a charge-back decision at the same moment: the merchant pays once", async () => {
    const { transactionId, first, second } = await twoInquiriesOnOneCharge();
    // The second inquiry was answered and waits for the disputes team's decision.
    const answered = await submitResponse(
      db,
      ctx.actors["alpen-muc"]!,
      second.caseNumber,
      { comment: "Guest stayed", creditText: "", accept: false, version: 1, attachments: [] },
      NOW,
    );
    expect(answered).toMatchObject({ ok: true, status: "under_review" });
    const answers = serviceAnswers(
      await race(
        ctx.location,
        [
          {
            kind: "respond",
            username: "alpen-muc",
            caseNumber: first.caseNumber,
            version: 1,
            creditText: "100.00",
            now: NOW.toISOString(),
          },
          {
            kind: "decide",
            username: "analyst",
            caseNumber: second.caseNumber,
            version: 2,
            decision: "charge_back",
            note: "No receipt",
            now: NOW.toISOString(),
          },
        ],
        env(),
      ),
    );

    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    const loser = answers.find((a) => !a.ok) as { status: number; problems: { key: string }[] };
    expect(loser.status).toBe(400);
    // Whichever came second is told why: no credit after a chargeback, or nothing left to charge back.
    expect(["response.error.credit_after_chargeback", "disputes.error.nothingToChargeBack"]).toContain(loser.problems[0]?.key);
    const money = await moneyOn(transactionId);
    expect(money.credits + money.chargebacks).toBe(10_000);
  });
});

describe("the database's own guard on money", () => {
  /** A chargeback on the charge, opened past the services' own checks (openCaseIn books its debit). */
  const chargebackOn = (transactionId: number, inquiryId: number, amountMinor: number) =>
    db.transaction().execute((trx) =>
      openCaseIn(
        trx,
        {
          type: "chargeback",
          accountId: ctx.ids.accounts["alpen-muc"]!,
          timeZone: "Europe/Berlin",
          transactionId,
          amountMinor,
          currency: "EUR",
          reasonCode: "13.1",
          reasonText: "Services not provided",
          requiredDocuments: [],
          relatedCaseId: inquiryId,
          openedByUserId: null,
          origin: "manual",
        },
        NOW,
      ),
    );
  const creditOn = (transactionId: number, caseId: number, amountMinor: number) =>
    db
      .insertInto("ledger_entries")
      .values({
        account_id: ctx.ids.accounts["alpen-muc"]!,
        kind: "credit",
        amount_minor: amountMinor,
        currency: "EUR",
        occurred_at: NOW.toISOString(),
        description: "Credit",
        transaction_id: transactionId,
        case_id: caseId,
        created_at: NOW.toISOString(),
      })
      .execute();

  it("refuses a credit once a chargeback exists, and a chargeback beyond what credits left, even written directly", async () => {
    const charged = await twoInquiriesOnOneCharge();
    await chargebackOn(charged.transactionId, charged.first.id, 4_000);
    await expect(creditOn(charged.transactionId, charged.second.id, 1_000)).rejects.toThrow(
      /^ledger: no credit once a chargeback exists for the transaction/,
    );
    expect(await moneyOn(charged.transactionId)).toEqual({ credits: 0, chargebacks: 4_000 });

    const credited = await twoInquiriesOnOneCharge();
    await creditOn(credited.transactionId, credited.first.id, 6_000);
    await expect(chargebackOn(credited.transactionId, credited.second.id, 10_000)).rejects.toThrow(
      /^ledger: credits and chargeback would exceed the disputed amount/,
    );
    expect(await moneyOn(credited.transactionId)).toEqual({ credits: 6_000, chargebacks: 0 });
  });

  it("refuses a credit beyond the disputed amount, even written directly", async () => {
    const { transactionId, first } = await twoInquiriesOnOneCharge();
    const credit = (amountMinor: number) =>
      db
        .insertInto("ledger_entries")
        .values({
          account_id: ctx.ids.accounts["alpen-muc"]!,
          kind: "credit",
          amount_minor: amountMinor,
          currency: "EUR",
          occurred_at: NOW.toISOString(),
          description: "Credit",
          transaction_id: transactionId,
          case_id: first.id,
          created_at: NOW.toISOString(),
        })
        .execute();
    await credit(6_000);
    await expect(credit(4_001)).rejects.toThrow(/^ledger: credits would exceed the disputed amount/);
    await credit(4_000);
    expect(await moneyOn(transactionId)).toEqual({ credits: 10_000, chargebacks: 0 });
  });
});
