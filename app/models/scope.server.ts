import { sql, type RawBuilder, type SqlBool } from "kysely";
import { accountScope, type Actor } from "~/domain/permissions";

/**
 * The WHERE clause that limits any query to the accounts an actor may see. Every query made for
 * a user goes through this, so an id taken from a URL or a form is never trusted on its own.
 * `accountIdColumn` names a column holding an accounts.id in the query (e.g. "cases.account_id").
 */
export function accountVisibleTo(actor: Actor, accountIdColumn: string): RawBuilder<SqlBool> {
  const scope = accountScope(actor);
  const column = sql.ref(accountIdColumn);
  switch (scope.kind) {
    case "all":
      return sql<SqlBool>`1 = 1`;
    case "none":
      return sql<SqlBool>`1 = 0`;
    case "accounts":
      return scope.accountIds.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${column} in (${sql.join(scope.accountIds)})`;
    case "organisation":
      return sql<SqlBool>`${column} in (select id from accounts where organisation_id = ${scope.organisationId})`;
  }
}

/**
 * The same limit for a table that carries both the account and its organisation (cases,
 * case_counts): a head office filters on the organisation, so its lists walk one index in their
 * sort order instead of an IN over hundreds of accounts.
 */
export function caseVisibleTo(actor: Actor, table: "cases" | "case_counts" | "case_statistics"): RawBuilder<SqlBool> {
  const scope = accountScope(actor);
  if (scope.kind === "organisation") return sql<SqlBool>`${sql.ref(`${table}.organisation_id`)} = ${scope.organisationId}`;
  return accountVisibleTo(actor, `${table}.account_id`);
}
