import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../../db/connection";
import type { SeededIds } from "../../../db/demo/organisations";
import { tableNames } from "../../../tests/setup/db";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { MAX_FILE_BYTES, parseResponseUpload, RequestTooLargeError, type StagedUpload } from "./attachment-store.server";
import { isRefused } from "./common.server";
import { openCaseIn } from "./open-case.server";
import { runDeadlineSweep } from "./deadline-sweep.server";
import { decideCase } from "./decide.server";
import { setUrgentFlag } from "./flag-urgent.server";
import { requestInformation } from "./request-information.server";
import { submitResponse, type ResponseSubmission } from "./respond.server";

const T0 = new Date("2026-11-02T09:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-hq", "alpen-muc", "noord-hq", "noord-ams", "harbor-hq", "analyst"]);
const dataDir = ctx.dataDir;
let db: DB;
let ids: SeededIds;
const actors = ctx.actors;
beforeAll(() => {
  db = ctx.db;
  ids = ctx.ids;
});

function openCase(
  accountKey: string,
  type: "inquiry" | "chargeback",
  options: { amountMinor?: number; documents?: string[]; at?: Date; database?: DB } = {},
) {
  return openTestCase(options.database ?? db, ids.accounts[accountKey]!, type, { ...options, at: options.at ?? T0 });
}

async function caseRow(caseNumber: string) {
  return db.selectFrom("cases").selectAll().where("case_number", "=", caseNumber).executeTakeFirstOrThrow();
}

function pdfUpload(requiredDocument: string | null): StagedUpload {
  const file = path.join(dataDir, `staged-${Math.random().toString(36).slice(2)}`);
  const bytes = Buffer.from("%PDF-1.4\n% test\n");
  fs.writeFileSync(file, bytes);
  return {
    tempPath: file,
    fieldName: "file_0",
    sha256: hash(bytes),
    originalName: "receipt.pdf",
    mediaType: "application/pdf",
    sizeBytes: bytes.length,
    requiredDocument,
  };
}
function hash(bytes: Buffer) {
  return createHash("sha256").update(bytes).digest("hex");
}

function submission(version: number, overrides: Partial<ResponseSubmission> = {}): ResponseSubmission {
  return { comment: "", creditText: "", accept: false, version, attachments: [], ...overrides };
}

const NOW = new Date("2026-11-05T10:00:00Z");

/** Row counts of every table and the files in the attachment store: "nothing was written". */
async function everyTableAndTheStore() {
  const counts: Record<string, number> = {};
  for (const name of await tableNames(db)) {
    const row = await db
      .selectFrom(name as never)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[name] = Number(row.n);
  }
  const store = path.join(dataDir, "attachments");
  const files = fs.existsSync(store) ? fs.readdirSync(store, { recursive: true }).map(String).sort() : [];
  return { counts, files };
}

describe("merchant response", () => {
  it("a partial credit with every document moves the inquiry to review and books the credit", async () => {
    const opened = await openCase("alpen-muc", "inquiry");
    const result = await submitResponse(
      db,
      actors["alpen-muc"]!,
      opened.caseNumber,
      submission(1, {
        comment: "Guest stayed two nights",
        creditText: "25.00",
        attachments: [pdfUpload("signed_receipt"), pdfUpload("itemised_invoice")],
      }),
      NOW,
    );
    expect(result).toEqual({ ok: true, status: "under_review", outcome: null });
    const row = await caseRow(opened.caseNumber);
    expect(row.version).toBe(2);
    const ledger = await db.selectFrom("ledger_entries").selectAll().where("case_id", "=", opened.id).execute();
    expect(ledger.map((l) => [l.kind, l.amount_minor])).toEqual([["credit", 2500]]);
    const files = await db.selectFrom("case_attachments").selectAll().where("case_id", "=", opened.id).execute();
    expect(files).toHaveLength(2);
    expect(fs.existsSync(path.join(dataDir, "attachments", files[0]!.sha256.slice(0, 2), files[0]!.sha256))).toBe(true);
    const events = await db
      .selectFrom("case_events")
      .select(["event_type", "to_status"])
      .where("case_id", "=", opened.id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { event_type: "opened", to_status: "awaiting_response" },
      { event_type: "respond", to_status: "under_review" },
    ]);
  });

  it("a full credit closes the inquiry as credit_issued without documents", async () => {
    const opened = await openCase("alpen-muc", "inquiry");
    const result = await submitResponse(db, actors["alpen-muc"]!, opened.caseNumber, submission(1, { creditText: "100,00" }), NOW);
    expect(result).toEqual({ ok: true, status: "closed", outcome: "credit_issued" });
  });

  it("refuses a credit on a chargeback", async () => {
    const opened = await openCase("alpen-muc", "chargeback");
    const result = await submitResponse(
      db,
      actors["alpen-muc"]!,
      opened.caseNumber,
      submission(1, { comment: "x", creditText: "10" }),
      NOW,
    );
    expect(isRefused(result) && result.status).toBe(400);
    expect(isRefused(result) && result.problems.map((p) => p.key)).toContain("response.error.credit_not_allowed_on_chargeback");
  });

  it("refuses a credit on an inquiry once a chargeback exists for the transaction", async () => {
    const inquiry = await openCase("alpen-muc", "inquiry");
    const row = await caseRow(inquiry.caseNumber);
    const account = await db.selectFrom("accounts").selectAll().where("id", "=", row.account_id).executeTakeFirstOrThrow();
    await db.transaction().execute((trx) =>
      openCaseIn(
        trx,
        {
          type: "chargeback",
          accountId: account.id,
          timeZone: account.time_zone,
          transactionId: row.transaction_id,
          amountMinor: 5000,
          currency: "EUR",
          reasonCode: "13.1",
          reasonText: "x",
          requiredDocuments: [],
          relatedCaseId: null,
          openedByUserId: null,
          origin: "manual",
        },
        T0,
      ),
    );
    const result = await submitResponse(db, actors["alpen-muc"]!, inquiry.caseNumber, submission(1, { creditText: "10" }), NOW);
    expect(isRefused(result) && result.problems.map((p) => p.key)).toContain("response.error.credit_after_chargeback");
  });

  it("refuses a credit above the remaining amount", async () => {
    const opened = await openCase("alpen-muc", "inquiry", { amountMinor: 10_000 });
    const result = await submitResponse(db, actors["alpen-muc"]!, opened.caseNumber, submission(1, { creditText: "100.01" }), NOW);
    expect(isRefused(result) && result.problems).toContainEqual({
      field: "credit",
      key: "response.error.credit_exceeds_remaining",
      params: { maxMinor: 10_000, currency: "EUR" },
    });
  });

  it("refuses a credit amount that is not a number", async () => {
    const opened = await openCase("alpen-muc", "inquiry");
    const result = await submitResponse(db, actors["alpen-muc"]!, opened.caseNumber, submission(1, { creditText: "12abc" }), NOW);
    expect(isRefused(result) && result.status).toBe(400);
  });

  it('refuses a three-decimal credit that could be read two ways (KWD "1.234"), and books it written unambiguously', async () => {
    const muc = ids.accounts["alpen-muc"]!;
    // A dinar account for this case only: the case keeps the currency it was opened in.
    await db.updateTable("accounts").set({ currency: "KWD" }).where("id", "=", muc).execute();
    const opened = await openCase("alpen-muc", "inquiry", { amountMinor: 10_000 }).finally(() =>
      db.updateTable("accounts").set({ currency: "EUR" }).where("id", "=", muc).execute(),
    );
    const before = await everyTableAndTheStore();
    const ambiguous = await submitResponse(db, actors["alpen-muc"]!, opened.caseNumber, submission(1, { creditText: "1.234" }), NOW);
    expect(ambiguous).toEqual({ ok: false, status: 400, problems: [{ field: "credit", key: "money.error.ambiguousGrouping" }] });
    expect(await everyTableAndTheStore()).toEqual(before);

    const decimal = await submitResponse(
      db,
      actors["alpen-muc"]!,
      opened.caseNumber,
      submission(1, { creditText: "1.2340", attachments: [pdfUpload("signed_receipt"), pdfUpload("itemised_invoice")] }),
      NOW,
    );
    expect(decimal).toMatchObject({ ok: true, status: "under_review" });
    const ledger = await db
      .selectFrom("ledger_entries")
      .select(["kind", "amount_minor", "currency"])
      .where("case_id", "=", opened.id)
      .execute();
    expect(ledger).toEqual([{ kind: "credit", amount_minor: 1234, currency: "KWD" }]);
  });

  it("refuses an incomplete inquiry response and names what is missing", async () => {
    const opened = await openCase("alpen-muc", "inquiry");
    const result = await submitResponse(
      db,
      actors["alpen-muc"]!,
      opened.caseNumber,
      submission(1, { comment: "See receipt", attachments: [pdfUpload("signed_receipt")] }),
      NOW,
    );
    expect(isRefused(result) && result.problems).toEqual([
      { field: "attachments", key: "response.error.missing_required_document", params: { document: "itemised_invoice" } },
    ]);
    expect((await caseRow(opened.caseNumber)).status).toBe("awaiting_response");
  });

  it("refuses a response after the deadline", async () => {
    const opened = await openCase("alpen-muc", "chargeback");
    const row = await caseRow(opened.caseNumber);
    const late = new Date(new Date(row.respond_by).getTime() + 1);
    const result = await submitResponse(db, actors["alpen-muc"]!, opened.caseNumber, submission(1, { comment: "too late" }), late);
    expect(isRefused(result) && result.problems.map((p) => p.key)).toEqual(["case.refusal.deadline_passed"]);
    // ...but at the last millisecond it is still accepted.
    const onTime = await submitResponse(
      db,
      actors["alpen-muc"]!,
      opened.caseNumber,
      submission(1, { comment: "just in time" }),
      new Date(row.respond_by),
    );
    expect(onTime.ok).toBe(true);
  });

  it("a refused transition leaves the attachment store and every table untouched", async () => {
    const opened = await openCase("alpen-muc", "inquiry");
    const row = await caseRow(opened.caseNumber);
    const late = new Date(new Date(row.respond_by).getTime() + 1);
    const upload = pdfUpload("signed_receipt");
    // Content of its own, so it cannot be in the store already from another test.
    const bytes = Buffer.from(`%PDF-1.4\n% refused ${opened.caseNumber}\n`);
    fs.writeFileSync(upload.tempPath, bytes);
    upload.sha256 = hash(bytes);
    const before = await everyTableAndTheStore();
    const result = await submitResponse(
      db,
      actors["alpen-muc"]!,
      opened.caseNumber,
      submission(1, { comment: "late", creditText: "10.00", attachments: [upload, pdfUpload("itemised_invoice")] }),
      late,
    );
    expect(isRefused(result) && result.problems.map((p) => p.key)).toEqual(["case.refusal.deadline_passed"]);
    expect(await everyTableAndTheStore()).toEqual(before);
    expect(fs.existsSync(path.join(dataDir, "attachments", upload.sha256.slice(0, 2), upload.sha256))).toBe(false);
    // The staged file of a refused submission is gone too.
    expect(fs.existsSync(upload.tempPath)).toBe(false);
  });

  it("a second credit after a request for information is held to what remains after the first", async () => {
    const opened = await openCase("alpen-muc", "inquiry", { amountMinor: 10_000, documents: [] });
    const first = await submitResponse(
      db,
      actors["alpen-muc"]!,
      opened.caseNumber,
      submission(1, { comment: "Part", creditText: "60.00" }),
      NOW,
    );
    expect(first).toMatchObject({ ok: true, status: "under_review" });
    const asked = await requestInformation(db, actors.analyst!, opened.caseNumber, { message: "More, please", days: 5, version: 2 }, NOW);
    expect(asked.ok).toBe(true);
    const tooMuch = await submitResponse(db, actors["alpen-muc"]!, opened.caseNumber, submission(3, { creditText: "40.01" }), NOW);
    expect(isRefused(tooMuch) && tooMuch.problems).toEqual([
      { field: "credit", key: "response.error.credit_exceeds_remaining", params: { maxMinor: 4_000, currency: "EUR" } },
    ]);
    // What remains is a full credit: the inquiry closes.
    const rest = await submitResponse(db, actors["alpen-muc"]!, opened.caseNumber, submission(3, { creditText: "40.00" }), NOW);
    expect(rest).toEqual({ ok: true, status: "closed", outcome: "credit_issued" });
  });

  it("refuses a stale version and overwrites nothing", async () => {
    const opened = await openCase("alpen-muc", "chargeback");
    const first = await submitResponse(db, actors["alpen-hq"]!, opened.caseNumber, submission(1, { comment: "from head office" }), NOW);
    expect(first.ok).toBe(true);
    const second = await submitResponse(db, actors["alpen-muc"]!, opened.caseNumber, submission(1, { comment: "from the location" }), NOW);
    expect(isRefused(second) && second.status).toBe(409);
    expect(isRefused(second) && second.problems[0]!.key).toBe("disputes.error.conflict");
    const responses = await db.selectFrom("case_responses").select("comment").where("case_id", "=", opened.id).execute();
    expect(responses).toEqual([{ comment: "from head office" }]);
  });

  it("refuses head office under local handling with 403, and lets the location answer", async () => {
    const opened = await openCase("noord-ams", "chargeback");
    const result = await submitResponse(db, actors["noord-hq"]!, opened.caseNumber, submission(1, { comment: "head office" }), NOW);
    expect(isRefused(result) && result.status).toBe(403);
    expect(isRefused(result) && result.problems[0]!.key).toBe("disputes.localHandling");
    const byLocation = await submitResponse(db, actors["noord-ams"]!, opened.caseNumber, submission(1, { comment: "location" }), NOW);
    expect(byLocation.ok).toBe(true);
  });

  it("settles who may answer before the upload is read: a refused actor's upload is never read", async () => {
    const opened = await openCase("noord-ams", "chargeback");
    let read = 0;
    const reader = () => {
      read += 1;
      return Promise.resolve(submission(1, { comment: "head office" }));
    };
    const refusedHq = await submitResponse(db, actors["noord-hq"]!, opened.caseNumber, reader, NOW);
    expect(isRefused(refusedHq) && [refusedHq.status, refusedHq.problems[0]!.key]).toEqual([403, "disputes.localHandling"]);
    const other = await submitResponse(db, actors["alpen-hq"]!, opened.caseNumber, reader, NOW);
    expect(isRefused(other) && other.status).toBe(404);
    expect(read).toBe(0);
    const byLocation = await submitResponse(db, actors["noord-ams"]!, opened.caseNumber, reader, NOW);
    expect(byLocation.ok).toBe(true);
    expect(read).toBe(1);
  });

  it("answers 404 for another organisation's case and another location's case", async () => {
    const opened = await openCase("harbor-bos", "chargeback");
    const result = await submitResponse(db, actors["alpen-hq"]!, opened.caseNumber, submission(1, { comment: "x" }), NOW);
    expect(isRefused(result) && result.status).toBe(404);
    const otherLocation = await openCase("alpen-gap", "chargeback");
    const byMuc = await submitResponse(db, actors["alpen-muc"]!, otherLocation.caseNumber, submission(1, { comment: "x" }), NOW);
    expect(isRefused(byMuc) && byMuc.status).toBe(404);
    const bogus = await submitResponse(db, actors["alpen-muc"]!, "'; drop table cases; --", submission(1, { comment: "x" }), NOW);
    expect(isRefused(bogus) && bogus.status).toBe(404);
  });

  it("accepting a chargeback closes it as accepted; an inquiry cannot be accepted", async () => {
    const chargeback = await openCase("alpen-muc", "chargeback");
    const accepted = await submitResponse(db, actors["alpen-muc"]!, chargeback.caseNumber, submission(1, { accept: true }), NOW);
    expect(accepted).toEqual({ ok: true, status: "closed", outcome: "accepted" });
    const inquiry = await openCase("alpen-muc", "inquiry");
    const refusedAccept = await submitResponse(db, actors["alpen-muc"]!, inquiry.caseNumber, submission(1, { accept: true }), NOW);
    expect(isRefused(refusedAccept) && refusedAccept.status).toBe(400);
  });
});

describe("disputes team", () => {
  it("charging back an inquiry opens a linked chargeback for the amount after credits, debited", async () => {
    const inquiry = await openCase("alpen-muc", "inquiry", { amountMinor: 10_000 });
    await submitResponse(
      db,
      actors["alpen-muc"]!,
      inquiry.caseNumber,
      submission(1, { creditText: "30", attachments: [pdfUpload("signed_receipt"), pdfUpload("itemised_invoice")] }),
      NOW,
    );
    const noNote = await decideCase(db, actors["analyst"]!, inquiry.caseNumber, { decision: "charge_back", note: " ", version: 2 }, NOW);
    expect(isRefused(noNote) && noNote.status).toBe(400);
    const wrong = await decideCase(db, actors["analyst"]!, inquiry.caseNumber, { decision: "won", note: "x", version: 2 }, NOW);
    expect(isRefused(wrong) && wrong.status).toBe(400);
    const merchant = await decideCase(db, actors["alpen-hq"]!, inquiry.caseNumber, { decision: "resolve", note: "x", version: 2 }, NOW);
    expect(isRefused(merchant) && merchant.status).toBe(403);

    const decided = await decideCase(
      db,
      actors["analyst"]!,
      inquiry.caseNumber,
      { decision: "charge_back", note: "Receipt unsigned", version: 2 },
      NOW,
    );
    if (!decided.ok) throw new Error(JSON.stringify(decided));
    const chargeback = await caseRow(decided.chargebackNumber!);
    expect(chargeback).toMatchObject({
      type: "chargeback",
      disputed_amount_minor: 7000,
      status: "awaiting_response",
      related_case_id: inquiry.id,
    });
    expect(chargeback.case_number).toMatch(/^CB-2026-\d{6}$/);
    const closed = await caseRow(inquiry.caseNumber);
    expect(closed).toMatchObject({ status: "closed", outcome: "charged_back", related_case_id: chargeback.id });
    const debit = await db.selectFrom("ledger_entries").selectAll().where("case_id", "=", chargeback.id).execute();
    expect(debit.map((d) => [d.kind, d.amount_minor])).toEqual([["chargeback", 7000]]);

    // The chargeback now has no credit, and winning it reverses the debit.
    const credit = await submitResponse(
      db,
      actors["alpen-hq"]!,
      chargeback.case_number,
      submission(1, { comment: "x", creditText: "1" }),
      NOW,
    );
    expect(isRefused(credit) && credit.status).toBe(400);
    const answered = await submitResponse(
      db,
      actors["alpen-hq"]!,
      chargeback.case_number,
      submission(1, { comment: "Signed copy attached", attachments: [pdfUpload(null)] }),
      NOW,
    );
    expect(answered.ok).toBe(true);
    const won = await decideCase(
      db,
      actors["analyst"]!,
      chargeback.case_number,
      { decision: "won", note: "Signature valid", version: 2 },
      NOW,
    );
    expect(won.ok).toBe(true);
    const ledger = await db
      .selectFrom("ledger_entries")
      .select(["kind", "amount_minor"])
      .where("case_id", "=", chargeback.id)
      .orderBy("id")
      .execute();
    expect(ledger).toEqual([
      { kind: "chargeback", amount_minor: 7000 },
      { kind: "chargeback_reversal", amount_minor: 7000 },
    ]);
  });

  it("requesting information reopens the case with a new respond-by; urgent flag toggles", async () => {
    const chargeback = await openCase("noord-ams", "chargeback");
    await submitResponse(db, actors["noord-ams"]!, chargeback.caseNumber, submission(1, { comment: "See terms" }), NOW);
    const past = await requestInformation(db, actors["analyst"]!, chargeback.caseNumber, { message: "", days: 10, version: 2 }, NOW);
    expect(isRefused(past) && past.status).toBe(400);
    const asked = await requestInformation(
      db,
      actors["analyst"]!,
      chargeback.caseNumber,
      { message: "Send the invoice", days: 10, version: 2 },
      NOW,
    );
    if (!asked.ok) throw new Error(JSON.stringify(asked));
    // 5 Nov + 10 days, end of day in Amsterdam (CET, UTC+1).
    expect(asked.respondBy.toISOString()).toBe("2026-11-15T22:59:59.999Z");
    expect(await caseRow(chargeback.caseNumber)).toMatchObject({
      status: "awaiting_response",
      respond_by: "2026-11-15T22:59:59.999Z",
      version: 3,
    });
    expect((await setUrgentFlag(db, actors["analyst"]!, chargeback.caseNumber, { urgent: true, version: 3 }, NOW)).ok).toBe(true);
    expect((await caseRow(chargeback.caseNumber)).urgent_flag).toBe(1);
    const stale = await setUrgentFlag(db, actors["analyst"]!, chargeback.caseNumber, { urgent: false, version: 3 }, NOW);
    expect(isRefused(stale) && stale.status).toBe(409);
  });
});

function multipart(parts: Array<{ name: string; value: string } | { name: string; filename: string; body: Uint8Array }>) {
  const boundary = "----test-boundary-7MA4YWxkTrZu0gW";
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ("filename" in part) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
      );
      chunks.push(Buffer.from(part.body));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}`));
    }
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  return new Request("http://localhost/upload", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
  });
}

/** Parts with a hand-written Content-Disposition (after "form-data; "), as browsers and tools send them. */
function multipartRaw(parts: { disposition: string; body: Uint8Array }[]) {
  const boundary = "----raw-boundary-9f8e7d";
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${part.disposition}\r\nContent-Type: application/pdf\r\n\r\n`, "utf8"),
    );
    chunks.push(Buffer.from(part.body), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Request("http://localhost/upload", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat(chunks),
  });
}

describe("attachments", () => {
  it("refuses a file named .pdf whose content is HTML, naming it, and keeps the other fields", async () => {
    const parsed = await parseResponseUpload(
      multipart([
        { name: "comment", value: "Kept comment" },
        { name: "file_0", filename: "receipt.pdf", body: Buffer.from("<!doctype html><html><script>alert(1)</script></html>") },
        { name: "file_1", filename: "real.pdf", body: Buffer.from("%PDF-1.7\n...") },
      ]),
      { db },
    );
    expect(parsed.rejections).toEqual([{ fileName: "receipt.pdf", reason: "bad_type" }]);
    expect(parsed.form.get("comment")).toBe("Kept comment");
    expect(parsed.files.map((f) => [f.originalName, f.mediaType])).toEqual([["real.pdf", "application/pdf"]]);
  });

  it("takes RFC 7578 file names: '=', ';', quotes, UTF-8 and filename*", async () => {
    const pdf = Buffer.from("%PDF-1.7\nnamed");
    const parsed = await parseResponseUpload(
      multipartRaw(
        [
          'name="file_0"; filename="invoice=2026.pdf"',
          'name="file_1"; filename="Rechnung; Kopie.pdf"',
          'name="file_2"; filename="Angebot M\u00fcller.pdf"',
          "name=\"file_3\"; filename*=UTF-8''Re%C3%A7u%20n%C2%B01.pdf",
          'name="file_4"; filename="say \\"hi\\".pdf"',
          'name="file_5"; filename="C:\\fakepath\\scan.pdf"',
        ]
          .map((disposition) => ({ disposition, body: pdf }))
          .concat([{ disposition: 'name="comment"', body: Buffer.from("kept") }]),
      ),
      { db },
    );
    expect(parsed.rejections).toEqual([]);
    expect(parsed.files.map((f) => [f.fieldName, f.originalName])).toEqual([
      ["file_0", "invoice=2026.pdf"],
      ["file_1", "Rechnung; Kopie.pdf"],
      ["file_2", "Angebot M\u00fcller.pdf"],
      ["file_3", "Re\u00e7u n\u00b01.pdf"],
      ["file_4", "say hi.pdf"],
      ["file_5", "scan.pdf"],
    ]);
    expect(parsed.form.get("comment")).toBe("kept");
  });

  it("names a file the form broke off in, and keeps the fields read before it", async () => {
    const boundary = "----cut-boundary";
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="comment"\r\n\r\nKept comment\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file_0"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 and then nothing`,
    );
    const request = new Request("http://localhost/upload", {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    const staged = () => (fs.existsSync(path.join(dataDir, "tmp-uploads")) ? fs.readdirSync(path.join(dataDir, "tmp-uploads")).sort() : []);
    const before = staged();
    const parsed = await parseResponseUpload(request, { db });
    expect(parsed.rejections).toEqual([{ fileName: "scan.pdf", reason: "incomplete" }]);
    expect(parsed.files).toEqual([]);
    expect(parsed.form.get("comment")).toBe("Kept comment");
    // No partial file is left behind.
    expect(staged()).toEqual(before);
  });

  it("accepts a file of exactly the size limit and refuses one byte more, naming it", async () => {
    const exact = new Uint8Array(MAX_FILE_BYTES);
    exact.set(Buffer.from("%PDF-1.4"));
    const over = new Uint8Array(MAX_FILE_BYTES + 1);
    over.set(Buffer.from("%PDF-1.4"));
    const parsed = await parseResponseUpload(
      multipart([
        { name: "file_0", filename: "exact.pdf", body: exact },
        { name: "file_1", filename: "over.pdf", body: over },
      ]),
      { db },
    );
    expect(parsed.files.map((f) => [f.originalName, f.sizeBytes])).toEqual([["exact.pdf", MAX_FILE_BYTES]]);
    expect(parsed.rejections).toEqual([{ fileName: "over.pdf", reason: "too_large" }]);
  });

  it("reads the whole form past a 200 KiB text field, cutting the field, and keeps the files after it", async () => {
    const parsed = await parseResponseUpload(
      multipart([
        { name: "comment", value: "x".repeat(200 * 1024) },
        { name: "file_0", filename: "after.pdf", body: Buffer.from("%PDF-1.4 after") },
        { name: "credit", value: "12.50" },
      ]),
      { db },
    );
    expect(parsed.form.get("comment")).toHaveLength(64 * 1024);
    expect(parsed.form.get("credit")).toBe("12.50");
    expect(parsed.files.map((f) => f.originalName)).toEqual(["after.pdf"]);
  });

  it("refuses an 11 MiB file", async () => {
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(Buffer.from("%PDF-1.4"));
    const parsed = await parseResponseUpload(
      multipart([
        { name: "file_0", filename: "scan.pdf", body: big },
        { name: "comment", value: "after" },
      ]),
      { db },
    );
    expect(parsed.rejections).toEqual([{ fileName: "scan.pdf", reason: "too_large" }]);
    expect(parsed.files).toEqual([]);
    expect(parsed.form.get("comment")).toBe("after");
    expect(MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
  });

  it("recognises PNG, JPEG and TIFF by content and refuses the eleventh file", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1]);
    const tiff = Buffer.from([0x49, 0x49, 0x2a, 0x00, 1]);
    const files = Array.from({ length: 11 }, (_, i) => ({ name: `file_${i}`, filename: `f${i}.bin`, body: [png, jpeg, tiff][i % 3]! }));
    const parsed = await parseResponseUpload(multipart(files), { db });
    expect(parsed.files.slice(0, 3).map((f) => f.mediaType)).toEqual(["image/png", "image/jpeg", "image/tiff"]);
    expect(parsed.files).toHaveLength(10);
    expect(parsed.rejections).toEqual([{ fileName: "f10.bin", reason: "too_many" }]);
  });

  it("cuts off a request body over the total limit", async () => {
    const request = multipart([{ name: "file_0", filename: "a.pdf", body: Buffer.from("%PDF-" + "x".repeat(5000)) }]);
    await expect(parseResponseUpload(request, { db, maxRequestBytes: 1000 })).rejects.toBeInstanceOf(RequestTooLargeError);
  });
});

describe("deadline job", () => {
  it("closes an overdue inquiry once and opens exactly one no-reply chargeback, even when run twice", async () => {
    const inquiry = await openCase("harbor-bos", "inquiry", { amountMinor: 4200 });
    const row = await caseRow(inquiry.caseNumber);
    const after = new Date(new Date(row.respond_by).getTime() + 60_000);
    const first = await runDeadlineSweep(db, after);
    expect(first.noReplyChargebacks).toBeGreaterThanOrEqual(1);
    await runDeadlineSweep(db, after);
    await runDeadlineSweep(db, new Date(after.getTime() + 3_600_000));
    const closed = await caseRow(inquiry.caseNumber);
    expect(closed).toMatchObject({ status: "closed", outcome: "no_reply" });
    const chargebacks = await db
      .selectFrom("cases")
      .selectAll()
      .where("transaction_id", "=", row.transaction_id)
      .where("type", "=", "chargeback")
      .execute();
    expect(chargebacks).toHaveLength(1);
    expect(chargebacks[0]).toMatchObject({ related_case_id: inquiry.id, disputed_amount_minor: 4200, status: "awaiting_response" });
    expect(closed.related_case_id).toBe(chargebacks[0]!.id);
    const events = await db.selectFrom("case_events").select("event_type").where("case_id", "=", inquiry.id).execute();
    expect(events.filter((e) => e.event_type === "deadline_passed")).toHaveLength(1);
  });

  it("expires an overdue chargeback and announces the urgent window once", async () => {
    const chargeback = await openCase("harbor-nyc", "chargeback");
    const row = await caseRow(chargeback.caseNumber);
    const inWindow = new Date(new Date(row.respond_by).getTime() - 2 * 86_400_000);
    const a = await runDeadlineSweep(db, inWindow);
    expect(a.urgentNotified).toBeGreaterThanOrEqual(1);
    expect((await caseRow(chargeback.caseNumber)).urgent_window_notified_at).toBe(inWindow.toISOString());
    const again = await runDeadlineSweep(db, new Date(inWindow.getTime() + 60_000));
    expect(again.urgentNotified).toBe(0);
    await runDeadlineSweep(db, new Date(new Date(row.respond_by).getTime() + 1));
    expect(await caseRow(chargeback.caseNumber)).toMatchObject({ status: "closed", outcome: "expired" });
  });
});
