import { respondByFor } from "../../app/domain/deadlines";
import { nextCaseNumber } from "../../app/models/case.server";
import { storeBytes } from "../../app/services/disputes/attachment-store.server";
import type { DB } from "../connection";
import { rebuildCaseStatistics } from "../migrations/2026-12-03-1109-case-statistics";
import type { CaseOutcomeColumn, CaseStatusColumn } from "../schema";
import { DEMO_ORGANISATIONS, type SeededIds } from "./organisations";

// Demo cases (SPEC 10): for each organisation, every state of SPEC 3.3, deadlines relative to the
// seeding day (due today, in 2 days, already overdue so the deadline job acts on first start),
// responses with small PDFs kept in the same content-addressed store as uploads.
// Written directly (not through the services) so that seeding notifies nobody.

/** A one-page PDF, built by hand with a correct cross-reference table. */
export function tinyPdf(text: string): Uint8Array {
  const safe = text.replace(/[()\\]/g, "");
  const stream = `BT /F1 14 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

const DAY = 86_400_000;

interface Ctx {
  db: DB;
  now: Date;
  ids: SeededIds;
  seq: number;
}

interface AccountInfo {
  key: string;
  id: number;
  timeZone: string;
  currency: string;
  orgKey: string;
}

type Spec = {
  type: "inquiry" | "chargeback";
  /** Days before `now` the case was received; with 20 days to respond, 20 = due today, 21 = overdue. */
  receivedDaysAgo: number;
  status: CaseStatusColumn;
  outcome?: CaseOutcomeColumn;
  amountMinor: number;
  reason: [string, string];
  documents?: string[];
  response?: { comment: string; creditMinor?: number; files?: string[]; accepted?: boolean; byUser: string };
  decisionNote?: string;
  urgentFlag?: boolean;
  reference?: string;
  card?: string;
  origin?: "manual" | "decision" | "no_reply";
};

const REASONS = {
  notRecognised: ["10.4", "Cardholder does not recognise the transaction"],
  notProvided: ["13.1", "Merchandise or services not provided"],
  cancelled: ["13.7", "Cancelled merchandise or services"],
  duplicate: ["12.6", "Duplicate processing"],
  notAsDescribed: ["13.3", "Not as described or defective"],
} as const satisfies Record<string, [string, string]>;

async function seedCase(ctx: Ctx, account: AccountInfo, spec: Spec): Promise<{ id: number; caseNumber: string; transactionId: number }> {
  const { db, now } = ctx;
  ctx.seq += 1;
  const receivedAt = new Date(now.getTime() - spec.receivedDaysAgo * DAY);
  const respondBy = respondByFor(receivedAt, account.timeZone, 20);
  const reference = spec.reference ?? `74${String(account.id).padStart(3, "0")}${String(ctx.seq).padStart(6, "0")}DEMO`;
  const tx = await db
    .insertInto("transactions")
    .values({
      account_id: account.id,
      occurred_at: new Date(receivedAt.getTime() - 12 * DAY).toISOString(),
      amount_minor: spec.amountMinor + 1500 * (ctx.seq % 3),
      currency: account.currency,
      card_last4: spec.card ?? String(1000 + ((ctx.seq * 137) % 9000)),
      network_reference: reference,
      description: account.orgKey === "alpen" ? "Hotel stay" : account.orgKey === "noord" ? "In-store purchase" : "Outdoor gear",
      created_at: receivedAt.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const caseNumber = await nextCaseNumber(db, spec.type, receivedAt.getUTCFullYear());
  const closed = spec.status === "closed";
  const respondedAt = spec.response ? new Date(receivedAt.getTime() + 3 * DAY) : null;
  const decidedAt = new Date(receivedAt.getTime() + 6 * DAY);
  const { id } = await db
    .insertInto("cases")
    .values({
      case_number: caseNumber,
      type: spec.type,
      account_id: account.id,
      organisation_id: ctx.ids.organisations[account.orgKey]!,
      transaction_id: tx.id,
      status: spec.status,
      outcome: spec.outcome ?? null,
      disputed_amount_minor: spec.amountMinor,
      currency: account.currency,
      reason_code: spec.reason[0],
      reason_text: spec.reason[1],
      received_at: receivedAt.toISOString(),
      respond_by: respondBy.toISOString(),
      urgent_flag: spec.urgentFlag ? 1 : 0,
      urgent_window_notified_at: null,
      related_case_id: null,
      last_response_at: respondedAt?.toISOString() ?? null,
      opened_by_user_id: null,
      version: 1,
      created_at: receivedAt.toISOString(),
      updated_at: receivedAt.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const code of spec.documents ?? []) {
    await db.insertInto("case_required_documents").values({ case_id: id, document_code: code }).execute();
  }
  let version = 1;
  const event = async (
    at: Date,
    actor: number | null,
    type: string,
    from: CaseStatusColumn | null,
    to: CaseStatusColumn,
    outcome: CaseOutcomeColumn | null,
    details: object,
  ) => {
    await db
      .insertInto("case_events")
      .values({
        case_id: id,
        at: at.toISOString(),
        actor_user_id: actor,
        event_type: type,
        from_status: from,
        to_status: to,
        outcome,
        details: JSON.stringify(details),
      })
      .execute();
  };
  await event(receivedAt, null, "opened", null, "awaiting_response", null, {
    origin: spec.origin ?? "manual",
    amountMinor: spec.amountMinor,
    currency: account.currency,
  });
  if (spec.type === "chargeback") {
    await db
      .insertInto("ledger_entries")
      .values({
        account_id: account.id,
        kind: "chargeback",
        amount_minor: spec.amountMinor,
        currency: account.currency,
        occurred_at: receivedAt.toISOString(),
        description: `Chargeback ${caseNumber}`,
        reference: caseNumber,
        transaction_id: tx.id,
        case_id: id,
        created_at: receivedAt.toISOString(),
      })
      .execute();
  }
  if (spec.response && respondedAt) {
    const userId = ctx.ids.users[spec.response.byUser] ?? null;
    const { id: responseId } = await db
      .insertInto("case_responses")
      .values({
        case_id: id,
        submitted_by_user_id: userId!,
        submitted_at: respondedAt.toISOString(),
        comment: spec.response.comment,
        credit_minor: spec.response.creditMinor ?? null,
        accepted: spec.response.accepted ? 1 : 0,
        version_at_submission: version,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const code of spec.response.files ?? []) {
      const bytes = tinyPdf(`${caseNumber}: ${code.replace(/_/g, " ")}`);
      await db
        .insertInto("case_attachments")
        .values({
          case_id: id,
          response_id: responseId,
          sha256: storeBytes(bytes),
          original_name: `${code}.pdf`,
          media_type: "application/pdf",
          size_bytes: bytes.byteLength,
          required_document: code === "evidence" ? null : code,
          uploaded_by_user_id: userId,
          uploaded_at: respondedAt.toISOString(),
        })
        .execute();
    }
    if (spec.response.creditMinor) {
      await db
        .insertInto("ledger_entries")
        .values({
          account_id: account.id,
          kind: "credit",
          amount_minor: spec.response.creditMinor,
          currency: account.currency,
          occurred_at: respondedAt.toISOString(),
          description: `Credit to cardholder, ${caseNumber}`,
          reference: caseNumber,
          transaction_id: tx.id,
          case_id: id,
          created_at: respondedAt.toISOString(),
        })
        .execute();
    }
    const accepted = spec.response.accepted === true;
    const fullCredit = spec.outcome === "credit_issued";
    const to: CaseStatusColumn = accepted || fullCredit ? "closed" : "under_review";
    await event(
      respondedAt,
      userId,
      accepted ? "accept" : "respond",
      "awaiting_response",
      to,
      accepted ? "accepted" : fullCredit ? "credit_issued" : null,
      {
        responseId,
        comment: spec.response.comment,
        creditMinor: spec.response.creditMinor,
        currency: account.currency,
      },
    );
    version += 1;
  }
  if (closed && spec.outcome && ["resolved", "charged_back", "won", "lost"].includes(spec.outcome)) {
    const decision = spec.outcome === "resolved" ? "resolve" : spec.outcome === "charged_back" ? "charge_back" : spec.outcome;
    await event(decidedAt, ctx.ids.users["analyst"] ?? null, "decide", "under_review", "closed", spec.outcome, {
      decision,
      note: spec.decisionNote ?? "",
    });
    version += 1;
    if (spec.outcome === "won") {
      await db
        .insertInto("ledger_entries")
        .values({
          account_id: account.id,
          kind: "chargeback_reversal",
          amount_minor: spec.amountMinor,
          currency: account.currency,
          occurred_at: decidedAt.toISOString(),
          description: `Chargeback reversed, ${caseNumber}`,
          reference: caseNumber,
          transaction_id: tx.id,
          case_id: id,
          created_at: decidedAt.toISOString(),
        })
        .execute();
    }
  }
  if (closed && (spec.outcome === "no_reply" || spec.outcome === "expired")) {
    await event(new Date(respondBy.getTime() + 60_000), null, "deadline_passed", "awaiting_response", "closed", spec.outcome, {});
    version += 1;
  }
  await db.updateTable("cases").set({ version, updated_at: now.toISOString() }).where("id", "=", id).execute();
  return { id, caseNumber, transactionId: tx.id };
}

/** A chargeback that followed an inquiry (decision or no reply), linked both ways. */
async function seedFollowUpChargeback(ctx: Ctx, account: AccountInfo, inquiry: { id: number; transactionId: number }, spec: Spec) {
  const created = await seedCase(ctx, account, spec);
  // The chargeback belongs to the inquiry's transaction.
  await ctx.db
    .updateTable("cases")
    .set({ transaction_id: inquiry.transactionId, related_case_id: inquiry.id })
    .where("id", "=", created.id)
    .execute();
  await ctx.db.updateTable("ledger_entries").set({ transaction_id: inquiry.transactionId }).where("case_id", "=", created.id).execute();
  await ctx.db.deleteFrom("transactions").where("id", "=", created.transactionId).execute();
  await ctx.db.updateTable("cases").set({ related_case_id: created.id }).where("id", "=", inquiry.id).execute();
  return created;
}

export async function seedDisputesDemo(db: DB, ids: SeededIds, now: Date): Promise<void> {
  const ctx: Ctx = { db, now, ids, seq: 0 };
  for (const org of DEMO_ORGANISATIONS) {
    const accounts: AccountInfo[] = org.accounts.map((a) => ({
      key: a.key,
      id: ids.accounts[a.key]!,
      timeZone: a.timeZone,
      currency: a.currency,
      orgKey: org.key,
    }));
    const locationUser = org.key === "alpen" ? "alpen-muc" : org.key === "noord" ? "noord-ams" : "harbor-hq";
    const [main, second = main, third = second] = accounts as [AccountInfo, AccountInfo?, AccountInfo?];
    const amt = (n: number) => n;

    // Awaiting response: due in 2 days (urgent), due today, and already overdue (the job acts).
    await seedCase(ctx, main, {
      type: "inquiry",
      receivedDaysAgo: 18,
      status: "awaiting_response",
      amountMinor: amt(24_900),
      reason: REASONS.notRecognised,
      documents: ["signed_receipt", "itemised_invoice"],
    });
    await seedCase(ctx, second, {
      type: "inquiry",
      receivedDaysAgo: 20,
      status: "awaiting_response",
      amountMinor: amt(8_950),
      reason: REASONS.duplicate,
      documents: ["itemised_invoice"],
    });
    await seedCase(ctx, main, {
      type: "inquiry",
      receivedDaysAgo: 22,
      status: "awaiting_response",
      amountMinor: amt(15_000),
      reason: REASONS.notProvided,
      documents: ["proof_of_delivery"],
    });
    await seedCase(ctx, main, {
      type: "chargeback",
      receivedDaysAgo: 8,
      status: "awaiting_response",
      amountMinor: amt(31_000),
      reason: REASONS.notAsDescribed,
      urgentFlag: true,
    });
    await seedCase(ctx, third, {
      type: "chargeback",
      receivedDaysAgo: 19,
      status: "awaiting_response",
      amountMinor: amt(5_400),
      reason: REASONS.cancelled,
    });
    await seedCase(ctx, second, {
      type: "chargeback",
      receivedDaysAgo: 23,
      status: "awaiting_response",
      amountMinor: amt(12_300),
      reason: REASONS.notRecognised,
    });

    // Under review.
    await seedCase(ctx, main, {
      type: "inquiry",
      receivedDaysAgo: 9,
      status: "under_review",
      amountMinor: amt(42_000),
      reason: REASONS.cancelled,
      documents: ["cancellation_policy", "booking_confirmation"],
      response: {
        comment: "The booking was non-refundable; policy and confirmation attached.",
        files: ["cancellation_policy", "booking_confirmation"],
        byUser: locationUser,
      },
    });
    await seedCase(ctx, second, {
      type: "chargeback",
      receivedDaysAgo: 11,
      status: "under_review",
      amountMinor: amt(19_900),
      reason: REASONS.notProvided,
      response: { comment: "Delivery confirmed by the carrier.", files: ["evidence"], byUser: locationUser },
    });

    // Closed, one of each outcome.
    await seedCase(ctx, main, {
      type: "inquiry",
      receivedDaysAgo: 40,
      status: "closed",
      outcome: "credit_issued",
      amountMinor: amt(6_000),
      reason: REASONS.duplicate,
      documents: ["itemised_invoice"],
      response: { comment: "Charged twice by mistake; refunded in full.", creditMinor: amt(6_000), byUser: locationUser },
    });
    await seedCase(ctx, second, {
      type: "inquiry",
      receivedDaysAgo: 45,
      status: "closed",
      outcome: "resolved",
      amountMinor: amt(13_500),
      reason: REASONS.notRecognised,
      documents: ["signed_receipt"],
      response: { comment: "Signed receipt attached.", files: ["signed_receipt"], byUser: locationUser },
      decisionNote: "The signed receipt matches the card; no chargeback.",
    });
    const chargedBack = await seedCase(ctx, main, {
      type: "inquiry",
      receivedDaysAgo: 50,
      status: "closed",
      outcome: "charged_back",
      amountMinor: amt(22_000),
      reason: REASONS.notAsDescribed,
      documents: ["itemised_invoice"],
      response: { comment: "Invoice attached.", files: ["itemised_invoice"], creditMinor: amt(2_000), byUser: locationUser },
      decisionNote: "The invoice does not show the disputed items.",
    });
    await seedFollowUpChargeback(ctx, main, chargedBack, {
      type: "chargeback",
      receivedDaysAgo: 44,
      status: "closed",
      outcome: "lost",
      amountMinor: amt(20_000),
      reason: REASONS.notAsDescribed,
      response: { comment: "We stand by our invoice.", files: ["evidence"], byUser: locationUser },
      decisionNote: "No new evidence; the chargeback stands.",
      origin: "decision",
    });
    const noReply = await seedCase(ctx, third, {
      type: "inquiry",
      receivedDaysAgo: 60,
      status: "closed",
      outcome: "no_reply",
      amountMinor: amt(9_900),
      reason: REASONS.cancelled,
      documents: ["cancellation_policy"],
    });
    await seedFollowUpChargeback(ctx, third, noReply, {
      type: "chargeback",
      receivedDaysAgo: 39,
      status: "closed",
      outcome: "expired",
      amountMinor: amt(9_900),
      reason: REASONS.cancelled,
      origin: "no_reply",
    });
    await seedCase(ctx, main, {
      type: "chargeback",
      receivedDaysAgo: 70,
      status: "closed",
      outcome: "won",
      amountMinor: amt(27_500),
      reason: REASONS.notProvided,
      response: { comment: "Proof of delivery with signature.", files: ["evidence"], byUser: locationUser },
      decisionNote: "Delivery proven; the chargeback is reversed.",
    });
    await seedCase(ctx, second, {
      type: "chargeback",
      receivedDaysAgo: 35,
      status: "closed",
      outcome: "accepted",
      amountMinor: amt(4_500),
      reason: REASONS.duplicate,
      response: { comment: "Our mistake, accepted.", accepted: true, byUser: locationUser },
    });

    // Cases the end-to-end test works through (no other test touches them).
    if (org.key === "alpen") {
      await seedCase(ctx, main, {
        type: "inquiry",
        receivedDaysAgo: 5,
        status: "awaiting_response",
        amountMinor: 18_000,
        reason: REASONS.notRecognised,
        documents: ["signed_receipt"],
        reference: "74E2E0000000001",
        card: "4821",
      });
    }
    if (org.key === "noord") {
      await seedCase(ctx, main, {
        type: "chargeback",
        receivedDaysAgo: 4,
        status: "awaiting_response",
        amountMinor: 7_450,
        reason: REASONS.notProvided,
        reference: "74E2E0000000002",
        card: "9137",
      });
    }
  }
  // The demo writes its cases directly, so the monthly statistics are built from them once.
  await rebuildCaseStatistics(db);
}
