import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { DB } from "../../db/connection";
import { seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import type { CaseType } from "../../app/domain/case-state";
import type { Actor } from "../../app/domain/permissions";
import { loadActor } from "../../app/models/user.server";
import { openCaseIn } from "../../app/services/disputes/open-case.server";
import { createTestDatabase } from "./db";

// Shared by the disputes service and case-list tests: a migrated database with the demo
// organisations and users, a DATA_DIR of its own, and a way to open a case on a fresh charge.

export interface DisputesTestContext {
  db: DB;
  location: string;
  /** The environment a child process needs to open the same database. */
  databaseEnv: Record<string, string>;
  ids: SeededIds;
  actors: Record<string, Actor>;
  dataDir: string;
}

/** Registers beforeAll/afterAll; the returned object is filled in before the first test runs. */
export function useDisputesDatabase(seededAt: Date, usernames: readonly string[]): DisputesTestContext {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-disputes-"));
  process.env.DATA_DIR = dataDir;
  const ctx = { dataDir, actors: {} } as DisputesTestContext;
  let destroy: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const test = await createTestDatabase();
    destroy = test.destroy;
    ctx.db = test.db;
    ctx.location = test.location;
    ctx.databaseEnv = test.env;
    ctx.ids = await seedOrganisationsAndUsers(test.db, seededAt, () => Promise.resolve("not-a-real-hash"));
    for (const username of usernames) {
      const user = await test.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
      ctx.actors[username] = await loadActor(test.db, user);
    }
  });
  afterAll(async () => {
    await destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return ctx;
}

let reference = 0;

type ChargeAccount = { id: number; time_zone: string; currency: string };

/**
 * A charge of the account `daysBefore` days before `at`. Its network reference is unique across
 * processes and runs too: the browser suites add charges to one database that outlives a test file.
 */
export async function insertCharge(
  database: DB,
  account: ChargeAccount,
  options: { at: Date; amountMinor?: number; daysBefore?: number },
): Promise<number> {
  const tx = await database
    .insertInto("transactions")
    .values({
      account_id: account.id,
      occurred_at: new Date(options.at.getTime() - (options.daysBefore ?? 5) * 86_400_000).toISOString(),
      amount_minor: options.amountMinor ?? 10_000,
      currency: account.currency,
      card_last4: "4242",
      network_reference: `TEST${Date.now().toString(36)}${process.pid}${String(++reference).padStart(6, "0")}`,
      description: "Hotel stay",
      created_at: options.at.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return tx.id;
}

/** Opens a case of 13.1 "Services not provided" at `at` on an existing charge, as the network does. */
export function openCaseOnCharge(
  database: DB,
  account: ChargeAccount,
  transactionId: number,
  type: CaseType,
  options: { at: Date; amountMinor?: number; documents?: string[] },
) {
  return database.transaction().execute((trx) =>
    openCaseIn(
      trx,
      {
        type,
        accountId: account.id,
        timeZone: account.time_zone,
        transactionId,
        amountMinor: options.amountMinor ?? 10_000,
        currency: account.currency,
        reasonCode: "13.1",
        reasonText: "Services not provided",
        requiredDocuments: options.documents ?? ["signed_receipt", "itemised_invoice"],
        relatedCaseId: null,
        openedByUserId: null,
        origin: "manual",
      },
      options.at,
    ),
  );
}

/** The account a location user works for (the demo's alpen-muc has one). */
export function accountOfUser(database: DB, username: string): Promise<ChargeAccount> {
  return database
    .selectFrom("accounts")
    .innerJoin("user_accounts", "user_accounts.account_id", "accounts.id")
    .innerJoin("users", "users.id", "user_accounts.user_id")
    .select(["accounts.id", "accounts.time_zone", "accounts.currency"])
    .where("users.username", "=", username)
    .executeTakeFirstOrThrow();
}

/** Opens a case at `at` on a new charge of the account (made five days earlier). */
export async function openTestCase(
  database: DB,
  accountId: number,
  type: CaseType,
  options: { amountMinor?: number; documents?: string[]; at: Date },
) {
  const account = await database.selectFrom("accounts").selectAll().where("id", "=", accountId).executeTakeFirstOrThrow();
  const transactionId = await insertCharge(database, account, {
    at: options.at,
    amountMinor: Math.max(20_000, options.amountMinor ?? 0),
  });
  return openCaseOnCharge(database, account, transactionId, type, options);
}

/** A response on the case with one PDF attachment of the given hash, written straight to the tables. */
export async function insertResponseWithAttachment(
  database: DB,
  options: { caseId: number; userId: number; at: Date; sha256: string; requiredDocument: string | null },
) {
  const at = options.at.toISOString();
  const response = await database
    .insertInto("case_responses")
    .values({
      case_id: options.caseId,
      submitted_by_user_id: options.userId,
      submitted_at: at,
      comment: "the receipt",
      credit_minor: null,
      accepted: 0,
      version_at_submission: 1,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await database
    .insertInto("case_attachments")
    .values({
      case_id: options.caseId,
      response_id: response.id,
      sha256: options.sha256,
      original_name: "receipt.pdf",
      media_type: "application/pdf",
      size_bytes: 10,
      required_document: options.requiredDocument,
      uploaded_by_user_id: options.userId,
      uploaded_at: at,
    })
    .execute();
}
