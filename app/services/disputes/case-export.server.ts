import type { DB } from "../../../db/connection";
import type { ExportFilterValue } from "~/domain/audit";
import {
  CASE_EXPORT_COLUMNS,
  caseExportRecord,
  exportHeader,
  REVIEW_EXPORT_COLUMNS,
  reviewExportRecord,
  type CaseExportColumn,
  type ReviewExportColumn,
} from "~/domain/list-export";
import { minorToMajorString } from "~/domain/money";
import { canWorkDisputes, isMerchantRole, type Actor } from "~/domain/permissions";
import type { Translate } from "~/i18n";
import { recordAudit } from "~/models/audit.server";
import { listCases, reviewFilterChoices, reviewPage } from "~/models/case-list.server";
import { columnLabels, csvStream } from "../csv-stream.server";
import { forbidden, refused, type ServiceResult } from "../result";
import { caseListFiltersFrom } from "./case-list.server";
import { reviewFiltersFrom } from "./review-queue.server";

// /disputes/export.csv and /review/export.csv (SPEC 14): the list's own filters, parsed by the
// list's own parser, and its own keyset query a thousand rows at a time, so an export holds the
// rows the list would show on all its pages and never more than a page of them in memory. Each
// export is audited with the filters it applied, before its first row is read.

export const EXPORT_PAGE_SIZE = 1000;

export type CsvExport = ServiceResult<{ fileName: string; body: ReadableStream<Uint8Array> }>;

/** The filters as the audit trail keeps them: only those set. */
function auditedFilters(filters: Record<string, ExportFilterValue | undefined>): Record<string, ExportFilterValue> {
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, ExportFilterValue] => e[1] !== undefined));
}

export async function exportCaseList(
  db: DB,
  actor: Actor,
  query: URLSearchParams,
  now: Date,
  t: Translate,
  pageSize: number = EXPORT_PAGE_SIZE,
): Promise<CsvExport> {
  if (!isMerchantRole(actor.role)) return forbidden();
  const filters = caseListFiltersFrom(query);
  await recordAudit(
    db,
    {
      actorUserId: actor.userId,
      action: "list_exported",
      entityType: "export",
      entityId: "disputes",
      details: { list: "disputes", filters: auditedFilters({ ...filters }) },
    },
    now,
  );
  const header = exportHeader<CaseExportColumn>(CASE_EXPORT_COLUMNS, columnLabels(CASE_EXPORT_COLUMNS, t));
  const body = csvStream(header, async (cursor: Parameters<typeof listCases>[3]) => {
    // The same clock for every page: the due and overdue filters mean one moment.
    const page = await listCases(db, actor, filters, cursor, now, pageSize);
    return {
      records: page.rows.map((r) => caseExportRecord({ ...r, amountMinor: r.disputedAmountMinor })).join(""),
      next: page.next,
    };
  });
  return { ok: true, fileName: `disputes-${now.toISOString().slice(0, 10)}.csv`, body };
}

export async function exportReviewQueue(
  db: DB,
  actor: Actor,
  query: URLSearchParams,
  now: Date,
  t: Translate,
  pageSize: number = EXPORT_PAGE_SIZE,
): Promise<CsvExport> {
  if (!canWorkDisputes(actor)) return forbidden();
  const { currencies } = await reviewFilterChoices(db, actor);
  const { filters, problems } = reviewFiltersFrom(query, currencies);
  // The queue shows unreadable amount bounds next to their fields; an export must not quietly
  // export more than was asked for.
  if (problems.length > 0) return refused(400, problems);
  const { amount, ...rest } = filters;
  await recordAudit(
    db,
    {
      actorUserId: actor.userId,
      action: "list_exported",
      entityType: "export",
      entityId: "review",
      details: {
        list: "review",
        filters: auditedFilters({
          ...rest,
          currency: amount?.currency,
          min: amount?.minMinor !== undefined ? minorToMajorString(amount.minMinor, amount.currency) : undefined,
          max: amount?.maxMinor !== undefined ? minorToMajorString(amount.maxMinor, amount.currency) : undefined,
        }),
      },
    },
    now,
  );
  const header = exportHeader<ReviewExportColumn>(REVIEW_EXPORT_COLUMNS, columnLabels(REVIEW_EXPORT_COLUMNS, t));
  const body = csvStream(header, async (cursor: Parameters<typeof reviewPage>[3]) => {
    const page = await reviewPage(db, actor, filters, cursor, pageSize);
    return {
      records: page.rows.map((r) => reviewExportRecord({ ...r, amountMinor: r.disputedAmountMinor, urgent: r.urgentFlag === 1 })).join(""),
      next: page.next,
    };
  });
  return { ok: true, fileName: `review-queue-${now.toISOString().slice(0, 10)}.csv`, body };
}
