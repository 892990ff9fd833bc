import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { race } from "../../../tests/setup/concurrent";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { draftOf } from "~/models/draft.server";
import { cleanUpAttachments } from "./attachment-cleanup.server";
import { attachmentPath, type StagedUpload } from "./attachment-store.server";
import { answerOrSaveDraft, type AnswerOrDraft } from "./drafts.server";

// Drafts of a response (SPEC 3.7): shared by those who may answer, never a change of the case,
// a version of their own so no save is lost silently, and submitted under every rule at that moment.

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-05T10:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-muc", "alpen-hq", "noord-hq", "noord-ams"]);

function pdf(requiredDocument: string | null): StagedUpload {
  const bytes = Buffer.from(`%PDF-1.4\n% draft ${Math.random()}\n`);
  const file = path.join(ctx.dataDir, `staged-${crypto.randomUUID()}`);
  fs.writeFileSync(file, bytes);
  return {
    tempPath: file,
    fieldName: "file_0",
    sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
    originalName: "receipt.pdf",
    mediaType: "application/pdf",
    sizeBytes: bytes.length,
    requiredDocument,
  };
}

function form(intent: AnswerOrDraft["intent"], fields: Partial<AnswerOrDraft> & { draftVersion?: number } = {}): AnswerOrDraft {
  const { draftVersion = 0, ...rest } = fields;
  return {
    intent,
    comment: "",
    creditText: "",
    accept: false,
    version: 1,
    attachments: [],
    draft: { version: draftVersion, removeFileIds: [] },
    ...rest,
  };
}

const post = (username: string, caseNumber: string, submission: AnswerOrDraft, at = NOW) =>
  answerOrSaveDraft(ctx.db, ctx.actors[username]!, caseNumber, () => Promise.resolve(submission), at);

async function caseRow(id: number) {
  return ctx.db.selectFrom("cases").select(["status", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
}

describe("saving a draft", () => {
  it("changes neither the case's state nor its version, and the next user of the organisation sees it", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0 });
    const before = await caseRow(opened.id);
    const file = pdf("signed_receipt");
    expect(await post("alpen-muc", opened.caseNumber, form("draft", { comment: "Guest stayed", attachments: [file] }))).toEqual({
      ok: true,
      draft: "saved",
    });
    expect(await caseRow(opened.id)).toEqual(before);
    const draft = await draftOf(ctx.db, opened.id);
    expect(draft).toMatchObject({
      version: 1,
      comment: "Guest stayed",
      savedAt: NOW.toISOString(),
      files: [{ originalName: "receipt.pdf" }],
    });
    expect(draft?.savedBy).toBeTruthy();
    // The file is in the store (content-addressed), no longer at its temporary path.
    expect(fs.existsSync(attachmentPath(file.sha256, ctx.dataDir))).toBe(true);
    expect(fs.existsSync(file.tempPath)).toBe(false);
  });

  it("refuses a save made against an older draft version and keeps the newer draft", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0 });
    expect(await post("alpen-muc", opened.caseNumber, form("draft", { comment: "first" }))).toMatchObject({ ok: true });
    // alpen-hq (central handling) opened the page before that save: its form says "no draft".
    expect(await post("alpen-hq", opened.caseNumber, form("draft", { comment: "second" }))).toMatchObject({
      ok: false,
      status: 409,
      problems: [{ key: "draft.error.changed" }],
    });
    expect(await post("alpen-hq", opened.caseNumber, form("draft", { comment: "second", draftVersion: 1 }))).toMatchObject({ ok: true });
    expect(await draftOf(ctx.db, opened.id)).toMatchObject({ version: 2, comment: "second" });
  });

  it("is refused where the user may not answer: another organisation's case is not found, local handling forbids head office", async () => {
    const alpen = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0 });
    expect(await post("noord-hq", alpen.caseNumber, form("draft", { comment: "x" }))).toMatchObject({ ok: false, status: 404 });
    const noord = await openTestCase(ctx.db, ctx.ids.accounts["noord-ams"]!, "inquiry", { at: T0 });
    expect(await post("noord-hq", noord.caseNumber, form("draft", { comment: "x" }))).toMatchObject({ ok: false, status: 403 });
    expect(await draftOf(ctx.db, noord.id)).toBeNull();
  });

  it("discarding needs the draft version the page showed, and removes the draft", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0 });
    await post("alpen-muc", opened.caseNumber, form("draft", { comment: "first" }));
    expect(await post("alpen-muc", opened.caseNumber, form("discard-draft"))).toMatchObject({ ok: false, status: 409 });
    expect(await post("alpen-muc", opened.caseNumber, form("discard-draft", { draftVersion: 1 }))).toEqual({
      ok: true,
      draft: "discarded",
    });
    expect(await draftOf(ctx.db, opened.id)).toBeNull();
  });

  it("is in the organisation's audit trail: who saved (with how many files) and who discarded, never the refused attempt", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0 });
    await post("alpen-muc", opened.caseNumber, form("draft", { comment: "first", attachments: [pdf(null)] }));
    await post("alpen-hq", opened.caseNumber, form("draft", { comment: "stale" }));
    await post("alpen-hq", opened.caseNumber, form("discard-draft", { draftVersion: 1 }));
    const trail = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "organisation_id", "details"])
      .where("entity_type", "=", "case")
      .where("entity_id", "=", String(opened.id))
      .orderBy("id")
      .execute();
    expect(trail.map((row) => ({ ...row, details: JSON.parse(String(row.details)) as unknown }))).toEqual([
      {
        action: "draft_saved",
        actor_user_id: ctx.actors["alpen-muc"]!.userId,
        organisation_id: ctx.ids.organisations.alpen,
        details: { caseNumber: opened.caseNumber, files: 1 },
      },
      {
        action: "draft_discarded",
        actor_user_id: ctx.actors["alpen-hq"]!.userId,
        organisation_id: ctx.ids.organisations.alpen,
        details: { caseNumber: opened.caseNumber },
      },
    ]);
  });
});

describe("submitting a draft", () => {
  it("runs every rule at that moment: the draft's files count as the response's documents, and the draft is gone", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0 });
    await post("alpen-muc", opened.caseNumber, form("draft", { comment: "receipt attached", attachments: [pdf("signed_receipt")] }));
    // Without the invoice the response is incomplete, draft or not.
    expect(await post("alpen-hq", opened.caseNumber, form("respond", { comment: "receipt attached", draftVersion: 1 }))).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await caseRow(opened.id)).toMatchObject({ status: "awaiting_response" });
    const submitted = await post(
      "alpen-hq",
      opened.caseNumber,
      form("respond", { comment: "receipt and invoice", draftVersion: 1, attachments: [pdf("itemised_invoice")] }),
    );
    expect(submitted).toMatchObject({ ok: true, status: "under_review" });
    const documents = await ctx.db
      .selectFrom("case_attachments")
      .select("required_document")
      .where("case_id", "=", opened.id)
      .orderBy("required_document")
      .execute();
    expect(documents.map((d) => d.required_document)).toEqual(["itemised_invoice", "signed_receipt"]);
    expect(await draftOf(ctx.db, opened.id)).toBeNull();
  });

  it("a draft cannot be saved on a case that is no longer awaiting a response", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0, documents: [] });
    expect(await post("alpen-muc", opened.caseNumber, form("respond", { comment: "done" }))).toMatchObject({ ok: true });
    expect(await post("alpen-muc", opened.caseNumber, form("draft", { comment: "late", version: 2 }))).toMatchObject({ ok: false });
    expect(await draftOf(ctx.db, opened.id)).toBeNull();
  });
});

describe("a draft's files and the clean-up job", () => {
  it("keeps them while the draft exists, and removes draft and files once the case is closed", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0 });
    const file = pdf("signed_receipt");
    await post("alpen-muc", opened.caseNumber, form("draft", { comment: "soon", attachments: [file] }));
    const stored = attachmentPath(file.sha256, ctx.dataDir);
    const old = new Date(NOW.getTime() - 3 * 86_400_000);
    fs.utimesSync(stored, old, old);
    await cleanUpAttachments(ctx.db, NOW, ctx.dataDir);
    expect(fs.existsSync(stored)).toBe(true);
    await ctx.db.updateTable("cases").set({ status: "closed", outcome: "lost" }).where("id", "=", opened.id).execute();
    const report = await cleanUpAttachments(ctx.db, NOW, ctx.dataDir);
    expect(report.removedDrafts).toBe(1);
    expect(await draftOf(ctx.db, opened.id)).toBeNull();
    expect(fs.existsSync(stored)).toBe(false);
  });
});

describe("two saves of one draft at once", () => {
  it("from two processes: one is saved, the other is told the draft changed; nothing is lost silently", { timeout: 120_000 }, async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "inquiry", { at: T0 });
    const save = (username: string, comment: string) => ({
      kind: "saveDraft" as const,
      username,
      caseNumber: opened.caseNumber,
      draftVersion: 0,
      comment,
      now: NOW.toISOString(),
    });
    const answers = await race(ctx.location, [save("alpen-muc", "from München"), save("alpen-hq", "from head office")]);
    const values = answers.map((a) => {
      if (!a.ok) throw new Error(a.error);
      return a.value as { ok: boolean; problems?: { key: string }[] };
    });
    expect(values.filter((v) => v.ok)).toHaveLength(1);
    expect(values.filter((v) => !v.ok).map((v) => v.problems?.[0]?.key)).toEqual(["draft.error.changed"]);
    const draft = await draftOf(ctx.db, opened.id);
    expect(draft?.version).toBe(1);
    const winner = values[0]!.ok ? "from München" : "from head office";
    expect(draft?.comment).toBe(winner);
  });
});
