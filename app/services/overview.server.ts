import type { DB } from "../../db/connection";
import type { Actor, DisputeHandling } from "~/domain/permissions";
import { overviewByAccount, type OverviewRow } from "~/models/case-list.server";
import { urgentWindowDays } from "~/models/case.server";
import { loadCompany } from "~/models/profile.server";

// The head office's /overview: one row per visible location (open, due soon, overdue, at risk,
// won and lost), the urgent window the "due soon" column counts, and the organisation's handling.

export type OverviewLocation = OverviewRow;

export interface OverviewView {
  rows: OverviewLocation[];
  windowDays: number;
  handling: DisputeHandling | null;
}

export async function loadOverview(db: DB, actor: Actor, now: Date): Promise<OverviewView> {
  const windowDays = await urgentWindowDays(db);
  const [rows, company] = await Promise.all([
    overviewByAccount(db, actor, now, windowDays),
    actor.organisationId === null ? undefined : loadCompany(db, actor.organisationId),
  ]);
  return { rows, windowDays, handling: company?.disputeHandling ?? null };
}
