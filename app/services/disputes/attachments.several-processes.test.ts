import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { testsOnPostgres } from "../../../tests/setup/db";
import { insertResponseWithAttachment, openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { lockStoredFiles } from "~/models/locks.server";
import { cleanUpAttachments, CLEANUP_GRACE_MS } from "./attachment-cleanup.server";
import { attachmentPath, promoteUploads, storeBytes, type StagedUpload } from "./attachment-store.server";
import { submitResponse } from "./respond.server";

// Attachments when several portal processes share one DATA_DIR volume (and one database): the
// store is content-addressed and written by rename, so writers of the same content never leave
// a torn file, and the clean-up never deletes a file a submission is committing.

const now = new Date("2026-11-23T10:00:00Z");
const dayAgo = new Date(now.getTime() - CLEANUP_GRACE_MS - 60_000);
const ctx = useDisputesDatabase(now, ["alpen-muc"]);
let root: string;
beforeAll(() => {
  root = ctx.dataDir;
});

function staged(bytes: Buffer): StagedUpload {
  const tempPath = path.join(root, "tmp-uploads", randomUUID());
  fs.mkdirSync(path.dirname(tempPath), { recursive: true });
  fs.writeFileSync(tempPath, bytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return {
    tempPath,
    fieldName: "file_0",
    sha256,
    originalName: "receipt.pdf",
    mediaType: "application/pdf",
    sizeBytes: bytes.length,
    requiredDocument: null,
  };
}

/** Until a transaction on this database waits for an advisory lock, or `settled()` (which it should not, first). */
async function untilOneWaitsOrSettled(settled: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const waiting = await sql<{ n: number }>`
      select count(*)::int as n from pg_locks
      where locktype = 'advisory' and not granted
        and database = (select oid from pg_database where datname = current_database())`.execute(ctx.db);
    if (settled() || Number(waiting.rows[0]?.n) > 0) return;
    if (Date.now() > deadline) throw new Error("neither waited for the lock nor finished");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

describe("the shared attachment store", () => {
  it("two writers storing the same content at once leave one intact file, readable whole throughout", async () => {
    const bytes = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2 * 1024 * 1024, "receipt ")]);
    // Every upload is staged under a name of its own, as two servers receiving the same file do.
    const writers = [0, 1].map(() => Array.from({ length: 10 }, () => staged(bytes)));
    const target = attachmentPath(writers[0]![0]!.sha256, root);
    let writing = true;
    const seen: string[] = [];
    const reader = (async () => {
      while (writing) {
        try {
          const read = await fs.promises.readFile(target);
          seen.push(read.equals(bytes) ? "whole" : `torn (${read.length} bytes)`);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
      }
    })();
    await Promise.all(writers.map((uploads) => Promise.all(uploads.map((u) => promoteUploads([u], root)))));
    writing = false;
    await reader;

    expect(seen.filter((s) => s !== "whole")).toEqual([]);
    expect(fs.readFileSync(target).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(target))).toEqual([path.basename(target)]);
    expect(fs.readdirSync(path.join(root, "tmp-uploads"))).toEqual([]);
  });
});

describe.skipIf(!testsOnPostgres)(
  "the clean-up and a submission of the same content (PostgreSQL; on SQLite the one write lock orders them)",
  () => {
    it("the clean-up waits for a submission holding the file, then keeps the file it references", async () => {
      const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { documents: [], at: now });
      // An old copy no attachment names: the clean-up's candidate. The submission below references
      // it without refreshing its time, as when the clean-up had checked its age just before the
      // submission renamed its fresh copy over it.
      const bytes = Buffer.from("%PDF-1.7 sent while the clean-up runs");
      const sha = storeBytes(bytes, root);
      const file = attachmentPath(sha, root);
      fs.utimesSync(file, dayAgo, dayAgo);

      const commit = signal();
      const held = signal();
      const submission = ctx.db.transaction().execute(async (trx) => {
        await lockStoredFiles(trx, [sha]);
        await insertResponseWithAttachment(trx, {
          caseId: opened.id,
          userId: ctx.actors["alpen-muc"]!.userId,
          at: now,
          sha256: sha,
          requiredDocument: null,
        });
        held.fire();
        await commit.promise;
      });
      await held.promise;

      let done = false;
      const cleanup = cleanUpAttachments(ctx.db, now, root).finally(() => (done = true));
      // Until the clean-up waits for the file's lock (or, wrongly, finishes without it).
      await untilOneWaitsOrSettled(() => done);
      commit.fire();
      await submission;
      const report = await cleanup;

      expect(report.removedUnreferenced).toBe(0);
      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    });

    it("a submission waits for a clean-up removing the same content, then stores its own copy", async () => {
      const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { documents: [], at: now });
      const bytes = Buffer.from("%PDF-1.7 sent again while the clean-up removes the old copy");
      const sha = storeBytes(bytes, root);
      const file = attachmentPath(sha, root);
      fs.utimesSync(file, dayAgo, dayAgo);

      // A clean-up (in another process) that has decided on the old copy and holds the file.
      const release = signal();
      const held = signal();
      const cleanup = ctx.db.transaction().execute(async (trx) => {
        await lockStoredFiles(trx, [sha]);
        held.fire();
        await release.promise;
        fs.rmSync(file);
      });
      await held.promise;

      let done = false;
      const submission = submitResponse(
        ctx.db,
        ctx.actors["alpen-muc"]!,
        opened.caseNumber,
        { comment: "The receipt", creditText: "", accept: false, version: 1, attachments: [staged(bytes)] },
        now,
      ).finally(() => (done = true));
      await untilOneWaitsOrSettled(() => done);
      release.fire();
      await cleanup;
      expect(await submission).toMatchObject({ ok: true });

      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    });
  },
);
