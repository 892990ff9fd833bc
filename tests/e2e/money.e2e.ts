import http from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DB } from "../../db/connection";
import { accountOfUser, insertCharge, openCaseOnCharge } from "../setup/disputes";
import { baseURL, signInCookie } from "./browser";

// The merchant's response over real HTTP against the built server: money under 20 parallel
// requests (SPEC 3.1), the credit field on the page, file names, body limits and keep-alive.
// The cases are opened here, on charges of their own, so no other test sees them.

let db: DB;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = openDatabase(inject("databaseLocation"));
  for (const username of ["alpen-muc", "analyst"]) cookies[username] = await signInCookie(username);
});
afterAll(async () => {
  await db?.destroy();
});

/** A 100.00 charge of the location's account with `count` inquiries of 100.00 on it. */
async function inquiriesOnOneCharge(count: number, documents: string[] = []) {
  const account = await accountOfUser(db, "alpen-muc");
  const now = new Date();
  const transactionId = await insertCharge(db, account, { at: now, daysBefore: 3 });
  const cases = [];
  for (let i = 0; i < count; i++) cases.push(await openCaseOnCharge(db, account, transactionId, "inquiry", { at: now, documents }));
  return { transactionId, cases };
}

function respond(caseNumber: string, fields: Record<string, string>, files: { name: string; filename: string; body: Buffer }[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ intent: "respond", version: "1", ...fields })) form.append(k, v);
  for (const f of files) form.append(f.name, new Blob([new Uint8Array(f.body)], { type: "application/pdf" }), f.filename);
  return fetch(new URL(`/disputes/${caseNumber}`, baseURL()), {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseURL(), Cookie: cookies["alpen-muc"]! },
    body: form,
  });
}

async function moneyOn(transactionId: number) {
  const rows = await db.selectFrom("ledger_entries").select(["kind", "amount_minor"]).where("transaction_id", "=", transactionId).execute();
  const sum = (kind: string) => rows.filter((r) => r.kind === kind).reduce((total, r) => total + r.amount_minor, 0);
  return { credits: sum("credit"), chargebacks: sum("chargeback") };
}

const PDF = Buffer.from("%PDF-1.4\n% e2e\n");

describe("money over HTTP", () => {
  it("20 parallel full credits on 20 inquiries of one charge: one is booked, 19 are told why", async () => {
    const { transactionId, cases } = await inquiriesOnOneCharge(20);
    const responses = await Promise.all(cases.map((c) => respond(c.caseNumber, { credit: "100.00" })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(19);
    for (const r of responses.filter((r) => r.status === 400))
      expect(await r.text()).toMatch(/No further credit is possible: credits already issued on this transaction cover/);
    expect(await moneyOn(transactionId)).toEqual({ credits: 10_000, chargebacks: 0 });
  });

  it("19 full credits against a charge-back decision, all at once: the merchant pays once", async () => {
    const { transactionId, cases } = await inquiriesOnOneCharge(20);
    const decided = cases[19]!;
    const answered = await respond(decided.caseNumber, { comment: "Guest stayed" });
    expect(answered.status).toBe(302);
    const decision = () =>
      fetch(new URL(`/review/${decided.caseNumber}`, baseURL()), {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL(), Cookie: cookies.analyst! },
        body: new URLSearchParams({ intent: "decide", version: "2", decision: "charge_back", note: "No receipt" }),
      });
    const responses = await Promise.all([...cases.slice(0, 19).map((c) => respond(c.caseNumber, { credit: "100.00" })), decision()]);
    expect(responses.filter((r) => r.status === 302)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 400)).toHaveLength(19);
    const money = await moneyOn(transactionId);
    expect(money.credits + money.chargebacks).toBe(10_000);
  });

  it("the case page offers the credit field on an inquiry, and not once the charge has a chargeback", async () => {
    const { cases } = await inquiriesOnOneCharge(2);
    const page = async (caseNumber: string) => {
      const response = await fetch(new URL(`/disputes/${caseNumber}`, baseURL()), { headers: { Cookie: cookies["alpen-muc"]! } });
      expect(response.status).toBe(200);
      return response.text();
    };
    expect(await page(cases[0]!.caseNumber)).toMatch(/<input[^>]*id="credit"/);
    const answered = await respond(cases[1]!.caseNumber, { comment: "Guest stayed" });
    expect(answered.status).toBe(302);
    const decided = await fetch(new URL(`/review/${cases[1]!.caseNumber}`, baseURL()), {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseURL(), Cookie: cookies.analyst! },
      body: new URLSearchParams({ intent: "decide", version: "2", decision: "charge_back", note: "No receipt" }),
    });
    expect(decided.status).toBe(302);
    const after = await page(cases[0]!.caseNumber);
    expect(after).not.toMatch(/id="credit"/);
    expect(after).toMatch(/No credit can be issued: a chargeback exists for this transaction\./);
  });
});

describe("the upload over HTTP", () => {
  it("takes file names with '=' and ';' (RFC 7578)", async () => {
    const { cases } = await inquiriesOnOneCharge(1, ["signed_receipt", "itemised_invoice"]);
    const response = await respond(cases[0]!.caseNumber, { comment: "Both attached", tag_0: "signed_receipt", tag_1: "itemised_invoice" }, [
      { name: "file_0", filename: "invoice=2026.pdf", body: PDF },
      { name: "file_1", filename: "Rechnung; Kopie.pdf", body: Buffer.concat([PDF, Buffer.from("copy")]) },
    ]);
    expect(response.status).toBe(302);
    const names = await db
      .selectFrom("case_attachments")
      .select("original_name")
      .where("case_id", "=", cases[0]!.id)
      .orderBy("id")
      .execute();
    expect(names.map((n) => n.original_name)).toEqual(["invoice=2026.pdf", "Rechnung; Kopie.pdf"]);
  });

  it("refuses a body over the attachment limits with 413 before reading it, and closes the connection", async () => {
    const { cases } = await inquiriesOnOneCharge(1);
    const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const request = http.request(new URL(`/disputes/${cases[0]!.caseNumber}`, baseURL()), {
        method: "POST",
        headers: {
          Origin: baseURL(),
          Cookie: cookies["alpen-muc"]!,
          "Content-Type": "multipart/form-data; boundary=x",
          // Ten files of 10 MiB and the form around them fit in 102 MiB; this is more.
          "Content-Length": String(200 * 1024 * 1024),
        },
      });
      request.on("response", (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
        request.destroy();
      });
      request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
      request.write("--x\r\n");
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe("close");
  });

  it("after a refused 200 KiB text field the kept-alive connection still serves the next request", async () => {
    const { cases } = await inquiriesOnOneCharge(1);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (options: http.RequestOptions, body?: Buffer) =>
      new Promise<{ status: number; connection: string | undefined; reused: boolean; text: string }>((resolve, reject) => {
        const request = http.request(new URL(`/disputes/${cases[0]!.caseNumber}`, baseURL()), { agent, ...options }, (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, reused: request.reusedSocket, text }),
          );
        });
        request.on("error", reject);
        request.end(body);
      });
    try {
      const boundary = "----keepalive";
      const body = Buffer.from(
        [
          ["intent", "respond"],
          ["version", "1"],
          ["comment", "x".repeat(200 * 1024)],
        ]
          .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
          .join("") + `--${boundary}--\r\n`,
      );
      const refused = await send(
        {
          method: "POST",
          headers: {
            Origin: baseURL(),
            Cookie: cookies["alpen-muc"]!,
            "Content-Type": `multipart/form-data; boundary=${boundary}`,
            "Content-Length": String(body.byteLength),
          },
        },
        body,
      );
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/The comment is too long/);
      // Read to its end, so the connection is kept and the next request goes over it.
      expect(refused.connection).toBe("keep-alive");
      const next = await send({ method: "GET", headers: { Cookie: cookies["alpen-muc"]! } });
      expect(next.status).toBe(200);
      expect(next.reused).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
