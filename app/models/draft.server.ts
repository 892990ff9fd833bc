import { isPostgres, type DB } from "../../db/connection";
import type { AttachmentMediaType } from "../../db/schema";
import { nextDraftVersion } from "~/domain/drafts";
import type { StoredAttachment } from "./case.server";

// Drafts of a response (SPEC 3.7): one row per case in `case_drafts`, its files in
// `case_draft_files`. Callers have settled visibility and the right to answer (the services).

export interface DraftFile {
  id: number;
  sha256: string;
  originalName: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  requiredDocument: string | null;
  uploadedBy: string;
  uploadedAt: string;
}

export interface Draft {
  id: number;
  caseId: number;
  version: number;
  comment: string;
  creditText: string;
  savedByUserId: number;
  savedBy: string;
  savedAt: string;
  files: DraftFile[];
}

export async function draftOf(db: DB, caseId: number): Promise<Draft | null> {
  const row = await db
    .selectFrom("case_drafts")
    .innerJoin("users", "users.id", "case_drafts.saved_by_user_id")
    .select([
      "case_drafts.id",
      "case_drafts.case_id as caseId",
      "case_drafts.version",
      "case_drafts.comment",
      "case_drafts.credit_text as creditText",
      "case_drafts.saved_by_user_id as savedByUserId",
      "users.display_name as savedBy",
      "case_drafts.saved_at as savedAt",
    ])
    .where("case_drafts.case_id", "=", caseId)
    .executeTakeFirst();
  if (!row) return null;
  const files = await db
    .selectFrom("case_draft_files")
    .innerJoin("users", "users.id", "case_draft_files.uploaded_by_user_id")
    .select([
      "case_draft_files.id",
      "case_draft_files.sha256",
      "case_draft_files.original_name as originalName",
      "case_draft_files.media_type as mediaType",
      "case_draft_files.size_bytes as sizeBytes",
      "case_draft_files.required_document as requiredDocument",
      "users.display_name as uploadedBy",
      "case_draft_files.uploaded_at as uploadedAt",
    ])
    .where("case_draft_files.draft_id", "=", row.id)
    .orderBy("case_draft_files.id")
    .execute();
  return { ...row, savedAt: String(row.savedAt), files: files.map((f) => ({ ...f, uploadedAt: String(f.uploadedAt) })) };
}

/** The draft's version inside a write transaction, locked on PostgreSQL (`for update`) until commit. */
export async function lockedDraftVersion(trx: DB, caseId: number): Promise<{ id: number; version: number } | null> {
  const query = trx.selectFrom("case_drafts").select(["id", "version"]).where("case_id", "=", caseId);
  if (!trx.isTransaction) throw new Error("lockedDraftVersion: call it inside the write transaction");
  return (await (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst()) ?? null;
}

/**
 * Writes the draft as saved now: created when `stored` is null, else moved to the next version
 * only if it still is `stored.version` (a save that lost a race writes nothing: false). Files
 * ticked for removal go, new ones are added. Run it in the transaction that read `stored`.
 */
export async function writeDraft(
  trx: DB,
  stored: { id: number; version: number } | null,
  d: { caseId: number; comment: string; creditText: string; userId: number; removeFileIds: number[]; added: readonly StoredAttachment[] },
  now: Date,
): Promise<{ version: number } | null> {
  const version = nextDraftVersion(stored?.version ?? null);
  const at = now.toISOString();
  let draftId: number;
  if (!stored) {
    const created = await trx
      .insertInto("case_drafts")
      .values({ case_id: d.caseId, comment: d.comment, credit_text: d.creditText, version, saved_by_user_id: d.userId, saved_at: at })
      .onConflict((oc) => oc.column("case_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!created) return null;
    draftId = created.id;
  } else {
    const updated = await trx
      .updateTable("case_drafts")
      .set({ comment: d.comment, credit_text: d.creditText, version, saved_by_user_id: d.userId, saved_at: at, deadline_notice_at: null })
      .where("id", "=", stored.id)
      .where("version", "=", stored.version)
      .returning("id")
      .executeTakeFirst();
    if (!updated) return null;
    draftId = updated.id;
  }
  if (d.removeFileIds.length > 0) {
    await trx.deleteFrom("case_draft_files").where("draft_id", "=", draftId).where("id", "in", d.removeFileIds).execute();
  }
  for (const f of d.added) {
    await trx
      .insertInto("case_draft_files")
      .values({
        draft_id: draftId,
        sha256: f.sha256,
        original_name: f.originalName,
        media_type: f.mediaType,
        size_bytes: f.sizeBytes,
        required_document: f.requiredDocument,
        uploaded_by_user_id: d.userId,
        uploaded_at: at,
      })
      .execute();
  }
  return { version };
}

/** The draft is gone (discarded, submitted): its files lose their reference, the clean-up job takes them. */
export async function deleteDraft(trx: DB, draftId: number): Promise<void> {
  await trx.deleteFrom("case_draft_files").where("draft_id", "=", draftId).execute();
  await trx.deleteFrom("case_drafts").where("id", "=", draftId).execute();
}

/** Drafts of closed cases can never be submitted: removed by the attachment clean-up job. */
export async function deleteDraftsOfClosedCases(db: DB): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const closed = trx.selectFrom("cases").select("cases.id").where("cases.status", "=", "closed");
    const drafts = trx.selectFrom("case_drafts").select("case_drafts.id").where("case_drafts.case_id", "in", closed);
    await trx.deleteFrom("case_draft_files").where("draft_id", "in", drafts).execute();
    const result = await trx.deleteFrom("case_drafts").where("case_id", "in", closed).executeTakeFirst();
    return Number(result.numDeletedRows ?? 0);
  });
}

/** Stored files a draft still names (the clean-up job keeps them). */
export async function draftFileHashes(db: DB, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db.selectFrom("case_draft_files").select("sha256").where("sha256", "in", names).execute();
  return new Set(rows.map((r) => r.sha256));
}
