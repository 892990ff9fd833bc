import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { DB } from "../../../db/connection";
import { deleteDraftsOfClosedCases, draftFileHashes } from "~/models/draft.server";
import { lockStoredFiles } from "~/models/locks.server";
import { supportFileHashes } from "~/models/support.server";
import { dataDir } from "./attachment-store.server";

/** Files younger than this are left alone: their submission may still be committing. */
export const CLEANUP_GRACE_MS = 24 * 60 * 60 * 1000;

export interface CleanupReport {
  removedUnreferenced: number;
  removedStaleUploads: number;
  kept: number;
  removedDrafts: number;
}

function olderThan(file: string, cutoff: number): boolean {
  try {
    return fs.statSync(file).mtimeMs < cutoff;
  } catch {
    return false; // gone meanwhile
  }
}

/**
 * Removes what is still older than the cutoff; says "gone" when another clean-up took it. The file is
 * first renamed aside (atomic: of two clean-ups on one volume exactly one gets it, which rmSync's
 * own "already gone" check does not promise), then its time is read again: a submission that renamed
 * its fresh copy over the name meanwhile gets that copy back. A crash leaves only the renamed file,
 * which is not a stored name and goes as a stray next time.
 */
function removeIfStillOld(file: string, cutoff: number): "removed" | "gone" | "fresh" {
  const aside = `${file}.removing-${randomUUID()}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  if (!olderThan(aside, cutoff)) {
    fs.renameSync(aside, file);
    return "fresh";
  }
  fs.rmSync(aside, { recursive: true, force: true });
  return "removed";
}

const STORED_NAME = /^[0-9a-f]{64}$/;

/**
 * Removes what a refused, interrupted or crashed submission left behind: staged uploads that were
 * never promoted (a truncated upload included, folders too), files in the content-addressed store
 * that no attachment row names, and anything else in the store that is not a stored file (half of
 * a file a crash cut off). Only what is older than the grace period goes, by the file's time: a
 * submission in progress renames its fresh file into the store, so it never loses it.
 */
export async function cleanUpAttachments(db: DB, now: Date, root: string = dataDir()): Promise<CleanupReport> {
  const cutoff = now.getTime() - CLEANUP_GRACE_MS;
  const report: CleanupReport = { removedUnreferenced: 0, removedStaleUploads: 0, kept: 0, removedDrafts: 0 };
  // A closed case's draft can never be submitted; its files then go like any unreferenced file.
  report.removedDrafts = await deleteDraftsOfClosedCases(db);

  const staging = path.join(root, "tmp-uploads");
  for (const name of fs.existsSync(staging) ? fs.readdirSync(staging) : []) {
    const file = path.join(staging, name);
    if (olderThan(file, cutoff) && removeIfStillOld(file, cutoff) === "removed") report.removedStaleUploads++;
  }

  const store = path.join(root, "attachments");
  for (const prefix of fs.existsSync(store) ? fs.readdirSync(store) : []) {
    const folder = path.join(store, prefix);
    if (!fs.statSync(folder).isDirectory()) continue;
    const entries = fs.readdirSync(folder);
    const names = entries.filter((n) => STORED_NAME.test(n));
    for (const stray of entries.filter((n) => !STORED_NAME.test(n))) {
      const file = path.join(folder, stray);
      if (!olderThan(file, cutoff)) {
        report.kept++;
        continue;
      }
      const outcome = removeIfStillOld(file, cutoff);
      if (outcome === "removed") report.removedUnreferenced++;
      if (outcome === "fresh") report.kept++;
    }
    if (names.length === 0) continue;
    const referenced = new Set([
      ...(await db.selectFrom("case_attachments").select("sha256").where("sha256", "in", names).execute()).map((r) => r.sha256),
      ...(await draftFileHashes(db, names)),
      ...(await supportFileHashes(db, names)),
    ]);
    for (const name of names) {
      const file = path.join(folder, name);
      if (referenced.has(name) || !olderThan(file, cutoff)) {
        report.kept++;
        continue;
      }
      // Decided again under the file's lock, which a submission holds from renaming its fresh copy
      // over this one until its reference commits (in any process): checked outside it, the
      // file could be replaced and referenced between the check and the removal.
      const outcome = await db.transaction().execute(async (trx) => {
        await lockStoredFiles(trx, [name]);
        const again = await trx.selectFrom("case_attachments").select("id").where("sha256", "=", name).limit(1).executeTakeFirst();
        const named = again || (await draftFileHashes(trx, [name])).size > 0 || (await supportFileHashes(trx, [name])).size > 0;
        return named ? "fresh" : removeIfStillOld(file, cutoff);
      });
      if (outcome === "fresh") report.kept++;
      if (outcome === "removed") report.removedUnreferenced++;
    }
  }
  return report;
}
