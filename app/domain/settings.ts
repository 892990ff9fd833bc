import { DEFAULT_DEADLINE_DAYS, URGENT_WINDOW_DAYS } from "./deadlines";

// The platform settings an admin may change (SPEC 3.4, 3.5, 6): one place for their stored keys,
// defaults and bounds. Values are stored as text in the `settings` table; a missing or unreadable
// row means the default.

export interface SettingDefinition {
  key: string;
  defaultValue: number;
  min: number;
  max: number;
}

export const PLATFORM_SETTINGS = {
  inquiryDeadlineDays: { key: "deadline_days.inquiry", defaultValue: DEFAULT_DEADLINE_DAYS.inquiry, min: 1, max: 90 },
  chargebackDeadlineDays: { key: "deadline_days.chargeback", defaultValue: DEFAULT_DEADLINE_DAYS.chargeback, min: 1, max: 90 },
  informationRequestDeadlineDays: {
    key: "deadline_days.information_request",
    defaultValue: DEFAULT_DEADLINE_DAYS.information_request,
    min: 1,
    max: 90,
  },
  // 0: only cases an analyst flagged are urgent.
  urgentWindowDays: { key: "urgent_window_days", defaultValue: URGENT_WINDOW_DAYS, min: 0, max: 30 },
  // Minor units, charged as the same number in each account's currency (250: EUR 2.50 or USD 2.50).
  paperStatementFeeMinor: { key: "paper_statement_fee_minor", defaultValue: 250, min: 0, max: 100_000 },
  attachmentMaxFileMib: { key: "attachment_max_file_mib", defaultValue: 10, min: 1, max: 50 },
  // At most 10: the response form has ten file rows.
  attachmentMaxFiles: { key: "attachment_max_files", defaultValue: 10, min: 1, max: 10 },
} as const satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof PLATFORM_SETTINGS;
export type PlatformSettings = Record<SettingName, number>;

export const SETTING_NAMES = Object.keys(PLATFORM_SETTINGS) as SettingName[];

/** The setting holding the days to respond for a case type (and for a request for information). */
export function deadlineDaysSetting(kind: keyof typeof DEFAULT_DEADLINE_DAYS): SettingDefinition {
  if (kind === "inquiry") return PLATFORM_SETTINGS.inquiryDeadlineDays;
  if (kind === "chargeback") return PLATFORM_SETTINGS.chargebackDeadlineDays;
  return PLATFORM_SETTINGS.informationRequestDeadlineDays;
}

export function isWithinBounds(name: SettingName, value: number): boolean {
  const { min, max } = PLATFORM_SETTINGS[name];
  return Number.isSafeInteger(value) && value >= min && value <= max;
}

/** A stored text as the setting's value, or null when it is not a whole number within bounds. */
export function parseStoredSetting(name: SettingName, stored: string | null | undefined): number | null {
  if (stored === null || stored === undefined || !/^\d{1,9}$/.test(stored.trim())) return null;
  const value = Number(stored.trim());
  return isWithinBounds(name, value) ? value : null;
}

/** Every setting from the stored rows: unknown keys ignored, missing or broken values → defaults. */
export function settingsFromRows(rows: ReadonlyArray<{ key: string; value: string }>): PlatformSettings {
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const result = {} as PlatformSettings;
  for (const name of SETTING_NAMES) {
    result[name] = parseStoredSetting(name, stored.get(PLATFORM_SETTINGS[name].key)) ?? PLATFORM_SETTINGS[name].defaultValue;
  }
  return result;
}

export interface SettingChange {
  name: SettingName;
  key: string;
  oldValue: number;
  newValue: number;
}

/** What differs between the current and the wanted settings, in the order of PLATFORM_SETTINGS. */
export function settingChanges(current: PlatformSettings, wanted: Partial<PlatformSettings>): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const name of SETTING_NAMES) {
    const next = wanted[name];
    if (next === undefined || next === current[name]) continue;
    if (!isWithinBounds(name, next)) throw new RangeError(`Setting ${name} out of bounds: ${next}`);
    changes.push({ name, key: PLATFORM_SETTINGS[name].key, oldValue: current[name], newValue: next });
  }
  return changes;
}

export const MIB = 1024 * 1024;

export interface AttachmentLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export function attachmentLimits(settings: Pick<PlatformSettings, "attachmentMaxFileMib" | "attachmentMaxFiles">): AttachmentLimits {
  return { maxFileBytes: settings.attachmentMaxFileMib * MIB, maxFiles: settings.attachmentMaxFiles };
}
