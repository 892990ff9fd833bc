import { z } from "zod";
import { MAX_IDENTIFIER_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/domain/sign-in";
import { LOCALES } from "~/i18n";

// The same schemas check the forms in the browser (react-hook-form) and again on the server.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

export const CONTACT_METHODS = ["email", "phone", "post", "secure_message"] as const;
/** "auto" follows the browser (Accept-Language); otherwise one of the interface languages. */
export const LANGUAGE_CHOICES = ["auto", ...LOCALES] as const;
/** Digits with the usual separators and an optional leading +; 6 to 20 digits in all. */
const PHONE = /^\+?[0-9][0-9 ()/.-]{4,38}$/;

export const profileSchema = z
  .object({
    email: text.pipe(
      z.string().trim().toLowerCase().max(MAX_IDENTIFIER_LENGTH, "settings.error.email").pipe(z.email("settings.error.email")),
    ),
    preferredContact: text.pipe(z.enum(CONTACT_METHODS, { error: "settings.error.contact" })),
    phone: text.pipe(
      z
        .string()
        .trim()
        .max(40, "settings.error.phone")
        .refine(
          (v) => v === "" || (PHONE.test(v) && (v.match(/[0-9]/g)?.length ?? 0) >= 6 && (v.match(/[0-9]/g)?.length ?? 0) <= 20),
          "settings.error.phone",
        ),
    ),
    language: text.pipe(z.enum(LANGUAGE_CHOICES, { error: "settings.error.language" })),
  })
  .refine((v) => v.preferredContact !== "phone" || v.phone !== "", { path: ["phone"], message: "settings.error.phoneRequired" });

export const passwordSchema = z
  .object({
    currentPassword: text.pipe(z.string().min(1, "settings.error.currentRequired").max(MAX_PASSWORD_LENGTH, "password.error.tooLong")),
    newPassword: text.pipe(
      z.string().min(MIN_PASSWORD_LENGTH, "password.error.tooShort").max(MAX_PASSWORD_LENGTH, "password.error.tooLong"),
    ),
    confirm: text,
  })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], message: "password.error.mismatch" });

/** VAT identification numbers: a two-letter country prefix and 2–13 letters or digits, spaces ignored. */
const VAT_ID = /^[A-Z]{2}[A-Z0-9+*.]{2,13}$/;

export const companySchema = z.object({
  intent: z.literal("details"),
  legalName: text.pipe(z.string().trim().min(2, "settings.error.legalName").max(200, "settings.error.legalName")),
  address: text.pipe(z.string().trim().min(5, "settings.error.address").max(500, "settings.error.address")),
  vatId: text.pipe(
    z
      .string()
      .transform((v) => v.replace(/\s+/g, "").toUpperCase())
      .refine((v) => v === "" || VAT_ID.test(v), "settings.error.vatId"),
  ),
});

export const handlingSchema = z.object({
  intent: z.literal("handling"),
  handling: text.pipe(z.enum(["central", "local"], { error: "settings.error.handling" })),
});
