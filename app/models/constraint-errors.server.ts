// What a database error says, read the same way on both engines.

/**
 * Whether `error` is a unique key refusing a second `table.column` value: SQLite says so in its
 * message ("UNIQUE constraint failed: users.email"), PostgreSQL with code 23505 and the key in
 * its detail ("Key (email)=(…) already exists.").
 */
export function isUniqueViolation(error: unknown, table: string, column: string): boolean {
  if (!(error instanceof Error)) return false;
  const pg = error as Error & { code?: unknown; table?: unknown; detail?: unknown };
  if (pg.code === "23505") return pg.table === table && typeof pg.detail === "string" && pg.detail.startsWith(`Key (${column})=`);
  return error.message.includes(`UNIQUE constraint failed: ${table}.${column}`);
}

/** Any unique key refusing a row (SQLite's SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505). */
export function isAnyUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}
