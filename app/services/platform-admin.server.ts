import type { DB } from "../../db/connection";
import { canOperatePlatform, type Actor } from "~/domain/permissions";
import { isCurrencyCode } from "~/domain/money";
import { DEFAULT_PAPER_STATEMENT_FEES, type PlatformSettings, type SettingChange, type WantedSettings } from "~/domain/settings";
import { jobs, type Job } from "~/jobs/scheduler.server";
import { runRecorded } from "~/jobs/job-runs.server";
import { recordAudit } from "~/models/audit.server";
import { latestJobRuns, type JobRun } from "~/models/job-run.server";
import { accountCurrencies, getPlatformSettings, updatePlatformSettings } from "~/models/settings.server";
import type { Clock } from "~/utils/clock.server";

// The platform operator's pages: settings (/admin/settings) and background jobs (/admin/jobs).

function assertOperator(actor: Actor): void {
  if (!canOperatePlatform(actor)) throw new Error("admin: not a platform operator");
}

export interface PlatformSettingsView {
  settings: PlatformSettings;
  /** The currencies the page offers a paper-statement fee for: the defaults, those set, and every account currency. */
  feeCurrencies: string[];
  /** Account currencies without a fee: their paper statements charge none until one is set. */
  currenciesWithoutFee: string[];
}

export async function loadPlatformSettings(db: DB, actor: Actor): Promise<PlatformSettingsView> {
  assertOperator(actor);
  const [settings, inUse] = await Promise.all([getPlatformSettings(db), accountCurrencies(db)]);
  const known = inUse.filter(isCurrencyCode);
  const feeCurrencies = [
    ...new Set([...Object.keys(DEFAULT_PAPER_STATEMENT_FEES), ...Object.keys(settings.paperStatementFees), ...known]),
  ].sort();
  return { settings, feeCurrencies, currenciesWithoutFee: known.filter((c) => !Object.hasOwn(settings.paperStatementFees, c)) };
}

export async function changePlatformSettings(db: DB, actor: Actor, wanted: WantedSettings, now: Date): Promise<SettingChange[]> {
  assertOperator(actor);
  return updatePlatformSettings(db, actor.userId, wanted, now);
}

export interface JobView {
  name: string;
  everyMs: number;
  lastRun: JobRun | null;
}

export async function loadJobs(db: DB, actor: Actor, list: readonly Job[] = jobs): Promise<JobView[]> {
  assertOperator(actor);
  const latest = await latestJobRuns(db);
  return list.map((job) => ({ name: job.name, everyMs: job.everyMs, lastRun: latest.get(job.name) ?? null }));
}

export type RunNowResult = { ok: false; error: "not_found" } | { ok: true; succeeded: boolean };

/** "Run now": the job once, with the system clock, recorded like a timer run and in the audit trail. */
export async function runJobNow(db: DB, actor: Actor, name: string, clock: Clock, list: readonly Job[] = jobs): Promise<RunNowResult> {
  assertOperator(actor);
  const job = list.find((j) => j.name === name);
  if (!job) return { ok: false, error: "not_found" };
  await recordAudit(db, { actorUserId: actor.userId, action: "job_run_requested", entityType: "job", entityId: job.name }, clock());
  const run = await runRecorded(db, job.name, clock, (now) => job.run(db, now));
  return { ok: true, succeeded: run.ok };
}
