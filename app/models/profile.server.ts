import { isPostgres, type DB } from "../../db/connection";
import type { ContactMethod, Locale } from "../../db/schema";
import type { DisputeHandling } from "~/domain/permissions";

export interface ProfileRow {
  email: string;
  preferredContact: ContactMethod;
  phone: string | null;
  locale: Locale | null;
}

export async function loadProfile(db: DB, userId: number): Promise<(ProfileRow & { displayName: string }) | undefined> {
  const row = await db
    .selectFrom("users")
    .select(["email", "preferred_contact", "phone", "locale", "display_name"])
    .where("id", "=", userId)
    .executeTakeFirst();
  return row
    ? { email: row.email, preferredContact: row.preferred_contact, phone: row.phone, locale: row.locale, displayName: row.display_name }
    : undefined;
}

export async function emailTakenByOther(db: DB, email: string, userId: number): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("email", "=", email).where("id", "!=", userId).executeTakeFirst();
  return row !== undefined;
}

export async function saveProfile(db: DB, userId: number, profile: ProfileRow): Promise<void> {
  await db
    .updateTable("users")
    .set({ email: profile.email, preferred_contact: profile.preferredContact, phone: profile.phone, locale: profile.locale })
    .where("id", "=", userId)
    .execute();
}

export interface CompanyDetails {
  legalName: string;
  address: string;
  vatId: string | null;
  disputeHandling: DisputeHandling;
}

export async function loadCompany(db: DB, organisationId: number): Promise<CompanyDetails | undefined> {
  const row = await db
    .selectFrom("organisations")
    .select(["legal_name", "address", "vat_id", "dispute_handling"])
    .where("id", "=", organisationId)
    .executeTakeFirst();
  return row ? { legalName: row.legal_name, address: row.address, vatId: row.vat_id, disputeHandling: row.dispute_handling } : undefined;
}

/** What the page frame shows of the signed-in user's organisation. */
export async function organisationHeader(
  db: DB,
  organisationId: number,
): Promise<{ name: string; disputeHandling: DisputeHandling } | undefined> {
  const row = await db.selectFrom("organisations").select(["name", "dispute_handling"]).where("id", "=", organisationId).executeTakeFirst();
  return row ? { name: row.name, disputeHandling: row.dispute_handling } : undefined;
}

export async function saveCompanyDetails(db: DB, organisationId: number, details: Omit<CompanyDetails, "disputeHandling">): Promise<void> {
  await db
    .updateTable("organisations")
    .set({ legal_name: details.legalName, address: details.address, vat_id: details.vatId })
    .where("id", "=", organisationId)
    .execute();
}

/**
 * The organisation's dispute handling as an answer is decided under, read inside the answer's
 * write transaction. On PostgreSQL the row is locked `for share`: a switch (which locks the row
 * `for update`, see lockOrganisationForHandlingChange) either waits for the answer to commit or
 * has committed and is what this reads. SQLite's one write lock serialises the two already.
 */
export async function disputeHandlingForAnswer(trx: DB, organisationId: number): Promise<DisputeHandling | undefined> {
  if (!trx.isTransaction) throw new Error("disputeHandlingForAnswer: call it inside the write transaction");
  const query = trx.selectFrom("organisations").select("dispute_handling").where("id", "=", organisationId);
  const row = await (isPostgres(trx) ? query.forShare() : query).executeTakeFirst();
  return row?.dispute_handling;
}

/** The switch of handling holds the organisation's row until it commits (answers read it `for share`). */
export async function lockOrganisationForHandlingChange(trx: DB, organisationId: number): Promise<void> {
  if (!trx.isTransaction) throw new Error("lockOrganisationForHandlingChange: call it inside the write transaction");
  if (!isPostgres(trx)) return;
  await trx.selectFrom("organisations").select("id").where("id", "=", organisationId).forUpdate().execute();
}

export async function saveDisputeHandling(db: DB, organisationId: number, handling: DisputeHandling): Promise<void> {
  await db.updateTable("organisations").set({ dispute_handling: handling }).where("id", "=", organisationId).execute();
}

// Wrong current passwords on the password form are counted like failed sign-ins (same table,
// their own key), so a borrowed session cannot be used to guess the password.
export function passwordChangeThrottleKey(userId: number): string {
  return `password-change:${userId}`;
}
