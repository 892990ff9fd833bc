import type { DB } from "../../db/connection";
import { accountScope, type Actor } from "~/domain/permissions";
import { accountVisibleTo } from "./scope.server";

export interface AccountSummary {
  id: number;
  organisationId: number;
  organisationName: string;
  disputeHandling: "central" | "local";
  merchantNumber: string;
  name: string;
  address: string;
  timeZone: string;
  currency: string;
  paperless: boolean;
}

function baseQuery(db: DB) {
  return db
    .selectFrom("accounts")
    .innerJoin("organisations", "organisations.id", "accounts.organisation_id")
    .select([
      "accounts.id",
      "accounts.organisation_id as organisationId",
      "organisations.name as organisationName",
      "organisations.dispute_handling as disputeHandling",
      "accounts.merchant_number as merchantNumber",
      "accounts.name",
      "accounts.address",
      "accounts.time_zone as timeZone",
      "accounts.currency",
      "accounts.paperless",
    ]);
}

function toSummary(row: Omit<AccountSummary, "paperless"> & { paperless: number }): AccountSummary {
  return { ...row, paperless: row.paperless === 1 };
}

export async function listVisibleAccounts(db: DB, actor: Actor): Promise<AccountSummary[]> {
  const rows = await baseQuery(db)
    .where(accountVisibleTo(actor, "accounts.id"))
    .orderBy("organisations.name")
    .orderBy("accounts.name")
    .execute();
  return rows.map(toSummary);
}

/**
 * The accounts an actor sees as choices for a filter: id, name and merchant number, by name. A
 * head office's are one walk of accounts_by_organisation_name, in that order.
 */
export async function listVisibleAccountChoices(db: DB, actor: Actor): Promise<{ id: number; name: string; merchantNumber: string }[]> {
  const scope = accountScope(actor);
  return db
    .selectFrom("accounts")
    .select(["accounts.id", "accounts.name", "accounts.merchant_number as merchantNumber"])
    .where((eb) =>
      scope.kind === "organisation" ? eb("accounts.organisation_id", "=", scope.organisationId) : accountVisibleTo(actor, "accounts.id"),
    )
    .orderBy("accounts.name")
    .orderBy("accounts.id")
    .execute();
}

/** One account, or null when it does not exist or the actor may not see it (callers answer 404 either way). */
export async function findVisibleAccount(db: DB, actor: Actor, accountId: number): Promise<AccountSummary | null> {
  const row = await baseQuery(db).where("accounts.id", "=", accountId).where(accountVisibleTo(actor, "accounts.id")).executeTakeFirst();
  return row ? toSummary(row) : null;
}
