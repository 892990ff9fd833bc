import { z } from "zod";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { MAX_IDENTIFIER_LENGTH } from "~/domain/sign-in";

// The forms of /settings/users; the same schemas check in the browser and on the server. Accounts
// arrive as checkboxes: the server joins them (withAccountList in ./admin-users) before parsing.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

const accountIds = z.preprocess(
  (v): unknown => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? v.split(",") : []),
  z
    .array(z.unknown())
    .max(500, "users.error.foreignAccount")
    // One message for the whole group, on the field itself (not on "accounts.3").
    .refine((ids) => ids.every((id) => typeof id === "string" && /^\d{1,9}$/.test(id)), "users.error.foreignAccount")
    .transform((ids) => ids.map(Number)),
);

const role = text.pipe(z.enum(MERCHANT_ROLES, { error: "users.error.role" }));

/** A location user works for at least one account; the server checks they are the organisation's. */
const needsAccounts = (v: { role: string; accounts: number[] }) => v.role !== "location" || v.accounts.length > 0;

export const inviteSchema = z
  .object({
    displayName: text.pipe(z.string().trim().min(1, "users.error.displayName").max(100, "users.error.displayName")),
    email: text.pipe(z.string().trim().toLowerCase().max(MAX_IDENTIFIER_LENGTH, "users.error.email").pipe(z.email("users.error.email"))),
    role,
    accounts: accountIds,
  })
  .refine(needsAccounts, { path: ["accounts"], message: "users.error.accountsRequired" });

export const accessSchema = z
  .object({ role, accounts: accountIds })
  .refine(needsAccounts, { path: ["accounts"], message: "users.error.accountsRequired" });

/** ?q=…&after=… of the list; anything odd reads as "no search" / "first page". */
export function parseListQuery(url: URL): { search: string; afterId: number | null } {
  const search = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const after = url.searchParams.get("after") ?? "";
  return { search, afterId: /^\d{1,9}$/.test(after) && Number(after) > 0 ? Number(after) : null };
}

export function parseUserId(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : null;
}
