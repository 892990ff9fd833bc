import fs from "node:fs";
import path from "node:path";
import type { DB } from "../../../db/connection";
import { dataDir } from "./attachment-store.server";

/** Files younger than this are left alone: their submission may still be committing. */
export const CLEANUP_GRACE_MS = 24 * 60 * 60 * 1000;

export interface CleanupReport {
  removedUnreferenced: number;
  removedStaleUploads: number;
  kept: number;
}

function olderThan(file: string, cutoff: number): boolean {
  try {
    return fs.statSync(file).mtimeMs < cutoff;
  } catch {
    return false; // gone meanwhile
  }
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
  const report: CleanupReport = { removedUnreferenced: 0, removedStaleUploads: 0, kept: 0 };

  const staging = path.join(root, "tmp-uploads");
  for (const name of fs.existsSync(staging) ? fs.readdirSync(staging) : []) {
    const file = path.join(staging, name);
    if (olderThan(file, cutoff)) {
      fs.rmSync(file, { force: true, recursive: true });
      report.removedStaleUploads++;
    }
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
      fs.rmSync(file, { force: true, recursive: true });
      report.removedUnreferenced++;
    }
    if (names.length === 0) continue;
    const referenced = new Set(
      (await db.selectFrom("case_attachments").select("sha256").where("sha256", "in", names).execute()).map((r) => r.sha256),
    );
    for (const name of names) {
      const file = path.join(folder, name);
      if (referenced.has(name) || !olderThan(file, cutoff)) {
        report.kept++;
        continue;
      }
      // Checked again right before removing: a new submission may have referenced it or renamed
      // its fresh copy over it meanwhile.
      const again = await db.selectFrom("case_attachments").select("id").where("sha256", "=", name).limit(1).executeTakeFirst();
      if (again || !olderThan(file, cutoff)) {
        report.kept++;
        continue;
      }
      fs.rmSync(file, { force: true });
      report.removedUnreferenced++;
    }
  }
  return report;
}
