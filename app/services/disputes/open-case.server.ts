import { randomUUID } from "node:crypto";
import { tz } from "@date-fns/tz";
import { differenceInCalendarDays } from "date-fns";
import type { DB } from "../../../db/connection";
import type { CaseType } from "~/domain/case-state";
import { respondByFor, yearOfReceipt } from "~/domain/deadlines";
import { canWorkDisputes, type Actor } from "~/domain/permissions";
import { caseRequirements, type DocumentRequirement } from "~/domain/reason-codes";
import { isRequiredDocumentCode, remainingCreditableMinor } from "~/domain/response-rules";
import { findVisibleAccount } from "~/models/account.server";
import {
  appendCaseEvent,
  chargebackForTransaction,
  creditsIssuedOnTransaction,
  deadlineDays,
  insertCase,
  insertRequiredDocuments,
  caseByNetworkId,
  linkChargebackToInquiry,
  nextCaseNumber,
  type CaseDetail,
} from "~/models/case.server";
import { lockTransactionRow, recordLedgerEntry } from "~/models/ledger.server";
import { lockKey } from "~/models/locks.server";
import { findReasonCode } from "~/models/reason-codes.server";
import { notifyCase } from "../notify.server";
import { inTransaction, refused, RefusedError, type Refused } from "./common.server";

export interface OpenCaseInput {
  type: CaseType;
  accountId: number;
  timeZone: string;
  transactionId: number;
  amountMinor: number;
  currency: string;
  reasonCode: string;
  reasonText: string;
  /** Plain codes are required; entries proposed by the reason code keep their level (SPEC 3.10). */
  requiredDocuments: readonly (string | DocumentRequirement)[];
  relatedCaseId: number | null;
  openedByUserId: number | null;
  /** Why the case exists: an analyst opened it, a decision or a missed deadline on an inquiry. */
  origin: "manual" | "decision" | "no_reply";
  /** The network's id of a case delivered by intake. */
  networkCaseId?: string | null;
}

/**
 * Opens a case inside the caller's transaction: number, deadline in the account's zone, required
 * documents, the "opened" event, the chargeback debit, and the new-case notice. Refuses a second
 * chargeback on a transaction (the unique index would too).
 */
export async function openCaseIn(trx: DB, input: OpenCaseInput, now: Date): Promise<{ id: number; caseNumber: string }> {
  // A chargeback ends the option to credit: it takes the lock every credit on the transaction takes.
  if (input.type === "chargeback") await lockTransactionRow(trx, input.transactionId);
  if (input.type === "chargeback" && (await chargebackForTransaction(trx, input.transactionId))) {
    throw new RefusedError(refused(400, [{ field: "transaction", key: "disputes.error.chargebackExists" }]));
  }
  const days = await deadlineDays(trx, input.type);
  const caseNumber = await nextCaseNumber(trx, input.type, yearOfReceipt(now, input.timeZone));
  const id = await insertCase(
    trx,
    {
      caseNumber,
      type: input.type,
      accountId: input.accountId,
      transactionId: input.transactionId,
      disputedAmountMinor: input.amountMinor,
      currency: input.currency,
      reasonCode: input.reasonCode,
      reasonText: input.reasonText,
      receivedAt: now,
      respondBy: respondByFor(now, input.timeZone, days),
      relatedCaseId: input.relatedCaseId,
      openedByUserId: input.openedByUserId,
      networkCaseId: input.networkCaseId ?? null,
    },
    now,
  );
  if (input.type === "inquiry") await insertRequiredDocuments(trx, id, input.requiredDocuments);
  await appendCaseEvent(trx, {
    caseId: id,
    at: now,
    actorUserId: input.openedByUserId,
    eventType: "opened",
    fromStatus: null,
    toStatus: "awaiting_response",
    outcome: null,
    details: { origin: input.origin, amountMinor: input.amountMinor, currency: input.currency },
  });
  if (input.type === "chargeback") {
    // The amount is debited from the merchant when the chargeback happens (SPEC 3.2).
    await recordLedgerEntry(
      trx,
      {
        accountId: input.accountId,
        kind: "chargeback",
        amountMinor: input.amountMinor,
        currency: input.currency,
        occurredAt: now,
        description: `Chargeback ${caseNumber}`,
        reference: caseNumber,
        transactionId: input.transactionId,
        caseId: id,
      },
      now,
    );
  }
  await notifyCase(trx, { kind: "new_case", caseId: id }, { actorUserId: input.openedByUserId, now });
  return { id, caseNumber };
}

export interface ManualCaseForm {
  type: CaseType;
  accountId: number;
  /** An existing transaction of the account, by its network reference... */
  networkReference: string | null;
  /** ...or a new one. */
  newTransaction: { occurredAt: Date; amountMinor: number; cardLast4: string; description: string } | null;
  amountMinor: number;
  reasonCode: string;
  reasonText: string;
  requiredDocuments: string[];
  /** Case intake: the network's id, one case per id. */
  networkCaseId?: string;
}

/** An analyst opens a case by hand, or the intake opens one for a network case id (SPEC 4). */
export async function openCaseByHand(
  db: DB,
  actor: Actor,
  form: ManualCaseForm,
  now: Date,
): Promise<{ ok: true; caseNumber: string } | Refused> {
  if (!canWorkDisputes(actor)) return refused(403, [{ field: "form", key: "disputes.error.forbidden" }]);
  const account = await findVisibleAccount(db, actor, form.accountId);
  if (!account) return refused(400, [{ field: "accountId", key: "disputes.error.accountUnknown" }]);
  // A charge disputed by a cardholder has happened already: no day after today at the account.
  if (form.newTransaction && differenceInCalendarDays(form.newTransaction.occurredAt, now, { in: tz(account.timeZone) }) > 0) {
    return refused(400, [{ field: "txDate", key: "disputes.error.date" }]);
  }
  if (form.requiredDocuments.some((d) => !isRequiredDocumentCode(d))) {
    return refused(400, [{ field: "requiredDocuments", key: "disputes.error.documentUnknown" }]);
  }
  return inTransaction(db, async (trx) => {
    if (form.networkCaseId) {
      // Two batches carrying the same network case at once: the second waits and finds it.
      await lockKey(trx, `network-case:${form.networkCaseId}`);
      const existing = await caseByNetworkId(trx, form.networkCaseId);
      if (existing) {
        throw new RefusedError(
          refused(409, [{ field: "networkCaseId", key: "intake.duplicate", params: { caseNumber: existing.caseNumber } }]),
        );
      }
    }
    let transaction: { id: number; amountMinor: number; currency: string };
    if (form.networkReference) {
      const row = await trx
        .selectFrom("transactions")
        .select(["id", "amount_minor as amountMinor", "currency"])
        .where("network_reference", "=", form.networkReference)
        .where("account_id", "=", account.id)
        .executeTakeFirst();
      if (!row) throw new RefusedError(refused(400, [{ field: "networkReference", key: "disputes.error.transactionUnknown" }]));
      transaction = row;
    } else if (form.newTransaction) {
      // Hand-entered charges get a reference of their own, marked as manual.
      const reference = `MAN-${randomUUID().replace(/-/g, "").slice(0, 20).toUpperCase()}`;
      const row = await trx
        .insertInto("transactions")
        .values({
          account_id: account.id,
          occurred_at: form.newTransaction.occurredAt.toISOString(),
          amount_minor: form.newTransaction.amountMinor,
          currency: account.currency,
          card_last4: form.newTransaction.cardLast4,
          network_reference: reference,
          description: form.newTransaction.description,
          created_at: now.toISOString(),
        })
        .returning(["id", "amount_minor as amountMinor", "currency"])
        .executeTakeFirstOrThrow();
      transaction = row;
    } else {
      throw new RefusedError(refused(400, [{ field: "networkReference", key: "disputes.error.transactionRequired" }]));
    }
    if (form.amountMinor > transaction.amountMinor) {
      throw new RefusedError(refused(400, [{ field: "amount", key: "disputes.error.amountAboveTransaction" }]));
    }
    if (form.type === "chargeback") {
      // Credits already issued leave less to charge back (SPEC 3.1); read under the lock credits take.
      await lockTransactionRow(trx, transaction.id);
      if ((await creditsIssuedOnTransaction(trx, transaction.id)) + form.amountMinor > transaction.amountMinor) {
        throw new RefusedError(refused(400, [{ field: "amount", key: "disputes.error.amountAboveRemaining" }]));
      }
    }
    const opened = await openCaseIn(
      trx,
      {
        type: form.type,
        accountId: account.id,
        timeZone: account.timeZone,
        transactionId: transaction.id,
        amountMinor: form.amountMinor,
        currency: transaction.currency,
        reasonCode: form.reasonCode,
        reasonText: form.reasonText,
        requiredDocuments: form.type === "inquiry" ? await documentsForNewCase(trx, form.reasonCode, form.requiredDocuments) : [],
        relatedCaseId: null,
        openedByUserId: actor.userId,
        origin: "manual",
        networkCaseId: form.networkCaseId ?? null,
      },
      now,
    );
    return { ok: true as const, caseNumber: opened.caseNumber };
  });
}

/**
 * The documents a new inquiry asks for (SPEC 3.10): the explicit list when one is given (by hand,
 * CSV or API: exactly those, all required), otherwise the reason code's proposal with its levels.
 */
export async function documentsForNewCase(db: DB, reasonCode: string, explicit: readonly string[]): Promise<DocumentRequirement[]> {
  if (explicit.length > 0) return caseRequirements(explicit, null);
  return caseRequirements([], (await findReasonCode(db, reasonCode))?.documents ?? null);
}

export type ChargebackFromInquiry = { kind: "opened"; id: number; caseNumber: string } | { kind: "nothing_left" } | { kind: "exists" };

/**
 * Opens the chargeback an inquiry turns into (an analyst's charge-back decision, or no reply by
 * the deadline): for the amount still disputed after credits, linked both ways. One place for
 * that rule; the database also allows only one chargeback per transaction.
 */
export async function openChargebackForInquiry(
  trx: DB,
  inquiry: CaseDetail,
  options: { openedByUserId: number | null; origin: "decision" | "no_reply" },
  now: Date,
): Promise<ChargebackFromInquiry> {
  // The credits read here decide the chargeback's amount: read under the lock a credit takes.
  await lockTransactionRow(trx, inquiry.transactionId);
  const remaining = remainingCreditableMinor(inquiry.disputedAmountMinor, await creditsIssuedOnTransaction(trx, inquiry.transactionId));
  if (remaining <= 0) return { kind: "nothing_left" };
  if (await chargebackForTransaction(trx, inquiry.transactionId)) return { kind: "exists" };
  const opened = await openCaseIn(
    trx,
    {
      type: "chargeback",
      accountId: inquiry.accountId,
      timeZone: inquiry.timeZone,
      transactionId: inquiry.transactionId,
      amountMinor: remaining,
      currency: inquiry.currency,
      reasonCode: inquiry.reasonCode,
      reasonText: inquiry.reasonText,
      requiredDocuments: [],
      relatedCaseId: inquiry.id,
      openedByUserId: options.openedByUserId,
      origin: options.origin,
    },
    now,
  );
  await linkChargebackToInquiry(trx, inquiry.id, opened.id);
  return { kind: "opened", ...opened };
}
