import { z } from "zod";
import { isCurrencyCode, parseMajorAmount } from "~/domain/money";
import { parseReminderDays } from "~/domain/reminders";
import { isValidPaperStatementFee, isWithinBounds, type SettingName } from "~/domain/settings";

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

/** The form field of one currency's paper-statement fee. */
export const feeField = (currency: string) => `fee_${currency}`;
const FEE_FIELD = /^fee_([A-Z]{3})$/;

/** The currencies whose fee fields were posted (the form lists them; unknown codes are ignored). */
export function feeCurrenciesPosted(formData: FormData): string[] {
  const currencies = new Set<string>();
  for (const key of formData.keys()) {
    const code = FEE_FIELD.exec(key)?.[1];
    if (code && isCurrencyCode(code)) currencies.add(code);
  }
  return [...currencies].sort();
}

type FeeProblem = "admin.settings.error.fee" | "money.error.ambiguousGrouping";

/** A fee typed in the currency's major units ("2.50", "250" yen, "0.250" dinar); empty: no fee. */
function readFee(value: string, currency: string): { ok: true; minor: number | null } | { ok: false; problem: FeeProblem } {
  if (value === "") return { ok: true, minor: null };
  const parsed = parseMajorAmount(value, currency);
  if (parsed.ok)
    return isValidPaperStatementFee(parsed.minor) ? { ok: true, minor: parsed.minor } : { ok: false, problem: "admin.settings.error.fee" };
  return { ok: false, problem: parsed.reason === "ambiguous_grouping" ? "money.error.ambiguousGrouping" : "admin.settings.error.fee" };
}

function feeAmount(currency: string) {
  return text.pipe(
    z
      .string()
      .trim()
      .transform((value, ctx) => {
        const fee = readFee(value, currency);
        if (fee.ok) return fee.minor;
        ctx.addIssue({ code: "custom", message: fee.problem });
        return z.NEVER;
      }),
  );
}

/** "7, 3, 1": distinct positive whole days, at most five (app/domain/reminders.ts). */
const reminderDays = text.pipe(
  z.string().transform((value, ctx) => {
    const parsed = parseReminderDays(value);
    if (parsed.ok) return parsed.days;
    ctx.addIssue({ code: "custom", message: `admin.settings.reminderDays.error.${parsed.problem}` });
    return z.NEVER;
  }),
);

const numbers = {
  inquiryDeadlineDays: wholeNumber("inquiryDeadlineDays"),
  chargebackDeadlineDays: wholeNumber("chargebackDeadlineDays"),
  informationRequestDeadlineDays: wholeNumber("informationRequestDeadlineDays"),
  urgentWindowDays: wholeNumber("urgentWindowDays"),
  attachmentMaxFileMib: wholeNumber("attachmentMaxFileMib"),
  attachmentMaxFiles: wholeNumber("attachmentMaxFiles"),
};

/**
 * The form for the fee currencies it shows: one fee field per currency (empty = no fee in that
 * currency), and a pair to add a currency (`newFeeCurrency`, `newFee`).
 */
export function platformSettingsSchema(feeCurrencies: readonly string[]) {
  const fees = Object.fromEntries(feeCurrencies.map((c) => [feeField(c), feeAmount(c)]));
  return z
    .object({
      ...numbers,
      reminderDays,
      ...fees,
      newFeeCurrency: text.pipe(z.string().trim().toUpperCase()),
      newFee: text.pipe(z.string().trim()),
    })
    .transform((form, ctx) => {
      const paperStatementFees: Record<string, number | null> = {};
      const read = form as unknown as Record<string, number | null>;
      for (const currency of feeCurrencies) paperStatementFees[currency] = read[feeField(currency)] ?? null;
      if (form.newFeeCurrency !== "" || form.newFee !== "") {
        if (!isCurrencyCode(form.newFeeCurrency)) {
          ctx.addIssue({ code: "custom", path: ["newFeeCurrency"], message: "admin.settings.error.currency" });
        } else {
          const fee = readFee(form.newFee, form.newFeeCurrency);
          if (!fee.ok) ctx.addIssue({ code: "custom", path: ["newFee"], message: fee.problem });
          else if (fee.minor === null) ctx.addIssue({ code: "custom", path: ["newFee"], message: "admin.settings.error.fee" });
          else paperStatementFees[form.newFeeCurrency] = fee.minor;
        }
      }
      return {
        inquiryDeadlineDays: form.inquiryDeadlineDays,
        chargebackDeadlineDays: form.chargebackDeadlineDays,
        informationRequestDeadlineDays: form.informationRequestDeadlineDays,
        urgentWindowDays: form.urgentWindowDays,
        attachmentMaxFileMib: form.attachmentMaxFileMib,
        attachmentMaxFiles: form.attachmentMaxFiles,
        reminderDays: form.reminderDays,
        paperStatementFees,
      };
    });
}

export type PlatformSettingsForm = z.output<ReturnType<typeof platformSettingsSchema>>;
