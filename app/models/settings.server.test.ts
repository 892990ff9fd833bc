import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { createTestDatabase } from "../../tests/setup/db";
import { MIB } from "~/domain/settings";
import { parseResponseUpload } from "~/services/disputes/attachment-store.server";
import { deadlineDays, urgentWindowDays } from "./case.server";
import {
  getAttachmentLimits,
  getPaperStatementFee,
  getPlatformSettings,
  setPlatformSetting,
  updatePlatformSettings,
} from "./settings.server";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let ids: SeededIds;
let admin: number;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-settings-"));
const T0 = new Date("2026-11-23T10:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  ids = await seedOrganisationsAndUsers(test.db, T0, () => Promise.resolve("not-a-real-hash"));
  admin = ids.users.admin!;
});
afterAll(async () => {
  await test.destroy();
  fs.rmSync(root, { recursive: true, force: true });
});

async function auditRows() {
  return test.db.selectFrom("audit_log").selectAll().where("action", "=", "setting_changed").orderBy("id").execute();
}

describe("settings model", () => {
  it("gives the defaults while nothing is stored", async () => {
    expect(await getPlatformSettings(test.db)).toMatchObject({
      inquiryDeadlineDays: 20,
      paperStatementFees: { EUR: 250, USD: 250, GBP: 200 },
      attachmentMaxFiles: 10,
    });
  });

  it("stores a change with an audit row holding the old and new value, and the readers see it", async () => {
    const changes = await updatePlatformSettings(
      test.db,
      admin,
      { inquiryDeadlineDays: 25, urgentWindowDays: 5, paperStatementFees: { EUR: 300, GBP: null, KWD: 250 } },
      T0,
    );
    expect(changes.map((c) => c.key)).toEqual([
      "deadline_days.inquiry",
      "urgent_window_days",
      "paper_statement_fee_minor.EUR",
      "paper_statement_fee_minor.GBP",
      "paper_statement_fee_minor.KWD",
    ]);
    const rows = await auditRows();
    expect(rows.map((r) => [r.entity_type, r.entity_id, r.actor_user_id, JSON.parse(r.details) as unknown])).toEqual([
      ["setting", "deadline_days.inquiry", admin, { old: 20, new: 25 }],
      ["setting", "urgent_window_days", admin, { old: 3, new: 5 }],
      ["setting", "paper_statement_fee_minor.EUR", admin, { old: 250, new: 300 }],
      ["setting", "paper_statement_fee_minor.GBP", admin, { old: 200, new: null }],
      ["setting", "paper_statement_fee_minor.KWD", admin, { old: null, new: 250 }],
    ]);
    expect(await deadlineDays(test.db, "inquiry")).toBe(25);
    expect(await deadlineDays(test.db, "chargeback")).toBe(20);
    expect(await urgentWindowDays(test.db)).toBe(5);
    expect(await getPaperStatementFee(test.db, "EUR")).toBe(300);
    expect(await getPaperStatementFee(test.db, "USD")).toBe(250);
    expect(await getPaperStatementFee(test.db, "GBP")).toBeNull();
    expect(await getPaperStatementFee(test.db, "KWD")).toBe(250);
    expect(await getPaperStatementFee(test.db, "JPY")).toBeNull();
  });

  it("a second change records old → new again; an unchanged value writes nothing", async () => {
    const before = (await auditRows()).length;
    expect(await setPlatformSetting(test.db, admin, "inquiryDeadlineDays", 25, T0)).toBeNull();
    expect(await auditRows()).toHaveLength(before);
    expect(await setPlatformSetting(test.db, admin, "inquiryDeadlineDays", 20, T0)).toMatchObject({ oldValue: 25, newValue: 20 });
    const last = (await auditRows()).at(-1)!;
    expect(JSON.parse(last.details)).toEqual({ old: 25, new: 20 });
    expect(await deadlineDays(test.db, "inquiry")).toBe(20);
  });

  it("refuses a value out of bounds and writes nothing", async () => {
    const before = (await auditRows()).length;
    await expect(updatePlatformSettings(test.db, admin, { inquiryDeadlineDays: 20, attachmentMaxFiles: 0 }, T0)).rejects.toThrow(
      RangeError,
    );
    expect(await auditRows()).toHaveLength(before);
  });
});

function upload(bytes: Uint8Array): Request {
  const boundary = "----admin-settings-test";
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file_0"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Request("http://localhost/upload", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
  });
}

describe("attachment limits from the settings", () => {
  it("a lowered file size limit refuses a file the default accepts", async () => {
    const file = new Uint8Array(2 * MIB);
    file.set(Buffer.from("%PDF-1.7"));
    await setPlatformSetting(test.db, admin, "attachmentMaxFileMib", 10, T0);
    const accepted = await parseResponseUpload(upload(file), { root, db: test.db });
    expect(accepted.rejections).toEqual([]);
    expect(accepted.files).toHaveLength(1);

    await setPlatformSetting(test.db, admin, "attachmentMaxFileMib", 1, T0);
    expect(await getAttachmentLimits(test.db)).toEqual({ maxFileBytes: MIB, maxFiles: 10 });
    const refused = await parseResponseUpload(upload(file), { root, db: test.db });
    expect(refused.rejections).toEqual([{ fileName: "scan.pdf", reason: "too_large" }]);
    expect(refused.files).toEqual([]);
    await setPlatformSetting(test.db, admin, "attachmentMaxFileMib", 10, T0);
  });

  it("reads the limits from the database it is given when the caller passes none", async () => {
    await setPlatformSetting(test.db, admin, "attachmentMaxFiles", 1, T0);
    const boundary = "----two-files";
    const part = (i: number) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file_${i}"; filename="f${i}.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 ${i}\r\n`;
    const request = new Request("http://localhost/upload", {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: `${part(0)}${part(1)}--${boundary}--\r\n`,
    });
    const parsed = await parseResponseUpload(request, { root, db: test.db });
    expect(parsed.files).toHaveLength(1);
    expect(parsed.rejections).toEqual([{ fileName: "f1.pdf", reason: "too_many" }]);
    await setPlatformSetting(test.db, admin, "attachmentMaxFiles", 10, T0);
  });
});
