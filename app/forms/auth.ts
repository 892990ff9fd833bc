import { z } from "zod";
import { MAX_IDENTIFIER_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/domain/sign-in";

// Anything not a string (a file, a missing field) reads as empty: the message then says what to type.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

export const loginSchema = z.object({
  username: text.pipe(z.string().trim().min(1, "login.error.required").max(MAX_IDENTIFIER_LENGTH, "login.error.tooLong")),
  password: text.pipe(z.string().min(1, "login.error.required").max(MAX_PASSWORD_LENGTH, "login.error.tooLong")),
  redirectTo: text.optional(),
});

export const forgotSchema = z.object({
  email: text.pipe(z.string().trim().max(MAX_IDENTIFIER_LENGTH, "forgot.error.email").pipe(z.email("forgot.error.email"))),
});

export const resetSchema = z
  .object({
    password: text.pipe(z.string().min(MIN_PASSWORD_LENGTH, "password.error.tooShort").max(MAX_PASSWORD_LENGTH, "password.error.tooLong")),
    confirm: text,
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "password.error.mismatch" });
