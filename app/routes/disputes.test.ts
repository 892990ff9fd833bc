import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { openTestCase } from "../../tests/setup/disputes";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as caseAction, loader as caseLoader } from "./disputes.$caseNumber._index";
import { loader as downloadLoader } from "./disputes.$caseNumber.attachments.$id";
import { loader as listLoader } from "./disputes._index";
import { loader as overviewLoader } from "./overview";
import { action as reviewAction, loader as reviewCaseLoader } from "./review.$caseNumber";
import { loader as queueLoader } from "./review._index";
import { action as openAction } from "./review.new";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-routes-"));
process.env.DATA_DIR = dataDir;

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const cookies: Record<string, string> = {};
const cases: Record<string, string> = {};

async function open(key: string, accountKey: string, type: "inquiry" | "chargeback", documents: string[] = ["signed_receipt"]) {
  const opened = await openTestCase(ctx.db, ctx.ids.accounts[accountKey]!, type, { documents, at: new Date() });
  cases[key] = opened.caseNumber;
}

beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  for (const username of ["alpen-muc", "alpen-hq", "noord-hq", "noord-ams", "analyst", "harbor-hq"]) {
    const { token } = await createSession(ctx.db, ctx.ids.users[username]!, new Date());
    cookies[username] = await sessionCookie.serialize(token);
  }
  await open("muc", "alpen-muc", "inquiry");
  await open("ams", "noord-ams", "chargeback");
  await open("muc2", "alpen-muc", "chargeback");
});
afterAll(async () => {
  await ctx.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function get(url: string, as: string): Request {
  return new Request(new URL(url, "http://localhost"), { headers: { Cookie: cookies[as]! } });
}

function multipartRequest(
  url: string,
  as: string,
  fields: Record<string, string>,
  files: { name: string; filename: string; body: Buffer }[] = [],
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.name, new Blob([new Uint8Array(f.body)], { type: "application/pdf" }), f.filename);
  return new Request(new URL(url, "http://localhost"), { method: "POST", body: form, headers: { Cookie: cookies[as]! } });
}

const PDF = Buffer.from("%PDF-1.4\n%route test\n");
const HTML = Buffer.from("<!DOCTYPE html><html><body>not a pdf</body></html>");

type Refusal = {
  data: { problems: { key: string; params?: Record<string, unknown> }[]; values: { comment: string } };
  init: ResponseInit | null;
};

describe("the response action (multipart)", () => {
  const params = () => ({ caseNumber: cases.muc! });

  it("refuses a file that claims .pdf but is HTML, naming it, and keeps the comment", async () => {
    const result = (await responseOf(() =>
      caseAction({
        request: multipartRequest(
          `/disputes/${cases.muc}`,
          "alpen-muc",
          { comment: "My comment", intent: "respond", version: "1", tag_0: "signed_receipt" },
          [{ name: "file_0", filename: "receipt.pdf", body: HTML }],
        ),
        params: params(),
        context: {},
      }),
    )) as Refusal;
    expect(result.init?.status).toBe(400);
    expect(result.data.problems).toEqual([
      { field: "attachments", key: "upload.error.bad_type", params: { file: "receipt.pdf", maxMib: 10, maxFiles: 10 } },
    ]);
    expect(result.data.values.comment).toBe("My comment");
  });

  it("refuses an incomplete response and says which document is missing", async () => {
    const result = (await responseOf(() =>
      caseAction({
        request: multipartRequest(`/disputes/${cases.muc}`, "alpen-muc", { comment: "x", intent: "respond", version: "1" }),
        params: params(),
        context: {},
      }),
    )) as Refusal;
    expect(result.init?.status).toBe(400);
    expect(result.data.problems.map((p) => [p.key, p.params?.document])).toEqual([
      ["response.error.missing_required_document", "signed_receipt"],
    ]);
  });

  it("answers 400, never 500, for forged intents, versions and bodies", async () => {
    for (const fields of [{ intent: "decide", version: "1" }, { intent: "respond", version: "abc" }, { intent: "respond" }] as Record<
      string,
      string
    >[]) {
      const result = (await responseOf(() =>
        caseAction({ request: multipartRequest(`/disputes/${cases.muc}`, "alpen-muc", fields), params: params(), context: {} }),
      )) as Refusal;
      expect(result.init?.status).toBe(400);
    }
    const urlencoded = await responseOf(() =>
      caseAction({
        request: formRequest(`/disputes/${cases.muc}`, { intent: "respond" }, { Cookie: cookies["alpen-muc"]! }),
        params: params(),
        context: {},
      }),
    );
    expect((urlencoded as Response).status).toBe(400);
    const credit = (await responseOf(() =>
      caseAction({
        request: multipartRequest(`/disputes/${cases.muc}`, "alpen-muc", { intent: "respond", version: "1", credit: "-5" }),
        params: params(),
        context: {},
      }),
    )) as Refusal;
    expect(credit.init?.status).toBe(400);
  });

  it("accepts a complete response with a tagged PDF and redirects to the case", async () => {
    const result = await responseOf(() =>
      caseAction({
        request: multipartRequest(
          `/disputes/${cases.muc}`,
          "alpen-muc",
          { comment: "Receipt attached", intent: "respond", version: "1", tag_0: "signed_receipt", credit: "10,50" },
          [{ name: "file_0", filename: "receipt.pdf", body: PDF }],
        ),
        params: params(),
        context: {},
      }),
    );
    expect((result as Response).status).toBe(302);
    expect((result as Response).headers.get("Location")).toBe(`/disputes/${cases.muc}?done=response`);
    const again = (await responseOf(() =>
      caseAction({
        request: multipartRequest(`/disputes/${cases.muc}`, "alpen-hq", { comment: "late", intent: "respond", version: "1" }),
        params: params(),
        context: {},
      }),
    )) as Refusal;
    expect(again.init?.status).toBe(409);
  });

  it("a file the form broke off in is named, and the typed comment is kept", async () => {
    const boundary = "----cut";
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="comment"\r\n\r\nTyped before the cut\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nrespond\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file_0"; filename="Rechnung; Kopie.pdf"\r\n\r\n%PDF-1.4 cut`;
    const result = (await responseOf(() =>
      caseAction({
        request: new Request(new URL(`/disputes/${cases.muc}`, "http://localhost"), {
          method: "POST",
          body,
          headers: { Cookie: cookies["alpen-muc"]!, "Content-Type": `multipart/form-data; boundary=${boundary}` },
        }),
        params: params(),
        context: {},
      }),
    )) as Refusal;
    expect(result.init?.status).toBe(400);
    expect(result.data.problems).toContainEqual({
      field: "attachments",
      key: "upload.error.incomplete",
      params: { file: "Rechnung; Kopie.pdf", maxMib: 10, maxFiles: 10 },
    });
    expect(result.data.values.comment).toBe("Typed before the cut");
  });

  it("gives head office under local handling a 403 and another organisation a 404", async () => {
    const local = (await responseOf(() =>
      caseAction({
        request: multipartRequest(`/disputes/${cases.ams}`, "noord-hq", { comment: "x", intent: "respond", version: "1" }),
        params: { caseNumber: cases.ams! },
        context: {},
      }),
    )) as Refusal;
    expect(local.init?.status).toBe(403);
    expect(local.data.problems[0]!.key).toBe("disputes.localHandling");
    const other = await responseOf(() =>
      caseAction({
        request: multipartRequest(`/disputes/${cases.ams}`, "alpen-hq", { comment: "x", intent: "respond", version: "1" }),
        params: { caseNumber: cases.ams! },
        context: {},
      }),
    );
    expect((other as Response).status).toBe(404);
    const bogus = await responseOf(() =>
      caseLoader({ request: get("/disputes/%00", "alpen-muc"), params: { caseNumber: "\u0000<script>" }, context: {} }),
    );
    expect((bogus as Response).status).toBe(404);
  });
});

describe("downloads and pages", () => {
  it("serves an attachment as a download, only to those who can see the case", async () => {
    const attachment = await ctx.db.selectFrom("case_attachments").select("id").executeTakeFirstOrThrow();
    const p = { caseNumber: cases.muc!, id: String(attachment.id) };
    const ok = (await responseOf(() => downloadLoader({ request: get("/x", "alpen-hq"), params: p, context: {} }))) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Disposition")).toMatch(/^attachment; filename="receipt.pdf"/);
    // nosniff comes from the server, once, for every response: tests/e2e/downloads.e2e.ts.
    expect(Buffer.from(await ok.arrayBuffer()).equals(PDF)).toBe(true);
    const analyst = (await responseOf(() => downloadLoader({ request: get("/x", "analyst"), params: p, context: {} }))) as Response;
    expect(analyst.status).toBe(200);
    for (const [as, params] of [
      ["noord-hq", p],
      ["alpen-muc", { ...p, id: "999999" }],
      ["alpen-muc", { ...p, id: "1e3" }],
    ] as const) {
      const refused = (await responseOf(() => downloadLoader({ request: get("/x", as), params, context: {} }))) as Response;
      expect(refused.status).toBe(404);
    }
  });

  it("lists with filters, survives bad cursors and filters, and counts", async () => {
    type Listed = { data: { rows: { caseNumber: string; type: string; status: string }[]; counts: Record<string, number> } };
    const list = async (url: string) =>
      ((await responseOf(() => listLoader({ request: get(url, "alpen-hq"), params: {}, context: {} }))) as Listed).data;
    const open = await list("/disputes");
    expect(open.rows.map((r) => r.caseNumber)).toEqual(expect.arrayContaining([cases.muc, cases.muc2]));
    expect(open.rows.map((r) => r.caseNumber)).not.toContain(cases.ams);
    expect(open.rows.every((r) => r.status !== "closed")).toBe(true);
    // Malformed cursors and filters are ignored: the first page of open cases again.
    const impossibleDate = Buffer.from("2026-02-30T08:00:00.000Z|1").toString("base64url");
    for (const url of [
      "/disputes?cursor=%%%",
      "/disputes?cursor=MjAyNnwx&due=abc&status=nope&account=-1&q=" + "x".repeat(500),
      `/disputes?cursor=${impossibleDate}`,
    ]) {
      expect((await list(url)).rows, url).toEqual(open.rows);
    }
    const inquiries = await list("/disputes?q=4242&type=inquiry");
    expect(inquiries.rows.map((r) => r.caseNumber)).toContain(cases.muc);
    expect(inquiries.rows.map((r) => r.caseNumber)).not.toContain(cases.muc2);
    expect(inquiries.rows.every((r) => r.type === "inquiry")).toBe(true);
    const search = (await responseOf(() =>
      listLoader({ request: get(`/disputes?q=${cases.muc}`, "alpen-muc"), params: {}, context: {} }),
    )) as {
      data: { rows: { caseNumber: string }[] };
    };
    expect(search.data.rows.map((r) => r.caseNumber)).toEqual([cases.muc]);
    const hidden = (await responseOf(() =>
      listLoader({ request: get(`/disputes?q=${cases.ams}`, "alpen-hq"), params: {}, context: {} }),
    )) as { data: { rows: unknown[] } };
    expect(hidden.data.rows).toEqual([]);
    const overview = (await responseOf(() => overviewLoader({ request: get("/overview", "alpen-hq"), params: {}, context: {} }))) as {
      data: { rows: { accountName: string; openInquiries: number; openChargebacks: number }[] };
    };
    const muc = overview.data.rows.find((r) => r.accountName.includes("München"))!;
    expect(muc).toMatchObject({ openInquiries: 1, openChargebacks: 1 });
  });

  it("review: the queue, and the decision action refuses bad input with 400", async () => {
    const queue = (await responseOf(() =>
      queueLoader({ request: get("/review?min=abc&organisation=x&urgentFirst=1", "analyst"), params: {}, context: {} }),
    )) as {
      data: { rows: { caseNumber: string }[] };
    };
    expect(queue.data.rows.map((r) => r.caseNumber)).toContain(cases.muc);
    // A cursor with an impossible or empty response time starts at the top instead of failing.
    for (const at of ["2026-13-45T25:61:61.000Z", ""]) {
      const cursor = Buffer.from(`0|${at}|1`).toString("base64url");
      const again = (await responseOf(() =>
        queueLoader({ request: get(`/review?urgentFirst=1&cursor=${cursor}`, "analyst"), params: {}, context: {} }),
      )) as typeof queue;
      expect(again.data.rows, at).toEqual(queue.data.rows);
    }
    const page = (await responseOf(() =>
      reviewCaseLoader({ request: get("/x", "analyst"), params: { caseNumber: cases.muc! }, context: {} }),
    )) as { data: { page: { case: { version: number } } } };
    const version = String(page.data.page.case.version);
    const post = (fields: Record<string, string>) =>
      responseOf(() =>
        reviewAction({
          request: formRequest(`/review/${cases.muc}`, fields, { Cookie: cookies.analyst! }),
          params: { caseNumber: cases.muc! },
          context: {},
        }),
      );
    for (const fields of [
      { intent: "decide", version, decision: "resolve", note: "" },
      { intent: "decide", version, decision: "won", note: "x" },
      { intent: "hack", version },
      { intent: "decide" },
    ] as Record<string, string>[]) {
      const r = (await post(fields)) as { init: ResponseInit | null };
      expect(r.init?.status).toBe(400);
    }
    const merchant = await responseOf(() =>
      reviewAction({
        request: formRequest(`/review/${cases.muc}`, { intent: "decide" }, { Cookie: cookies["alpen-hq"]! }),
        params: { caseNumber: cases.muc! },
        context: {},
      }),
    );
    expect((merchant as Response).status).toBe(403);
    const decided = (await post({ intent: "decide", version, decision: "resolve", note: "Receipt is fine" })) as Response;
    expect(decided.status).toBe(302);
  });

  it("opening a case by hand validates its input", async () => {
    const post = (fields: Record<string, string>) =>
      responseOf(() => openAction({ request: formRequest("/review/new", fields, { Cookie: cookies.analyst! }), params: {}, context: {} }));
    const bad = (await post({ type: "inquiry", accountId: "abc", amount: "x" })) as { init: ResponseInit | null };
    expect(bad.init?.status).toBe(400);
    const unknownRef = (await post({
      type: "chargeback",
      accountId: String(ctx.ids.accounts["alpen-muc"]),
      networkReference: "NOPE",
      amount: "10",
      reasonCode: "13.1",
      reasonText: "x",
    })) as {
      init: ResponseInit | null;
    };
    expect(unknownRef.init?.status).toBe(400);
    const created = (await post({
      type: "inquiry",
      accountId: String(ctx.ids.accounts["harbor-bos"]),
      txDate: "2026-11-01",
      txAmount: "80.00",
      txCard: "1234",
      txDescription: "Jacket",
      amount: "80",
      reasonCode: "13.3",
      reasonText: "Not as described",
    })) as Response;
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toMatch(/^\/review\/INQ-\d{4}-\d{6}$/);
  });
});

describe("odd inputs never give a 500", () => {
  function rawMultipart(url: string, as: string, parts: [string, string | { filename: string; body: Buffer }][]) {
    const form = new FormData();
    for (const [k, v] of parts) {
      if (typeof v === "string") form.append(k, v);
      else form.append(k, new Blob([new Uint8Array(v.body)], { type: "application/pdf" }), v.filename);
    }
    return new Request(new URL(url, "http://localhost"), { method: "POST", body: form, headers: { Cookie: cookies[as]! } });
  }

  it("the response action answers 4xx for odd credits, versions, fields and files", async () => {
    await open("odd", "alpen-muc", "inquiry", []);
    const n = cases.odd!;
    const variants: [string, string | { filename: string; body: Buffer }][][] = [
      ...["1e21", "١٢٣", "0.5.5", "99999999999999999999", "-0", "0", "12.345", "NaN", "Infinity", "1,000.00", "0x10"].map(
        (credit) =>
          [
            ["intent", "respond"],
            ["version", "1"],
            ["comment", "x"],
            ["credit", credit],
          ] as [string, string][],
      ),
      ...["", "1e3", "-1", "9999999999", "1.0", " 1"].map(
        (version) =>
          [
            ["intent", "respond"],
            ["version", version],
            ["comment", "x"],
          ] as [string, string][],
      ),
      [
        ["intent", "respond"],
        ["version", "2"],
        ["version", "1"],
        ["comment", "x"],
      ],
      [
        ["intent", "respond"],
        ["version", "1"],
        ["comment", { filename: "a.pdf", body: PDF }],
      ],
      [
        ["intent", "respond"],
        ["version", { filename: "a.pdf", body: PDF }],
        ["comment", "x"],
      ],
      [
        ["intent", { filename: "a.pdf", body: PDF }],
        ["version", "1"],
      ],
      [
        ["intent", "respond"],
        ["version", "1"],
        ["file_0", { filename: "", body: Buffer.alloc(0) }],
      ],
      [
        ["intent", "respond"],
        ["version", "1"],
        ["file_0", { filename: "empty.pdf", body: Buffer.alloc(0) }],
      ],
      [
        ["intent", "respond"],
        ["version", "1"],
        ["file_0", "not a file"],
      ],
      [
        ["intent", "respond"],
        ["version", "1"],
        ["file_0", { filename: "a.pdf", body: PDF }],
        ["tag_0", "hack"],
      ],
      [
        ["intent", "accept"],
        ["version", "1"],
        ["comment", "x"],
      ],
    ];
    for (const parts of variants) {
      const r = await responseOf(() =>
        caseAction({ request: rawMultipart(`/disputes/${n}`, "alpen-muc", parts), params: { caseNumber: n }, context: {} }),
      );
      expect([400, 409, 413], JSON.stringify(parts.map(([k, v]) => [k, typeof v === "string" ? v : v.filename]))).toContain(statusOf(r));
    }
  });

  it("case numbers, queue and list filters of any shape", async () => {
    for (const caseNumber of ["INQ-2026-" + "9".repeat(30), "inq-2026-000001", "CB-2026-000001%00", "INQ-٢٠٢٦-000001", ""]) {
      const r = await responseOf(() => caseLoader({ request: get("/x", "alpen-muc"), params: { caseNumber }, context: {} }));
      expect(statusOf(r as Response)).toBe(404);
    }
    for (const q of [
      "min=1e21&max=99999999999999999999",
      "min=-5&max=١٠",
      "organisation=0&type=x&reason=" + "x".repeat(100),
      "cursor=abc&min=10,5",
    ]) {
      const r = await responseOf(() => queueLoader({ request: get(`/review?${q}`, "analyst"), params: {}, context: {} }));
      expect(statusOf(r as Response)).toBe(200);
    }
    for (const q of ["due=365", "due=0", "due=1e2", "account=99999999999", "q=%00", "outcome=won&outcome=nope"]) {
      const r = await responseOf(() => listLoader({ request: get(`/disputes?${q}`, "alpen-hq"), params: {}, context: {} }));
      expect(statusOf(r as Response)).toBe(200);
    }
  });

  it("review and open-case actions refuse odd values with 400", async () => {
    await open("odd2", "alpen-muc", "inquiry", []);
    const n = cases.odd2!;
    for (const fields of [
      { intent: "request_information", version: "1", message: "x", days: "0" },
      { intent: "request_information", version: "1", message: "x", days: "99" },
      { intent: "request_information", version: "1", message: "x", days: "1e1" },
      { intent: "decide", version: "1", decision: "__proto__", note: "x" },
      { intent: "decide", version: "1", decision: "toString", note: "x" },
      { intent: "flag_urgent", version: "999999999" },
    ] as Record<string, string>[]) {
      const r = await responseOf(() =>
        reviewAction({
          request: formRequest(`/review/${n}`, fields, { Cookie: cookies.analyst! }),
          params: { caseNumber: n },
          context: {},
        }),
      );
      expect([400, 409], JSON.stringify(fields)).toContain(statusOf(r));
    }
    const base = {
      type: "inquiry",
      accountId: String(ctx.ids.accounts["alpen-muc"]),
      reasonCode: "13.1",
      reasonText: "x",
      txAmount: "10",
      txCard: "1234",
      amount: "10",
    };
    for (const fields of [
      { ...base, amount: "1e21", txDate: "2026-11-01" },
      { ...base, amount: "0", txDate: "2026-11-01" },
      { ...base, txDate: "2026-02-31" },
      { ...base, txDate: "9999-12-31" },
      { ...base, txAmount: "١٢", txDate: "2026-11-01" },
      { ...base, accountId: "999999999", txDate: "2026-11-01" },
    ] as Record<string, string>[]) {
      const r = await responseOf(() =>
        openAction({ request: formRequest("/review/new", fields, { Cookie: cookies.analyst! }), params: {}, context: {} }),
      );
      expect(statusOf(r), JSON.stringify(fields)).toBe(400);
    }
  });
});

describe("review queue filters and viewer wording", () => {
  type Queue = { data: { rows: { caseNumber: string }[]; problems: { field: string; key: string }[]; next: string | null } };
  const queue = async (q: string) =>
    (await responseOf(() => queueLoader({ request: get(`/review?${q}`, "analyst"), params: {}, context: {} }))) as Queue;

  it("asks for a currency before filtering by amount, and reads amounts in that currency", async () => {
    expect((await queue("min=10")).data.problems.map((p) => p.key)).toEqual(["review.filter.currencyNeeded"]);
    expect((await queue("currency=EUR&min=10.555")).data.problems).toEqual([
      expect.objectContaining({ field: "min", key: "review.filter.amountInvalid" }),
    ]);
    expect((await queue("currency=XXX&max=10")).data.problems.map((p) => p.key)).toEqual(["review.filter.currencyNeeded"]);
    const ok = await queue("currency=EUR&min=0&max=1000000");
    expect(ok.data.problems).toEqual([]);
  });

  it("tells the case page who is reading, for the status wording", async () => {
    const analyst = (await responseOf(() =>
      reviewCaseLoader({ request: get("/x", "analyst"), params: { caseNumber: cases.ams! }, context: {} }),
    )) as { data: { page: { viewer: string } } };
    expect(analyst.data.page.viewer).toBe("analyst");
    const merchant = (await responseOf(() =>
      caseLoader({ request: get("/x", "noord-ams"), params: { caseNumber: cases.ams! }, context: {} }),
    )) as { data: { page: { viewer: string } } };
    expect(merchant.data.page.viewer).toBe("merchant");
  });

  it("refuses files sent with an acceptance through the domain rule, naming it", async () => {
    const result = (await responseOf(() =>
      caseAction({
        request: multipartRequest(`/disputes/${cases.muc2}`, "alpen-muc", { intent: "accept", confirmed: "yes", version: "1" }, [
          { name: "file_0", filename: "x.pdf", body: PDF },
        ]),
        params: { caseNumber: cases.muc2! },
        context: {},
      }),
    )) as Refusal;
    expect(result.init?.status).toBe(400);
    expect(result.data.problems.map((p) => p.key)).toEqual(["response.error.attachments_with_accept"]);
  });
});

describe("attachment limits are the platform's settings, on the page and in the answer", () => {
  it("shows the limits and refuses a file over a lowered size limit, naming the limit", async () => {
    const setLimit = (key: string, value: string) =>
      ctx.db
        .insertInto("settings")
        .values({ key, value, updated_at: new Date().toISOString() })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
        .execute();
    await setLimit("attachment_max_file_mib", "1");
    await setLimit("attachment_max_files", "3");
    try {
      const page = (await responseOf(() =>
        caseLoader({ request: get(`/disputes/${cases.muc}`, "alpen-muc"), params: { caseNumber: cases.muc! }, context: {} }),
      )) as {
        data: { page: { uploadLimits: { maxMib: number; maxFiles: number } } };
      };
      expect(page.data.page.uploadLimits).toEqual({ maxMib: 1, maxFiles: 3 });

      const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10)]);
      const result = (await responseOf(() =>
        caseAction({
          request: multipartRequest(
            `/disputes/${cases.muc}`,
            "alpen-muc",
            { intent: "respond", version: "1", comment: "kept", tag_0: "signed_receipt" },
            [{ name: "file_0", filename: "big.pdf", body: big }],
          ),
          params: { caseNumber: cases.muc! },
          context: {},
        }),
      )) as Refusal;
      expect(result.init?.status).toBe(400);
      expect(result.data.problems).toEqual([
        { field: "attachments", key: "upload.error.too_large", params: { file: "big.pdf", maxMib: 1, maxFiles: 3 } },
      ]);
      expect(result.data.values.comment).toBe("kept");
    } finally {
      await ctx.db.deleteFrom("settings").where("key", "in", ["attachment_max_file_mib", "attachment_max_files"]).execute();
    }
  });
});
