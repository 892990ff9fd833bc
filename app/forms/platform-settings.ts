import { z } from "zod";
import { parseMajorToMinor } from "~/domain/money";
import { isWithinBounds, type SettingName } from "~/domain/settings";

// The admin's settings form (/admin/settings); the same schema checks in the browser and on the server.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

function wholeNumber(name: SettingName) {
  return text.pipe(
    z
      .string()
      .trim()
      .regex(/^\d{1,9}$/, "admin.settings.error.range")
      .transform(Number)
      .refine((v) => isWithinBounds(name, v), "admin.settings.error.range"),
  );
}

/** The fee is typed in major units with two decimals ("2.50") and kept in minor units (250). */
const fee = text.pipe(
  z
    .string()
    .trim()
    .transform((v) => parseMajorToMinor(v, "EUR") ?? -1)
    .refine((v) => isWithinBounds("paperStatementFeeMinor", v), "admin.settings.error.fee"),
);

export const platformSettingsSchema = z.object({
  inquiryDeadlineDays: wholeNumber("inquiryDeadlineDays"),
  chargebackDeadlineDays: wholeNumber("chargebackDeadlineDays"),
  informationRequestDeadlineDays: wholeNumber("informationRequestDeadlineDays"),
  urgentWindowDays: wholeNumber("urgentWindowDays"),
  paperStatementFee: fee,
  attachmentMaxFileMib: wholeNumber("attachmentMaxFileMib"),
  attachmentMaxFiles: wholeNumber("attachmentMaxFiles"),
});

export type PlatformSettingsForm = z.output<typeof platformSettingsSchema>;
