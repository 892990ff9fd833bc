import type { DB } from "../../../db/connection";
import { isCaseType, type CaseType } from "~/domain/case-state";
import { exampleMajorAmount, parseMajorAmount } from "~/domain/money";
import type { Actor } from "~/domain/permissions";
import type { MessageKey, Params } from "~/i18n";
import { decodeReviewCursor, encodeReviewCursor, reviewFilterChoices, reviewQueue, type ReviewFilters } from "~/models/case-list.server";

// The disputes team's /review queue: cases under review, oldest response first, with the filter
// choices and the problems of filters that cannot be read.

export type ReviewFilterProblem = { field: "min" | "max" | "currency"; key: MessageKey; params?: Params };

export interface ReviewQueueItem {
  caseNumber: string;
  type: CaseType;
  urgent: boolean;
  organisationName: string;
  accountName: string;
  cardLast4: string;
  amountMinor: number;
  currency: string;
  reason: string;
  lastResponseAt: string | null;
}

export interface ReviewQueueView {
  reasons: string[];
  currencies: string[];
  organisations: { id: number; name: string }[];
  problems: ReviewFilterProblem[];
  total: number;
  rows: ReviewQueueItem[];
  next: string | null;
  paged: boolean;
}

/**
 * Amount bounds are typed in major units of one chosen currency (JPY has no decimals, BHD three),
 * and only compare cases in that currency. Bounds that cannot be read are reported, not guessed.
 */
function amountFilter(
  p: URLSearchParams,
  currencies: readonly string[],
): { amount?: ReviewFilters["amount"]; problems: ReviewFilterProblem[] } {
  const min = p.get("min")?.trim() ?? "";
  const max = p.get("max")?.trim() ?? "";
  const currency = p.get("currency") ?? "";
  if (min === "" && max === "") return { problems: [] };
  if (!currencies.includes(currency)) return { problems: [{ field: "currency", key: "review.filter.currencyNeeded" }] };
  const problems: ReviewFilterProblem[] = [];
  const bound = (field: "min" | "max", text: string) => {
    if (text === "") return undefined;
    const parsed = text.length <= 24 ? parseMajorAmount(text, currency) : ({ ok: false, reason: "invalid" } as const);
    if (parsed.ok) return parsed.minor;
    problems.push(
      parsed.reason === "ambiguous_grouping"
        ? { field, key: "money.error.ambiguousGrouping" }
        : { field, key: "review.filter.amountInvalid", params: { currency, example: exampleMajorAmount(currency) } },
    );
    return undefined;
  };
  const amount = { currency, minMinor: bound("min", min), maxMinor: bound("max", max) };
  return problems.length > 0 ? { problems } : { amount, problems };
}

/** The queue's filters from the query string (the page and its CSV export read them alike). */
export function reviewFiltersFrom(
  p: URLSearchParams,
  currencies: readonly string[],
): { filters: ReviewFilters; problems: ReviewFilterProblem[] } {
  const f: ReviewFilters = {};
  const type = p.get("type");
  if (isCaseType(type)) f.type = type;
  const reason = p.get("reason");
  if (reason && reason.length <= 16) f.reasonCode = reason;
  const { amount, problems } = amountFilter(p, currencies);
  if (amount) f.amount = amount;
  const org = p.get("organisation");
  if (org && /^\d{1,9}$/.test(org)) f.organisationId = Number(org);
  f.urgentFirst = p.get("urgentFirst") === "1";
  return { filters: f, problems };
}

export async function loadReviewQueue(db: DB, actor: Actor, p: URLSearchParams): Promise<ReviewQueueView> {
  const choices = await reviewFilterChoices(db, actor);
  const { filters: f, problems } = reviewFiltersFrom(p, choices.currencies);
  const cursor = decodeReviewCursor(p.get("cursor"));
  const queue = await reviewQueue(db, actor, f, cursor);
  return {
    ...choices,
    problems,
    total: queue.total,
    next: queue.next ? encodeReviewCursor(queue.next) : null,
    paged: cursor !== null,
    rows: queue.rows.map((r) => ({
      caseNumber: r.caseNumber,
      type: r.type,
      urgent: r.urgentFlag === 1,
      organisationName: r.organisationName,
      accountName: r.accountName,
      cardLast4: r.cardLast4,
      amountMinor: r.disputedAmountMinor,
      currency: r.currency,
      reason: `${r.reasonCode}: ${r.reasonText}`,
      lastResponseAt: r.lastResponseAt,
    })),
  };
}
