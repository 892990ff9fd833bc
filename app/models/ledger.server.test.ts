import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type DB } from "../../db/connection";
import type { Database } from "../../db/schema";
import { createTestDatabase, testsOnPostgres } from "../../tests/setup/db";
import { lockTransactionRow } from "./ledger.server";

// The lock both a credit and the opening of a chargeback take (SPEC 3.1): the transaction's row
// on PostgreSQL, SQLite's write lock (begin immediate) otherwise.

function recordingPostgres(statements: string[]): DB {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      statements.push(event.query.sql);
    },
  });
}

describe("lockTransactionRow", () => {
  it("on PostgreSQL locks the card transaction's row with FOR UPDATE inside the transaction", async () => {
    const statements: string[] = [];
    await recordingPostgres(statements)
      .transaction()
      .execute((trx) => lockTransactionRow(trx, 42));
    expect(statements).toEqual(['select "id" from "transactions" where "id" = $1 for update']);
  });

  describe.skipIf(testsOnPostgres)("on SQLite", () => {
    let test: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      test = await createTestDatabase();
    });
    afterAll(async () => {
      await test.destroy();
    });

    it("adds nothing: the write transaction already began immediate, holding the database's write lock", async () => {
      await test.db.transaction().execute(async (trx) => {
        await lockTransactionRow(trx, 1);
        // A second connection cannot start writing while this transaction is open.
        const other = openSqlite(test.location);
        try {
          other.pragma("busy_timeout = 0");
          expect(() => other.exec("begin immediate")).toThrow(/database is locked/);
        } finally {
          other.close();
        }
      });
    });

    it("refuses to run outside a transaction, where it would lock nothing", async () => {
      await expect(lockTransactionRow(test.db, 1)).rejects.toThrow(/inside the write transaction/);
    });
  });
});
