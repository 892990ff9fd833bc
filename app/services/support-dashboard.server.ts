import type { DB } from "../../db/connection";
import { buildDashboard, parsePeriod, type Dashboard, type PeriodError } from "~/domain/support-dashboard";
import type { Actor } from "~/domain/permissions";
import { isTier, type Tier } from "~/domain/support-request";
import { refused, type ServiceResult } from "./result";

// The desk's dashboard (issue 14 item 5): the requests received in a period, read once and
// summed in TypeScript, so the medians need no engine-specific SQL (the period is at most a year).

export type DashboardPage =
  { ok: true; from: string; to: string; dashboard: Dashboard } | { ok: false; from: string; to: string; errors: PeriodError[] };

export async function loadSupportDashboard(
  db: DB,
  actor: Actor,
  query: { from: string | null; to: string | null },
  now: Date,
): Promise<ServiceResult<{ page: DashboardPage }>> {
  if (actor.role !== "support") return refused(403, [{ field: "form", key: "error.forbidden" }]);
  const parsed = parsePeriod(query, now);
  if (!parsed.ok) return { ok: true, page: { ok: false, from: parsed.from, to: parsed.to, errors: parsed.errors } };
  const { period } = parsed;
  const rows = await db
    .selectFrom("support_requests")
    .select([
      "category",
      "tier",
      "received_at",
      "first_response_at",
      "solved_at",
      "acknowledge_breached_at",
      "resolve_breached_at",
      "rating",
    ])
    .where("received_at", ">=", period.start.toISOString())
    .where("received_at", "<", period.end.toISOString())
    .execute();
  const dashboard = buildDashboard(
    rows.map((r) => ({
      category: r.category,
      tier: (isTier(Number(r.tier)) ? Number(r.tier) : 1) as Tier,
      receivedAt: new Date(r.received_at),
      firstResponseAt: r.first_response_at ? new Date(r.first_response_at) : null,
      solvedAt: r.solved_at ? new Date(r.solved_at) : null,
      acknowledgeBreached: r.acknowledge_breached_at !== null,
      resolveBreached: r.resolve_breached_at !== null,
      rating: r.rating === null ? null : Number(r.rating),
    })),
  );
  return { ok: true, page: { ok: true, from: period.from, to: period.to, dashboard } };
}
