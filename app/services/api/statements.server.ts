import type { DB } from "../../../db/connection";
import type { Actor } from "~/domain/permissions";
import { parseId } from "~/forms/statements";
import { decodeStatementCursor, encodeStatementCursor, listVisibleStatements } from "~/models/statement.server";
import { refused, type Refused } from "../result";
import { loadStatementDocument, type StatementDocument } from "../statements.server";

// /api/v1/statements: the statements page's list and documents for the key's accounts. No rule
// lives here; another organisation's statement, or one outside the key's accounts, does not exist.

/** Newest month first; `account` narrows to one account, `cursor` is the nextCursor of the page before. */
export async function apiStatementList(db: DB, actor: Actor, query: URLSearchParams) {
  const accountText = query.get("account");
  const accountId = accountText === null || accountText === "" ? undefined : parseId(accountText);
  if (accountId === null) return refused(400, [{ field: "account", key: "api.error.account" }]);
  const { rows, next } = await listVisibleStatements(db, actor, { accountId, after: decodeStatementCursor(query.get("cursor")) });
  return { ok: true as const, body: { data: rows, nextCursor: next ? encodeStatementCursor(next) : null } };
}

export async function apiStatement(
  db: DB,
  actor: Actor,
  idText: string | undefined,
): Promise<{ ok: true; document: StatementDocument } | Refused> {
  const id = parseId(idText);
  const document = id === null ? null : await loadStatementDocument(db, actor, id);
  if (!document) return refused(404, [{ field: "form", key: "api.error.statementNotFound" }]);
  return { ok: true, document };
}
