import { describe, expect, it } from "vitest";
import {
  attachmentLimits,
  deadlineDaysSetting,
  isWithinBounds,
  MIB,
  paperStatementFeeFor,
  paperStatementFeeKey,
  parseStoredSetting,
  PLATFORM_SETTINGS,
  SETTING_NAMES,
  settingChanges,
  settingsFromRows,
} from "./settings";

const defaults = settingsFromRows([]);

describe("platform settings", () => {
  it("defaults follow the SPEC: 20/20/10 days, urgent within 3, fees EUR 2.50, USD 2.50, GBP 2.00, 10 MiB and 10 files", () => {
    expect(defaults).toEqual({
      inquiryDeadlineDays: 20,
      chargebackDeadlineDays: 20,
      informationRequestDeadlineDays: 10,
      urgentWindowDays: 3,
      paperStatementFees: { EUR: 250, USD: 250, GBP: 200 },
      reminderDays: [7, 3, 1],
      attachmentMaxFileMib: 10,
      attachmentMaxFiles: 10,
    });
  });

  it("a paper-statement fee per currency: none for a currency nobody set, never another currency's number", () => {
    expect(paperStatementFeeFor(defaults.paperStatementFees, "EUR")).toBe(250);
    expect(paperStatementFeeFor(defaults.paperStatementFees, "GBP")).toBe(200);
    expect(paperStatementFeeFor(defaults.paperStatementFees, "JPY")).toBeNull();
    expect(paperStatementFeeFor(defaults.paperStatementFees, "KWD")).toBeNull();
    expect(paperStatementFeeFor(defaults.paperStatementFees, "toString")).toBeNull();
    const stored = settingsFromRows([
      { key: "paper_statement_fee_minor.JPY", value: "300" },
      { key: "paper_statement_fee_minor.GBP", value: "none" },
      { key: "paper_statement_fee_minor.KWD", value: "broken" },
      { key: "paper_statement_fee_minor.XYZ", value: "100" },
      { key: "paper_statement_fee_minor", value: "999" },
    ]);
    expect(stored.paperStatementFees).toEqual({ EUR: 250, USD: 250, JPY: 300 });
  });

  it("keeps the keys the existing readers used", () => {
    expect(deadlineDaysSetting("inquiry").key).toBe("deadline_days.inquiry");
    expect(deadlineDaysSetting("chargeback").key).toBe("deadline_days.chargeback");
    expect(deadlineDaysSetting("information_request").key).toBe("deadline_days.information_request");
    expect(PLATFORM_SETTINGS.urgentWindowDays.key).toBe("urgent_window_days");
    expect(paperStatementFeeKey("EUR")).toBe("paper_statement_fee_minor.EUR");
    expect(new Set(Object.values(PLATFORM_SETTINGS).map((s) => s.key)).size).toBe(SETTING_NAMES.length);
  });

  it("every default lies within its own bounds", () => {
    for (const name of SETTING_NAMES) expect(isWithinBounds(name, PLATFORM_SETTINGS[name].defaultValue)).toBe(true);
  });

  it("reads stored text: whole numbers within bounds only", () => {
    expect(parseStoredSetting("inquiryDeadlineDays", "30")).toBe(30);
    expect(parseStoredSetting("inquiryDeadlineDays", " 30 ")).toBe(30);
    expect(parseStoredSetting("inquiryDeadlineDays", "0")).toBeNull();
    expect(parseStoredSetting("inquiryDeadlineDays", "91")).toBeNull();
    expect(parseStoredSetting("inquiryDeadlineDays", "2.5")).toBeNull();
    expect(parseStoredSetting("inquiryDeadlineDays", "-1")).toBeNull();
    expect(parseStoredSetting("inquiryDeadlineDays", "1e1")).toBeNull();
    expect(parseStoredSetting("inquiryDeadlineDays", "")).toBeNull();
    expect(parseStoredSetting("inquiryDeadlineDays", undefined)).toBeNull();
    expect(parseStoredSetting("urgentWindowDays", "0")).toBe(0);
    expect(parseStoredSetting("attachmentMaxFiles", "11")).toBeNull();
  });

  it("fills missing or broken rows with defaults and ignores unknown keys", () => {
    const settings = settingsFromRows([
      { key: "deadline_days.inquiry", value: "25" },
      { key: "urgent_window_days", value: "many" },
      { key: "something_else", value: "7" },
    ]);
    expect(settings).toEqual({ ...defaults, inquiryDeadlineDays: 25 });
  });

  it("lists only what changes, with old and new values, and refuses values out of bounds", () => {
    expect(settingChanges(defaults, { ...defaults })).toEqual([]);
    expect(
      settingChanges(defaults, {
        inquiryDeadlineDays: 25,
        attachmentMaxFiles: 10,
        paperStatementFees: { USD: 300, EUR: 250, GBP: null, JPY: 300, CHF: null },
      }),
    ).toEqual([
      { name: "inquiryDeadlineDays", key: "deadline_days.inquiry", oldValue: 20, newValue: 25 },
      { name: "paperStatementFee", currency: "GBP", key: "paper_statement_fee_minor.GBP", oldValue: 200, newValue: null },
      { name: "paperStatementFee", currency: "JPY", key: "paper_statement_fee_minor.JPY", oldValue: null, newValue: 300 },
      { name: "paperStatementFee", currency: "USD", key: "paper_statement_fee_minor.USD", oldValue: 250, newValue: 300 },
    ]);
    expect(() => settingChanges(defaults, { paperStatementFees: { XYZ: 100 } })).toThrow(RangeError);
    expect(() => settingChanges(defaults, { paperStatementFees: { EUR: -1 } })).toThrow(RangeError);
    expect(() => settingChanges(defaults, { paperStatementFees: { EUR: 2.5 } })).toThrow(RangeError);
    expect(() => settingChanges(defaults, { attachmentMaxFiles: 0 })).toThrow(RangeError);
    expect(() => settingChanges(defaults, { inquiryDeadlineDays: 1.5 })).toThrow(RangeError);
  });

  it("turns MiB and file counts into upload limits", () => {
    expect(attachmentLimits({ attachmentMaxFileMib: 2, attachmentMaxFiles: 3 })).toEqual({ maxFileBytes: 2 * MIB, maxFiles: 3 });
  });
});
