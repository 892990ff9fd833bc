import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisationsAndUsers } from "../../../db/demo/organisations";
import { createTestDatabase } from "../../../tests/setup/db";
import { insertResponseWithAttachment, openTestCase } from "../../../tests/setup/disputes";
import { hashPassword } from "../auth.server";
import { cleanUpAttachments, CLEANUP_GRACE_MS } from "./attachment-cleanup.server";
import { createHash } from "node:crypto";
import { attachmentPath, promoteUploads, storeBytes } from "./attachment-store.server";

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
    await insertResponseWithAttachment(test.db, {
      caseId: opened.id,
      userId: ids.users["alpen-muc"]!,
      at: now,
      sha256: referenced,
      requiredDocument: null,
    });
    for (const sha of [referenced, orphanOld]) age(attachmentPath(sha, root), dayAgo);
    fs.mkdirSync(path.join(root, "tmp-uploads"), { recursive: true });
    const staleUpload = path.join(root, "tmp-uploads", "stale");
    const freshUpload = path.join(root, "tmp-uploads", "fresh");
    fs.writeFileSync(staleUpload, "x");
    fs.writeFileSync(freshUpload, "y");
    age(staleUpload, dayAgo);

    const report = await cleanUpAttachments(test.db, now, root);
    expect(report).toEqual({ removedUnreferenced: 1, removedStaleUploads: 1, kept: 2, removedDrafts: 0 });
    expect(fs.existsSync(attachmentPath(referenced, root))).toBe(true);
    expect(fs.existsSync(attachmentPath(orphanNew, root))).toBe(true);
    expect(fs.existsSync(attachmentPath(orphanOld, root))).toBe(false);
    expect(fs.existsSync(staleUpload)).toBe(false);
    expect(fs.existsSync(freshUpload)).toBe(true);

    // A second run finds nothing more to do.
    expect(await cleanUpAttachments(test.db, now, root)).toEqual({
      removedUnreferenced: 0,
      removedStaleUploads: 0,
      kept: 2,
      removedDrafts: 0,
    });
  });

  it("copes with a data folder that has no attachments yet", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "portal-cleanup-empty-"));
    expect(await cleanUpAttachments(test.db, now, empty)).toEqual({
      removedUnreferenced: 0,
      removedStaleUploads: 0,
      kept: 0,
      removedDrafts: 0,
    });
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it("never takes a stored file that a submission in progress has just promoted, however old the file", async () => {
    // An earlier refused submission left this content in the store a day and more ago.
    const bytes = new TextEncoder().encode("%PDF-1.7 sent again after a refusal");
    const sha = storeBytes(bytes, root);
    age(attachmentPath(sha, root), dayAgo);
    // The merchant sends the same file again: staged, then promoted onto the old file; the
    // attachment row is not committed yet when the clean-up runs.
    fs.mkdirSync(path.join(root, "tmp-uploads"), { recursive: true });
    const staged = path.join(root, "tmp-uploads", "resent");
    fs.writeFileSync(staged, bytes);
    age(staged, new Date(now.getTime() - 60_000));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    await promoteUploads(
      [
        {
          tempPath: staged,
          fieldName: "file_0",
          sha256,
          originalName: "r.pdf",
          mediaType: "application/pdf",
          sizeBytes: bytes.length,
          requiredDocument: null,
        },
      ],
      root,
    );
    const report = await cleanUpAttachments(test.db, now, root);
    expect(report.removedUnreferenced).toBe(0);
    expect(fs.readFileSync(attachmentPath(sha, root))).toEqual(Buffer.from(bytes));
    // Left unreferenced (the submission was refused after all), it goes once the grace period is over.
    const later = new Date(now.getTime() + CLEANUP_GRACE_MS + 60_000);
    expect((await cleanUpAttachments(test.db, later, root)).removedUnreferenced).toBe(1);
    expect(fs.existsSync(attachmentPath(sha, root))).toBe(false);
  });

  it("sweeps a truncated upload and a half-written store file left by a crash, after the grace period", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-cleanup-crash-"));
    try {
      const staging = path.join(dir, "tmp-uploads");
      fs.mkdirSync(path.join(staging, "nested-part"), { recursive: true });
      const truncated = path.join(staging, "3f1c-truncated");
      fs.writeFileSync(truncated, "%PDF-1.7 cut off in the mid");
      fs.writeFileSync(path.join(staging, "nested-part", "chunk"), "x");
      const sha = "ab".repeat(32);
      const half = path.join(path.dirname(attachmentPath(sha, dir)), `${sha}.partial`);
      fs.mkdirSync(path.dirname(half), { recursive: true });
      fs.writeFileSync(half, "%PDF-1.7 half");
      const written = new Date(now.getTime() - 60_000);
      for (const f of [truncated, path.join(staging, "nested-part"), path.join(staging, "nested-part", "chunk"), half]) age(f, written);

      // Within the grace period: all kept (the upload may still be running).
      expect(await cleanUpAttachments(test.db, now, dir)).toEqual({
        removedUnreferenced: 0,
        removedStaleUploads: 0,
        kept: 1,
        removedDrafts: 0,
      });
      expect(fs.existsSync(truncated)).toBe(true);

      const later = new Date(now.getTime() + CLEANUP_GRACE_MS);
      expect(await cleanUpAttachments(test.db, later, dir)).toEqual({
        removedUnreferenced: 1,
        removedStaleUploads: 2,
        kept: 0,
        removedDrafts: 0,
      });
      expect(fs.readdirSync(staging)).toEqual([]);
      expect(fs.existsSync(half)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
