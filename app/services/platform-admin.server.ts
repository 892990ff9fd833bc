import type { DB } from "../../db/connection";
import { canOperatePlatform, type Actor } from "~/domain/permissions";
import { isCurrencyCode } from "~/domain/money";
import { DEFAULT_PAPER_STATEMENT_FEES, type PlatformSettings, type SettingChange, type WantedSettings } from "~/domain/settings";
import { recordAudit } from "~/models/audit.server";
import { latestJobRuns, type JobRun } from "~/models/job-run.server";
import { accountCurrencies, getPlatformSettings, updatePlatformSettings } from "~/models/settings.server";
import type { Clock } from "~/utils/clock.server";
import { runRecorded, type Job } from "./job-runs.server";
import { forbidden, refused, type ServiceResult } from "./result";

// The platform operator's pages: settings (/admin/settings) and background jobs (/admin/jobs).
// Anyone else gets a 403 refusal here, whatever the route checked.

const notOperator = () => forbidden("error.forbidden");

export interface PlatformSettingsView {
  settings: PlatformSettings;
  /** The currencies the page offers a paper-statement fee for: the defaults, those set, and every account currency. */
  feeCurrencies: string[];
  /** Account currencies without a fee: their paper statements charge none until one is set. */
  currenciesWithoutFee: string[];
}

export async function loadPlatformSettings(db: DB, actor: Actor): Promise<ServiceResult<PlatformSettingsView>> {
  if (!canOperatePlatform(actor)) return notOperator();
  const [settings, inUse] = await Promise.all([getPlatformSettings(db), accountCurrencies(db)]);
  const known = inUse.filter(isCurrencyCode);
  const feeCurrencies = [
    ...new Set([...Object.keys(DEFAULT_PAPER_STATEMENT_FEES), ...Object.keys(settings.paperStatementFees), ...known]),
  ].sort();
  return {
    ok: true,
    settings,
    feeCurrencies,
    currenciesWithoutFee: known.filter((c) => !Object.hasOwn(settings.paperStatementFees, c)),
  };
}

export async function changePlatformSettings(
  db: DB,
  actor: Actor,
  wanted: WantedSettings,
  now: Date,
): Promise<ServiceResult<{ changes: SettingChange[] }>> {
  if (!canOperatePlatform(actor)) return notOperator();
  return { ok: true, changes: await updatePlatformSettings(db, actor.userId, wanted, now) };
}

export interface JobView {
  name: string;
  everyMs: number;
  lastRun: JobRun | null;
}

/** The jobs come from the caller (the scheduler's list), so services need nothing from app/jobs. */
export async function loadJobs(db: DB, actor: Actor, list: readonly Job[]): Promise<ServiceResult<{ jobs: JobView[] }>> {
  if (!canOperatePlatform(actor)) return notOperator();
  const latest = await latestJobRuns(db);
  return { ok: true, jobs: list.map((job) => ({ name: job.name, everyMs: job.everyMs, lastRun: latest.get(job.name) ?? null })) };
}

/** "Run now": the job once, with the system clock, recorded like a timer run and in the audit trail. */
export async function runJobNow(
  db: DB,
  actor: Actor,
  name: string,
  clock: Clock,
  list: readonly Job[],
): Promise<ServiceResult<{ succeeded: boolean }>> {
  if (!canOperatePlatform(actor)) return notOperator();
  const job = list.find((j) => j.name === name);
  if (!job) return refused(404, [{ field: "job", key: "error.notFound" }]);
  await recordAudit(db, { actorUserId: actor.userId, action: "job_run_requested", entityType: "job", entityId: job.name }, clock());
  const run = await runRecorded(db, job.name, clock, (now) => job.run(db, now));
  return { ok: true, succeeded: run.ok };
}
