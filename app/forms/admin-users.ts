import { z } from "zod";
import { ALL_ROLES, isMerchantRole } from "~/domain/permissions";
import { USERNAME_PATTERN } from "~/domain/org-users";
import { MAX_IDENTIFIER_LENGTH } from "~/domain/sign-in";

// Creating a user on /admin/users; the same schema checks in the browser and on the server.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

/** Checkboxes named "accounts": an array in the browser, comma-joined ids from the server's form. */
const accountIds = z.preprocess(
  (v): unknown => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? v.split(",") : []),
  z
    .array(z.unknown())
    .max(200, "admin.users.error.accounts")
    // One message for the whole group, on the field itself (not on "accounts.3").
    .refine((ids) => ids.every((id) => typeof id === "string" && /^\d{1,9}$/.test(id)), "admin.users.error.accounts")
    .transform((ids) => ids.map(Number)),
);

export const USERNAME = USERNAME_PATTERN;

export const createUserSchema = z
  .object({
    username: text.pipe(z.string().trim().toLowerCase().regex(USERNAME, "admin.users.error.username")),
    email: text.pipe(
      z.string().trim().toLowerCase().max(MAX_IDENTIFIER_LENGTH, "admin.users.error.email").pipe(z.email("admin.users.error.email")),
    ),
    displayName: text.pipe(z.string().trim().min(1, "admin.users.error.displayName").max(100, "admin.users.error.displayName")),
    role: text.pipe(z.enum(ALL_ROLES, { error: "admin.users.error.role" })),
    organisationId: text.pipe(
      z
        .string()
        .regex(/^(\d{1,9})?$/, "admin.users.error.organisation")
        .transform((v) => (v === "" ? null : Number(v))),
    ),
    accounts: accountIds,
  })
  .refine((v) => isMerchantRole(v.role) === (v.organisationId !== null), {
    path: ["organisationId"],
    message: "admin.users.error.organisation",
  })
  .refine((v) => (v.role === "location") === v.accounts.length > 0, { path: ["accounts"], message: "admin.users.error.accounts" });

export type CreateUserInput = z.output<typeof createUserSchema>;

/** The server's view of a form with checkboxes: every checked value of `name`, joined by commas, as the schema expects. */
export function withJoinedList(formData: FormData, name: string): FormData {
  const copy = new FormData();
  for (const [key, value] of formData) if (key !== name) copy.append(key, value);
  copy.set(
    name,
    formData
      .getAll(name)
      .filter((v): v is string => typeof v === "string")
      .join(","),
  );
  return copy;
}

/** Every checked account, joined. */
export function withAccountList(formData: FormData): FormData {
  return withJoinedList(formData, "accounts");
}

/** The Deactivate / Reactivate buttons in the user list. */
export const userActiveSchema = z.object({
  intent: z.enum(["deactivate", "reactivate"]),
  userId: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});
