import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/setup/db";
import { detectMediaType } from "../../app/services/disputes/attachment-store.server";
import { runDeadlineSweep } from "../../app/services/disputes/deadline-sweep.server";
import { parseCaseEventDetails } from "../../app/domain/case-events";
import { OUTCOMES_BY_TYPE } from "../../app/domain/case-state";
import type { DB } from "../connection";
import { seedDemoData } from "./index";
import { tinyPdf } from "./disputes";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-demo-"));
process.env.DATA_DIR = dataDir;

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;
const NOW = new Date("2026-11-23T09:30:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await seedDemoData(db, { now: NOW, hashPassword: () => Promise.resolve("not-a-real-hash") });
});
afterAll(async () => {
  await test.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the disputes demo", () => {
  it("shows every state of SPEC 3.3 in every organisation", async () => {
    const rows = await db
      .selectFrom("cases")
      .innerJoin("accounts", "accounts.id", "cases.account_id")
      .select(["accounts.organisation_id as org", "cases.type", "cases.status", "cases.outcome"])
      .distinct()
      .execute();
    const orgs = new Set(rows.map((r) => r.org));
    expect(orgs.size).toBe(3);
    for (const org of orgs) {
      const states = new Set(rows.filter((r) => r.org === org).map((r) => `${r.type}/${r.status}/${r.outcome ?? ""}`));
      for (const type of ["inquiry", "chargeback"] as const) {
        expect(states).toContain(`${type}/awaiting_response/`);
        expect(states).toContain(`${type}/under_review/`);
        for (const outcome of OUTCOMES_BY_TYPE[type]) expect(states).toContain(`${type}/closed/${outcome}`);
      }
    }
  });

  it("has cases due today, in two days, and overdue ones the job closes once", async () => {
    const first = await runDeadlineSweep(db, NOW);
    expect(first.closedNoReply).toBe(3);
    expect(first.noReplyChargebacks).toBe(3);
    expect(first.expired).toBe(3);
    expect(first.urgentNotified).toBeGreaterThanOrEqual(6);
    const again = await runDeadlineSweep(db, NOW);
    expect(again).toEqual({ closedNoReply: 0, noReplyChargebacks: 0, expired: 0, urgentNotified: 0, skipped: 0 });
  });

  it("stores its PDFs in the content-addressed store, and they are PDFs", async () => {
    expect(detectMediaType(tinyPdf("x"))).toBe("application/pdf");
    const attachments = await db.selectFrom("case_attachments").select(["sha256", "size_bytes"]).execute();
    expect(attachments.length).toBeGreaterThan(0);
    for (const a of attachments) {
      const file = path.join(dataDir, "attachments", a.sha256.slice(0, 2), a.sha256);
      expect(fs.statSync(file).size).toBe(a.size_bytes);
    }
  });

  it("seeds the two cases the browser test works on", async () => {
    const refs = await db
      .selectFrom("transactions")
      .innerJoin("cases", "cases.transaction_id", "transactions.id")
      .select(["network_reference", "cases.type", "cases.status"])
      .where("network_reference", "like", "74E2E%")
      .orderBy("network_reference")
      .execute();
    expect(refs).toEqual([
      { network_reference: "74E2E0000000001", type: "inquiry", status: "awaiting_response" },
      { network_reference: "74E2E0000000002", type: "chargeback", status: "awaiting_response" },
    ]);
  });

  it("every timeline event of the demo, and of the deadline job's work on it, has its kind's shape", async () => {
    await runDeadlineSweep(db, new Date(NOW.getTime() + 40 * 86_400_000));
    const events = await db.selectFrom("case_events").select(["id", "event_type", "details"]).execute();
    expect(events.length).toBeGreaterThan(50);
    const unreadable = events.filter((e) => parseCaseEventDetails(e.event_type, e.details).eventType === "unreadable");
    expect(unreadable).toEqual([]);
  });
});
