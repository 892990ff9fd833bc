import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers } from "./demo/organisations";
import { createTestDatabase } from "../tests/setup/db";
import { insertResponseWithAttachment, openTestCase } from "../tests/setup/disputes";

// SPEC 3.3: the timeline, submitted responses and their attachments are never changed or deleted.
// The database refuses it itself (triggers of the cases migration), whatever code runs.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
const at = new Date("2026-11-10T09:00:00Z");
beforeAll(async () => {
  test = await createTestDatabase();
  const ids = await seedOrganisationsAndUsers(test.db, at, () => Promise.resolve("not-a-real-hash"));
  const opened = await openTestCase(test.db, ids.accounts["alpen-muc"]!, "inquiry", { at, documents: ["signed_receipt"] });
  await insertResponseWithAttachment(test.db, {
    caseId: opened.id,
    userId: ids.users["alpen-muc"]!,
    at,
    sha256: "ab".repeat(32),
    requiredDocument: "signed_receipt",
  });
});
afterAll(async () => {
  await test.destroy();
});

const changes = {
  case_events: sql`update case_events set event_type = 'decide'`,
  case_responses: sql`update case_responses set comment = 'rewritten'`,
  case_attachments: sql`update case_attachments set original_name = 'other.pdf'`,
} as const;

async function snapshot(table: string) {
  return (await sql`select * from ${sql.table(table)} order by 1, 2`.execute(test.db)).rows;
}

describe("append-only tables", () => {
  for (const [table, update] of Object.entries(changes)) {
    it(`${table}: an update and a delete are refused and change nothing`, async () => {
      const before = await snapshot(table);
      expect(before.length).toBeGreaterThan(0);
      await expect(update.execute(test.db)).rejects.toThrow(`${table} is append-only`);
      await expect(sql`delete from ${sql.table(table)}`.execute(test.db)).rejects.toThrow(`${table} is append-only`);
      expect(await snapshot(table)).toEqual(before);
    });
  }

  it("case_required_documents: a delete is refused", async () => {
    const before = await snapshot("case_required_documents");
    expect(before.length).toBeGreaterThan(0);
    await expect(sql`delete from case_required_documents`.execute(test.db)).rejects.toThrow("case_required_documents is append-only");
    expect(await snapshot("case_required_documents")).toEqual(before);
  });
});
