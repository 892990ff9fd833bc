import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers } from "../../../db/demo/organisations";
import { createTestDatabase } from "../../../tests/setup/db";
import { openTestCase } from "../../../tests/setup/disputes";
import { hashPassword } from "../auth.server";
import { cleanUpAttachments, CLEANUP_GRACE_MS } from "./attachment-cleanup.server";
import { attachmentPath, storeBytes } from "./attachment-store.server";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let root: string;
const now = new Date("2026-11-23T10:00:00Z");
const dayAgo = new Date(now.getTime() - CLEANUP_GRACE_MS - 60_000);

beforeAll(async () => {
  test = await createTestDatabase();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-cleanup-"));
});
afterAll(async () => {
  await test.destroy();
  fs.rmSync(root, { recursive: true, force: true });
});

function age(file: string, at: Date) {
  fs.utimesSync(file, at, at);
}

describe("attachment clean-up", () => {
  it("removes only old files that no attachment names, and old staged uploads", async () => {
    const ids = await seedOrganisationsAndUsers(test.db, now, hashPassword);
    const opened = await openTestCase(test.db, ids.accounts["alpen-muc"]!, "inquiry", { documents: [], at: now });

    const referenced = storeBytes(new TextEncoder().encode("%PDF-1.7 referenced"), root);
    const orphanOld = storeBytes(new TextEncoder().encode("%PDF-1.7 orphan old"), root);
    const orphanNew = storeBytes(new TextEncoder().encode("%PDF-1.7 orphan new"), root);
    const response = await test.db
      .insertInto("case_responses")
      .values({
        case_id: opened.id,
        submitted_by_user_id: ids.users["alpen-muc"]!,
        submitted_at: now.toISOString(),
        comment: "",
        credit_minor: null,
        accepted: 0,
        version_at_submission: 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await test.db
      .insertInto("case_attachments")
      .values({
        case_id: opened.id,
        response_id: response.id,
        sha256: referenced,
        original_name: "r.pdf",
        media_type: "application/pdf",
        size_bytes: 10,
        required_document: null,
        uploaded_by_user_id: ids.users["alpen-muc"]!,
        uploaded_at: now.toISOString(),
      })
      .execute();
    for (const sha of [referenced, orphanOld]) age(attachmentPath(sha, root), dayAgo);
    fs.mkdirSync(path.join(root, "tmp-uploads"), { recursive: true });
    const staleUpload = path.join(root, "tmp-uploads", "stale");
    const freshUpload = path.join(root, "tmp-uploads", "fresh");
    fs.writeFileSync(staleUpload, "x");
    fs.writeFileSync(freshUpload, "y");
    age(staleUpload, dayAgo);

    const report = await cleanUpAttachments(test.db, now, root);
    expect(report).toEqual({ removedUnreferenced: 1, removedStaleUploads: 1, kept: 2 });
    expect(fs.existsSync(attachmentPath(referenced, root))).toBe(true);
    expect(fs.existsSync(attachmentPath(orphanNew, root))).toBe(true);
    expect(fs.existsSync(attachmentPath(orphanOld, root))).toBe(false);
    expect(fs.existsSync(staleUpload)).toBe(false);
    expect(fs.existsSync(freshUpload)).toBe(true);

    // A second run finds nothing more to do.
    expect(await cleanUpAttachments(test.db, now, root)).toEqual({ removedUnreferenced: 0, removedStaleUploads: 0, kept: 2 });
  });

  it("copes with a data folder that has no attachments yet", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "portal-cleanup-empty-"));
    expect(await cleanUpAttachments(test.db, now, empty)).toEqual({ removedUnreferenced: 0, removedStaleUploads: 0, kept: 0 });
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
