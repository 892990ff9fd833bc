import type { DB } from "../../db/connection";
import {
  attachmentLimits,
  paperStatementFeeFor,
  paperStatementFeeKey,
  PLATFORM_SETTINGS,
  REMINDER_DAYS_KEY,
  settingChanges,
  settingsFromRows,
  storedValue,
  type AttachmentLimits,
  type PlatformSettings,
  type SettingChange,
  type SettingName,
  type WantedSettings,
} from "~/domain/settings";
import { recordAudit } from "./audit.server";

// The platform settings (table `settings`): read with their defaults, changed with an audit row.

const KEYS = [...Object.values(PLATFORM_SETTINGS).map((s) => s.key), REMINDER_DAYS_KEY];

export async function getPlatformSettings(db: DB): Promise<PlatformSettings> {
  const rows = await db
    .selectFrom("settings")
    .select(["key", "value"])
    .where((eb) => eb.or([eb("key", "in", KEYS), eb("key", "like", paperStatementFeeKey("%"))]))
    .execute();
  return settingsFromRows(rows);
}

/** The paper-statement fee for a statement in this currency, or null: none is set, so none is charged. */
export async function getPaperStatementFee(db: DB, currency: string): Promise<number | null> {
  return paperStatementFeeFor((await getPlatformSettings(db)).paperStatementFees, currency);
}

/** The currencies accounts settle in: each needs a paper-statement fee, or charges none. */
export async function accountCurrencies(db: DB): Promise<string[]> {
  const rows = await db.selectFrom("accounts").select("currency").distinct().orderBy("currency").execute();
  return rows.map((r) => r.currency);
}

export async function getAttachmentLimits(db: DB): Promise<AttachmentLimits> {
  return attachmentLimits(await getPlatformSettings(db));
}

/** The days left at which the deadline job reminds (SPEC 5), largest first. */
export async function getReminderDays(db: DB): Promise<readonly number[]> {
  return (await getPlatformSettings(db)).reminderDays;
}

/**
 * Writes the settings that differ from the stored ones, each with an audit row holding the old and
 * new value, in one transaction. Returns what changed (nothing when all were the same).
 */
export async function updatePlatformSettings(db: DB, actorUserId: number, wanted: WantedSettings, now: Date): Promise<SettingChange[]> {
  return db.transaction().execute(async (trx) => {
    const changes = settingChanges(await getPlatformSettings(trx), wanted);
    for (const change of changes) await writeSetting(trx, actorUserId, change, now);
    return changes;
  });
}

/** One setting, in a transaction with its audit row. */
export async function setPlatformSetting(
  db: DB,
  actorUserId: number,
  name: SettingName,
  value: number,
  now: Date,
): Promise<SettingChange | null> {
  const [change] = await updatePlatformSettings(db, actorUserId, { [name]: value }, now);
  return change ?? null;
}

async function writeSetting(trx: DB, actorUserId: number, change: SettingChange, now: Date): Promise<void> {
  const value = storedValue(change);
  await trx
    .insertInto("settings")
    .values({ key: change.key, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
  await recordAudit(
    trx,
    {
      actorUserId,
      action: "setting_changed",
      entityType: "setting",
      entityId: change.key,
      details: { old: change.oldValue, new: change.newValue },
    },
    now,
  );
}
