import { sql } from "kysely";
import { isPostgres, type DB } from "../../db/connection";
import type { Role } from "../../db/schema";
import type { OrgUserFacts } from "~/domain/org-users";

// The users of one organisation, for its org_admin (/settings/users). Every query is limited to
// the organisation the service passes: a user id from a form is looked up within it, never alone.

export interface OrgUserRow {
  id: number;
  username: string;
  displayName: string;
  email: string;
  role: Role;
  deactivatedAt: string | null;
  invitedAt: string | null;
  /** The accounts a location user works for. */
  accountIds: number[];
}

/** `%text%` for `like`, with the pattern's own wildcards escaped (`escape '\'`). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page in name order (name, then id), after the user `afterId` if given; search matches name,
 * username or email, ignoring case (lower() on both sides: `like` ignores case only in SQLite).
 * Reads one row more than the page, so the caller knows whether another page follows.
 */
export async function listOrganisationUsers(
  db: DB,
  organisationId: number,
  options: { search: string; afterId: number | null; limit: number },
): Promise<OrgUserRow[]> {
  const rows = await pageQuery(db, organisationId, options).execute();
  if (rows.length === 0) return [];
  const assigned = await db
    .selectFrom("user_accounts")
    .select(["user_id", "account_id"])
    .where(
      "user_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("account_id")
    .execute();
  return rows.map((r) => ({ ...r, accountIds: assigned.filter((a) => a.user_id === r.id).map((a) => a.account_id) }));
}

function pageQuery(db: DB, organisationId: number, options: { search: string; afterId: number | null; limit: number }) {
  let query = db
    .selectFrom("users")
    .select([
      "users.id",
      "users.username",
      "users.display_name as displayName",
      "users.email",
      "users.role",
      "users.deactivated_at as deactivatedAt",
      "users.invited_at as invitedAt",
    ])
    .where("users.organisation_id", "=", organisationId);
  if (options.search !== "") {
    const pattern = containsPattern(options.search);
    query = query.where(
      (eb) => sql<boolean>`(lower(${eb.ref("users.display_name")}) like ${pattern} escape '\\'
        or lower(${eb.ref("users.username")}) like ${pattern} escape '\\'
        or lower(${eb.ref("users.email")}) like ${pattern} escape '\\')`,
    );
  }
  if (options.afterId !== null) {
    const afterId = options.afterId;
    // The cursor is the last row's id; its name is read here, so a name with any character pages
    // correctly, and a cursor of another organisation's user matches nothing.
    const afterName = db
      .selectFrom("users as last")
      .select("last.display_name")
      .where("last.id", "=", afterId)
      .where("last.organisation_id", "=", organisationId);
    // A row-value comparison (both engines), so a later page is an index range from the cursor on.
    query = query.where((eb) => eb(eb.refTuple("users.display_name", "users.id"), ">", eb.tuple(afterName, afterId)));
  }
  return query.orderBy("users.display_name").orderBy("users.id").limit(options.limit);
}

export async function countOrganisationUsers(db: DB, organisationId: number): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organisation_id", "=", organisationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function organisationAccounts(db: DB, organisationId: number) {
  return db
    .selectFrom("accounts")
    .select(["id", "name", "merchant_number as merchantNumber"])
    .where("organisation_id", "=", organisationId)
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export async function organisationAccountIds(db: DB, organisationId: number): Promise<number[]> {
  const rows = await db.selectFrom("accounts").select("id").where("organisation_id", "=", organisationId).execute();
  return rows.map((r) => r.id);
}

export type OrgUserDetail = OrgUserFacts & Omit<OrgUserRow, "role">;

/**
 * One user of the organisation with their accounts, or undefined (another organisation's user
 * does not exist here). `lock`: inside a write's transaction on PostgreSQL the row is locked
 * until it commits (on SQLite the transaction holds the database's write lock already).
 */
export async function findOrganisationUser(
  db: DB,
  organisationId: number,
  userId: number,
  options: { lock?: boolean } = {},
): Promise<OrgUserDetail | undefined> {
  let query = db
    .selectFrom("users")
    .select([
      "id",
      "username",
      "display_name as displayName",
      "email",
      "role",
      "organisation_id as organisationId",
      "deactivated_at as deactivatedAt",
      "invited_at as invitedAt",
    ])
    .where("id", "=", userId)
    .where("organisation_id", "=", organisationId);
  if (options.lock && isPostgres(db)) query = query.forUpdate();
  const user = await query.executeTakeFirst();
  if (!user) return undefined;
  const accounts = await db.selectFrom("user_accounts").select("account_id").where("user_id", "=", userId).orderBy("account_id").execute();
  return {
    ...user,
    active: user.deactivatedAt === null,
    invited: user.invitedAt !== null,
    accountIds: accounts.map((a) => a.account_id),
  };
}

/**
 * The organisation's active org_admins, counted inside the caller's write transaction. On
 * PostgreSQL their rows are locked (FOR UPDATE): a second transaction demoting another of them
 * waits here until the first commits and then counts what it left, so two admins demoting each
 * other at once cannot both succeed. On SQLite the transaction's write lock does the same.
 */
export async function countActiveOrgAdmins(trx: DB, organisationId: number): Promise<number> {
  let query = trx
    .selectFrom("users")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("role", "=", "org_admin")
    .where("deactivated_at", "is", null);
  if (isPostgres(trx)) query = query.orderBy("id").forUpdate();
  return (await query.execute()).length;
}

/** The new role and, for a location user, the accounts they work for (the old ones are dropped). */
export async function saveUserAccess(trx: DB, userId: number, role: Role, accountIds: readonly number[]): Promise<void> {
  await trx.updateTable("users").set({ role }).where("id", "=", userId).execute();
  await trx.deleteFrom("user_accounts").where("user_id", "=", userId).execute();
  for (const accountId of new Set(accountIds))
    await trx.insertInto("user_accounts").values({ user_id: userId, account_id: accountId }).execute();
}

export async function markInvited(trx: DB, userId: number, now: Date): Promise<void> {
  await trx.updateTable("users").set({ invited_at: now.toISOString() }).where("id", "=", userId).execute();
}

/** Which of these usernames exist already. */
export async function existingUsernames(db: DB, candidates: readonly string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const rows = await db.selectFrom("users").select("username").where("username", "in", candidates).execute();
  return new Set(rows.map((r) => r.username));
}

export function organisationName(db: DB, organisationId: number) {
  return db.selectFrom("organisations").select("name").where("id", "=", organisationId).executeTakeFirst();
}
