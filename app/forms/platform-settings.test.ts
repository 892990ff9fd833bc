import { describe, expect, it } from "vitest";
import { platformSettingsSchema } from "./platform-settings";

const valid = {
  inquiryDeadlineDays: "20",
  chargebackDeadlineDays: "20",
  informationRequestDeadlineDays: "10",
  urgentWindowDays: "3",
  fee_EUR: "2.50",
  fee_JPY: "",
  fee_KWD: "0.250",
  newFeeCurrency: "",
  newFee: "",
  attachmentMaxFileMib: "10",
  attachmentMaxFiles: "10",
  reminderDays: "7, 3, 1",
};
const schema = platformSettingsSchema(["EUR", "JPY", "KWD"]);

describe("platform settings form", () => {
  it("reads days as numbers and each fee in its own currency's minor units; empty is no fee", () => {
    expect(schema.parse({ ...valid, fee_EUR: "3,5", fee_JPY: "250" })).toEqual({
      inquiryDeadlineDays: 20,
      chargebackDeadlineDays: 20,
      informationRequestDeadlineDays: 10,
      urgentWindowDays: 3,
      paperStatementFees: { EUR: 350, JPY: 250, KWD: 250 },
      attachmentMaxFileMib: 10,
      attachmentMaxFiles: 10,
      reminderDays: [7, 3, 1],
    });
    expect(schema.parse({ ...valid, fee_EUR: "0" }).paperStatementFees).toEqual({ EUR: 0, JPY: null, KWD: 250 });
    expect(schema.parse({ ...valid, fee_EUR: "" }).paperStatementFees.EUR).toBeNull();
  });

  it("adds a fee for another currency", () => {
    expect(schema.parse({ ...valid, newFeeCurrency: "chf", newFee: "2.20" }).paperStatementFees).toEqual({
      EUR: 250,
      JPY: null,
      KWD: 250,
      CHF: 220,
    });
  });

  it("refuses out-of-range, fractional and malformed values with a message key", () => {
    for (const [field, value, message] of [
      ["inquiryDeadlineDays", "0", "admin.settings.error.range"],
      ["inquiryDeadlineDays", "91", "admin.settings.error.range"],
      ["chargebackDeadlineDays", "2.5", "admin.settings.error.range"],
      ["urgentWindowDays", "", "admin.settings.error.range"],
      ["attachmentMaxFiles", "11", "admin.settings.error.range"],
      ["fee_EUR", "2.505", "admin.settings.error.fee"],
      ["fee_EUR", "-1", "admin.settings.error.fee"],
      ["fee_JPY", "2.5", "admin.settings.error.fee"],
      ["fee_KWD", "1.250", "money.error.ambiguousGrouping"],
      ["fee_EUR", "10000000000", "admin.settings.error.fee"],
      ["reminderDays", "", "admin.settings.reminderDays.error.empty"],
      ["reminderDays", "7, 7", "admin.settings.reminderDays.error.duplicate"],
    ] as const) {
      const result = schema.safeParse({ ...valid, [field]: value });
      expect(result.success, `${field}=${value}`).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ path: [field], message });
    }
    for (const [fields, path, message] of [
      [{ newFeeCurrency: "XYZ", newFee: "1" }, "newFeeCurrency", "admin.settings.error.currency"],
      [{ newFeeCurrency: "CHF", newFee: "" }, "newFee", "admin.settings.error.fee"],
      [{ newFeeCurrency: "", newFee: "2.00" }, "newFeeCurrency", "admin.settings.error.currency"],
      [{ newFeeCurrency: "BHD", newFee: "1.500" }, "newFee", "money.error.ambiguousGrouping"],
    ] as const) {
      const result = schema.safeParse({ ...valid, ...fields });
      expect(result.success, JSON.stringify(fields)).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ path: [path], message });
    }
  });
});
