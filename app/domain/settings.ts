import { DEFAULT_DEADLINE_DAYS, URGENT_WINDOW_DAYS } from "./deadlines";
import { isCurrencyCode } from "./money";
import { DEFAULT_REMINDER_DAYS, isValidReminderDays, orderedStages, parseStoredReminderDays, storedReminderDays } from "./reminders";

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
  attachmentMaxFileMib: { key: "attachment_max_file_mib", defaultValue: 10, min: 1, max: 50 },
  // At most 10: the response form has ten file rows.
  attachmentMaxFiles: { key: "attachment_max_files", defaultValue: 10, min: 1, max: 10 },
} as const satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof PLATFORM_SETTINGS;
export type NumberSettings = Record<SettingName, number>;

// ---------------------------------------------------------------------------
// The paper-statement fee, one per currency (SPEC 6, issue 9 item 6): 2.50 EUR is not ¥250 or
// 0.250 KWD. Stored as `paper_statement_fee_minor.<code>` in that currency's minor units, or
// "none" where an admin removed a fee. A currency without a fee charges none.

/** Currency → fee in its minor units; only currencies that charge a fee are listed. */
export type PaperStatementFees = Readonly<Record<string, number>>;

export const DEFAULT_PAPER_STATEMENT_FEES: PaperStatementFees = { EUR: 250, USD: 250, GBP: 200 };
const FEE_KEY_PREFIX = "paper_statement_fee_minor.";
const NO_FEE = "none";
/** What the settings table holds as one text: nine digits at most. */
export const PAPER_STATEMENT_FEE_MAX_MINOR = 999_999_999;

export function paperStatementFeeKey(currency: string): string {
  return FEE_KEY_PREFIX + currency;
}

export function isPaperStatementFeeKey(key: string): boolean {
  return key.startsWith(FEE_KEY_PREFIX) && isCurrencyCode(key.slice(FEE_KEY_PREFIX.length));
}

/** The fee a statement in this currency charges, or null: no fee is set for it, so none is charged. */
export function paperStatementFeeFor(fees: PaperStatementFees, currency: string): number | null {
  return Object.hasOwn(fees, currency) ? (fees[currency] ?? null) : null;
}

export function isValidPaperStatementFee(value: number | null): boolean {
  return value === null || (Number.isSafeInteger(value) && value >= 0 && value <= PAPER_STATEMENT_FEE_MAX_MINOR);
}

// ---------------------------------------------------------------------------
// Staged reminders (SPEC 5): the days left at which a case's users are reminded, stored as
// "7,3,1" under one key (app/domain/reminders.ts reads and checks the list).
export const REMINDER_DAYS_KEY = "reminder_days";

export type PlatformSettings = NumberSettings & { paperStatementFees: PaperStatementFees; reminderDays: readonly number[] };

/** What an admin asks for: numbers, fees by currency where null removes a currency's fee, the reminder stages. */
export type WantedSettings = Partial<NumberSettings> & {
  paperStatementFees?: Readonly<Record<string, number | null>>;
  reminderDays?: readonly number[];
};

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
  const numbers = {} as NumberSettings;
  for (const name of SETTING_NAMES) {
    numbers[name] = parseStoredSetting(name, stored.get(PLATFORM_SETTINGS[name].key)) ?? PLATFORM_SETTINGS[name].defaultValue;
  }
  const fees: Record<string, number> = { ...DEFAULT_PAPER_STATEMENT_FEES };
  for (const { key, value } of rows) {
    if (!isPaperStatementFeeKey(key)) continue;
    const currency = key.slice(FEE_KEY_PREFIX.length);
    if (value.trim() === NO_FEE) delete fees[currency];
    else if (/^\d{1,9}$/.test(value.trim())) fees[currency] = Number(value.trim());
  }
  const reminderDays = parseStoredReminderDays(stored.get(REMINDER_DAYS_KEY)) ?? [...DEFAULT_REMINDER_DAYS];
  return { ...numbers, paperStatementFees: fees, reminderDays };
}

export interface SettingChange {
  /** The number setting, "paperStatementFee" with its currency, or the reminder stages. */
  name: SettingName | "paperStatementFee" | "reminderDays";
  currency?: string;
  key: string;
  /** null: no paper-statement fee in that currency; the reminder stages as their stored text ("7,3,1"). */
  oldValue: number | string | null;
  newValue: number | string | null;
}

/** The text a change stores. */
export function storedValue(change: SettingChange): string {
  return change.newValue === null ? NO_FEE : String(change.newValue);
}

/** What differs between the current and the wanted settings: numbers in the order of PLATFORM_SETTINGS, then fees by currency. */
export function settingChanges(current: PlatformSettings, wanted: WantedSettings): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const name of SETTING_NAMES) {
    const next = wanted[name];
    if (next === undefined || next === current[name]) continue;
    if (!isWithinBounds(name, next)) throw new RangeError(`Setting ${name} out of bounds: ${next}`);
    changes.push({ name, key: PLATFORM_SETTINGS[name].key, oldValue: current[name], newValue: next });
  }
  for (const currency of Object.keys(wanted.paperStatementFees ?? {}).sort()) {
    const next = wanted.paperStatementFees?.[currency] ?? null;
    if (!isCurrencyCode(currency)) throw new RangeError(`Paper-statement fee for an unknown currency: ${String(currency)}`);
    if (!isValidPaperStatementFee(next)) throw new RangeError(`Paper-statement fee out of bounds: ${next}`);
    const old = paperStatementFeeFor(current.paperStatementFees, currency);
    if (next === old) continue;
    changes.push({ name: "paperStatementFee", currency, key: paperStatementFeeKey(currency), oldValue: old, newValue: next });
  }
  if (wanted.reminderDays !== undefined) {
    if (!isValidReminderDays(wanted.reminderDays)) throw new RangeError(`Reminder days out of bounds: ${wanted.reminderDays.join(",")}`);
    const old = storedReminderDays(current.reminderDays);
    const next = storedReminderDays(orderedStages(wanted.reminderDays));
    if (next !== old) changes.push({ name: "reminderDays", key: REMINDER_DAYS_KEY, oldValue: old, newValue: next });
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
