import type { DB } from "../../db/connection";
import { isAuditKind, type AuditTrailAction } from "~/domain/audit";
import { AUDIT_EXPORT_COLUMNS, auditExportRecord, exportHeader, type AuditExportColumn } from "~/domain/list-export";
import { canManageOrganisation, type Actor } from "~/domain/permissions";
import { auditFilterSchema } from "~/forms/audit";
import { zodErrors } from "~/forms/validation";
import type { Translate } from "~/i18n";
import {
  decodeAuditCursor,
  encodeAuditCursor,
  findOrganisationUser,
  listAuditTrail,
  recordAudit,
  type AuditFilters,
  type AuditTrailRow,
} from "~/models/audit.server";
import { columnLabels, csvStream } from "./csv-stream.server";
import { forbidden, refused, type Problem, type ServiceResult } from "./result";

// /settings/audit (SPEC 14): an org_admin reads its organisation's trail, newest first, filtered by
// user, kind and period (calendar days in UTC: the trail has no account and so no local zone), and
// exports it as CSV with the same filters.

export const AUDIT_EXPORT_PAGE_SIZE = 1000;

export interface AuditTrailItem {
  id: number;
  at: string;
  kind: string;
  /** A kind this version of the portal names (older or newer rows may hold others). */
  knownKind: AuditTrailAction | null;
  actor: { username: string; name: string } | null;
  entityType: string;
  /** What the entry is about, for people: a username, an account name, a list; else type and id. */
  entity: string;
  details: string;
}

export interface AuditTrailView {
  rows: AuditTrailItem[];
  problems: Problem[];
  next: string | null;
  paged: boolean;
}

type Parsed = { ok: true; filters: AuditFilters } | { ok: false; problems: Problem[] };

function nextDay(day: string): string {
  return new Date(new Date(`${day}T00:00:00.000Z`).getTime() + 86_400_000).toISOString();
}

async function parseFilters(db: DB, actor: Actor, query: URLSearchParams): Promise<Parsed> {
  const raw = Object.fromEntries(["user", "kind", "from", "to"].map((k) => [k, query.get(k) ?? ""]));
  const parsed = auditFilterSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: Object.entries(zodErrors(parsed.error)).map(([field, key]) => ({ field, key })) };
  }
  const { user, kind, from, to } = parsed.data;
  const filters: AuditFilters = {};
  if (user !== "") {
    const found = await findOrganisationUser(db, actor, user);
    if (!found) return { ok: false, problems: [{ field: "user", key: "audit.error.user" }] };
    filters.userId = found.id;
  }
  if (kind !== "") filters.action = kind;
  if (from !== "") filters.from = `${from}T00:00:00.000Z`;
  if (to !== "") filters.until = nextDay(to);
  return { ok: true, filters };
}

function entityOf(r: AuditTrailRow): string {
  if (r.entityType === "user" && r.subjectUsername) return r.subjectUsername;
  if (r.entityType === "account" && r.accountName) return r.accountName;
  if (r.entityType === "export") return r.entityId;
  return `${r.entityType} ${r.entityId}`;
}

function itemOf(r: AuditTrailRow): AuditTrailItem {
  return {
    id: r.id,
    at: r.at,
    kind: r.action,
    knownKind: isAuditKind(r.action) ? r.action : null,
    actor: r.actorUsername ? { username: r.actorUsername, name: r.actorName ?? r.actorUsername } : null,
    entityType: r.entityType,
    entity: entityOf(r),
    details: r.details === "{}" ? "" : r.details,
  };
}

function mayRead(actor: Actor): boolean {
  return actor.organisationId !== null && canManageOrganisation(actor, actor.organisationId);
}

export async function loadAuditTrail(db: DB, actor: Actor, query: URLSearchParams): Promise<ServiceResult<AuditTrailView>> {
  if (!mayRead(actor)) return forbidden();
  const parsed = await parseFilters(db, actor, query);
  // Unreadable filters show their messages and no rows: never an unfiltered trail that looks filtered.
  if (!parsed.ok) return { ok: true, rows: [], problems: parsed.problems, next: null, paged: false };
  const cursor = decodeAuditCursor(query.get("cursor"));
  const page = await listAuditTrail(db, actor, parsed.filters, cursor);
  return {
    ok: true,
    rows: page.rows.map(itemOf),
    problems: [],
    next: page.next ? encodeAuditCursor(page.next) : null,
    paged: cursor !== null,
  };
}

export async function exportAuditTrail(
  db: DB,
  actor: Actor,
  query: URLSearchParams,
  now: Date,
  t: Translate,
  pageSize: number = AUDIT_EXPORT_PAGE_SIZE,
): Promise<ServiceResult<{ fileName: string; body: ReadableStream<Uint8Array> }>> {
  if (!mayRead(actor)) return forbidden();
  const parsed = await parseFilters(db, actor, query);
  if (!parsed.ok) return refused(400, parsed.problems);
  const filters = parsed.filters;
  const audited = Object.fromEntries(
    Object.entries({ user: query.get("user")?.trim() || undefined, ...filters }).filter(
      (e): e is [string, string | number] => e[1] !== undefined,
    ),
  );
  await recordAudit(
    db,
    {
      actorUserId: actor.userId,
      action: "list_exported",
      entityType: "export",
      entityId: "audit",
      details: { list: "audit", filters: audited },
    },
    now,
  );
  const labels = columnLabels<AuditExportColumn>(AUDIT_EXPORT_COLUMNS, t);
  const body = csvStream(exportHeader(AUDIT_EXPORT_COLUMNS, labels), async (cursor: Parameters<typeof listAuditTrail>[3]) => {
    const page = await listAuditTrail(db, actor, filters, cursor, pageSize);
    return {
      records: page.rows
        .map(itemOf)
        .map((r) =>
          auditExportRecord({
            at: r.at,
            user: r.actor?.username ?? "",
            kind: r.kind,
            entityType: r.entityType,
            entity: r.entity,
            details: r.details,
          }),
        )
        .join(""),
      next: page.next,
    };
  });
  return { ok: true, fileName: `audit-${now.toISOString().slice(0, 10)}.csv`, body };
}
