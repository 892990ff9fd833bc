import type { DB } from "../../db/connection";
import {
  emptyStatistics,
  monthsBetween,
  parsePeriod,
  parseSort,
  periodMonths,
  periodParam,
  recentMonths,
  sortLocations,
  totalsByCurrency,
  zoneOfAccounts,
  add,
  DEFAULT_PERIOD,
  type AnalyticsView,
  type LocationStatistics,
  type Statistics,
} from "~/domain/analytics";
import type { Actor } from "~/domain/permissions";
import { statisticsByAccount, statisticsByMonth, statisticsByReason, visibleAccountZones } from "~/models/case-statistics.server";

// /overview's analytics for a period (SPEC 14): three reads of the monthly statistics rows (per
// month, reason code and account), at most accounts × months × reason codes rows each.

export type { AnalyticsView };

export interface AnalyticsQuery {
  period: string | null;
  sort: string | null;
  dir: string | null;
}

export async function loadAnalytics(db: DB, actor: Actor, now: Date, query: AnalyticsQuery): Promise<AnalyticsView> {
  const parsed = parsePeriod(query.period);
  const period = parsed ?? DEFAULT_PERIOD;
  const { sort, dir, valid } = parseSort(query.sort, query.dir);
  const zone = zoneOfAccounts(await visibleAccountZones(db, actor));
  const { from, to } = periodMonths(period, now, zone);
  const [byMonth, byReason, byAccount] = await Promise.all([
    statisticsByMonth(db, actor, from, to),
    statisticsByReason(db, actor, from, to),
    statisticsByAccount(db, actor, from, to),
  ]);
  const monthTotals = new Map<string, Statistics>();
  for (const r of byMonth) monthTotals.set(r.month, add(monthTotals.get(r.month) ?? emptyStatistics(), r.statistics));
  const reasonTotals = new Map<string, Statistics>();
  for (const r of byReason) reasonTotals.set(r.reasonCode, add(reasonTotals.get(r.reasonCode) ?? emptyStatistics(), r.statistics));
  const locations: LocationStatistics[] = byAccount.map((a) => ({
    accountId: a.accountId,
    accountName: a.accountName,
    merchantNumber: a.merchantNumber,
    currency: a.currency,
    statistics: a.statistics,
  }));
  return {
    period: periodParam(period),
    from,
    to,
    months: recentMonths(now, zone, 12),
    invalidPeriod: parsed === null,
    invalidSort: !valid,
    sort,
    dir,
    perMonth: monthsBetween(from, to).map((month) => {
      const s = monthTotals.get(month) ?? emptyStatistics();
      return { month, inquiries: s.inquiries, chargebacks: s.chargebacks };
    }),
    perReason: [...reasonTotals.entries()]
      .map(([reasonCode, statistics]) => ({ reasonCode, statistics }))
      .sort((a, b) => a.reasonCode.localeCompare(b.reasonCode, "en")),
    locations: sortLocations(locations, sort, dir),
    totals: [...totalsByCurrency(locations).entries()]
      .map(([currency, statistics]) => ({ currency, statistics }))
      .sort((a, b) => a.currency.localeCompare(b.currency, "en")),
    overall: [...monthTotals.values()].reduce(add, emptyStatistics()),
  };
}
