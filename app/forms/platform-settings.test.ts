import { describe, expect, it } from "vitest";
import { platformSettingsSchema } from "./platform-settings";

const valid = {
  inquiryDeadlineDays: "20",
  chargebackDeadlineDays: "20",
  informationRequestDeadlineDays: "10",
  urgentWindowDays: "3",
  paperStatementFee: "2.50",
  attachmentMaxFileMib: "10",
  attachmentMaxFiles: "10",
};

describe("platform settings form", () => {
  it("reads days as numbers and the fee in minor units", () => {
    expect(platformSettingsSchema.parse({ ...valid, paperStatementFee: "3,5" })).toEqual({
      inquiryDeadlineDays: 20,
      chargebackDeadlineDays: 20,
      informationRequestDeadlineDays: 10,
      urgentWindowDays: 3,
      paperStatementFee: 350,
      attachmentMaxFileMib: 10,
      attachmentMaxFiles: 10,
    });
    expect(platformSettingsSchema.parse({ ...valid, paperStatementFee: "0" }).paperStatementFee).toBe(0);
  });

  it("refuses out-of-range, fractional and malformed values with a message key", () => {
    for (const [field, value, message] of [
      ["inquiryDeadlineDays", "0", "admin.settings.error.range"],
      ["inquiryDeadlineDays", "91", "admin.settings.error.range"],
      ["chargebackDeadlineDays", "2.5", "admin.settings.error.range"],
      ["urgentWindowDays", "", "admin.settings.error.range"],
      ["attachmentMaxFiles", "11", "admin.settings.error.range"],
      ["paperStatementFee", "2.505", "admin.settings.error.fee"],
      ["paperStatementFee", "-1", "admin.settings.error.fee"],
      ["paperStatementFee", "1000.01", "admin.settings.error.fee"],
    ] as const) {
      const result = platformSettingsSchema.safeParse({ ...valid, [field]: value });
      expect(result.success, `${field}=${value}`).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ path: [field], message });
    }
  });
});
