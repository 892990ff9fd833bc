import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itemAt, entry } from "../../tests/setup/at";
import { idOf } from "../../db/demo/organisations";
import { formRequest, responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { parseCsv } from "../../tests/setup/csv";
import { totalRows } from "~/domain/statement-format";
import { STATEMENT_CSV_HEADER } from "~/domain/csv";
import { translator } from "~/i18n";
import { recordLedgerEntry } from "~/models/ledger.server";
import { pdfSafe } from "~/services/statement-pdf.server";
import { generateDueStatements } from "~/services/statements.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as listLoader, action as listAction } from "./statements._index";
import { loader as pageLoader } from "./statements.$id._index";
import { loader as pdfLoader } from "./statements.$id.pdf";
import { loader as csvLoader } from "./statements.$id.csv";

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  ctx = await useRouteTestDatabase(new Date("2026-08-20T00:00:00Z"));
  const { db, ids } = ctx;
  // Noordzee Amsterdam, September 2026 (Europe/Amsterdam), not enrolled: hand-computed below.
  const ams = idOf(ids.accounts, "noord-ams");
  const charges: [number, string, string][] = [
    [12345, "2026-09-02T10:00:00Z", 'Jas, "wol" maat M'], // a comma and quotes: must survive CSV quoting
    [8990, "2026-09-15T14:00:00Z", "Schoenen"],
    [2500, "2026-09-30T21:59:59Z", '=HYPERLINK("x")'], // 23:59:59 in Amsterdam; a formula-looking text
  ];
  for (const [i, [amount, at, description]] of charges.entries()) {
    await db
      .insertInto("transactions")
      .values({
        account_id: ams,
        occurred_at: at,
        amount_minor: amount,
        currency: "EUR",
        card_last4: "1234",
        network_reference: `RT-${i}`,
        description,
        created_at: at,
      })
      .execute();
  }
  await recordLedgerEntry(
    db,
    {
      accountId: ams,
      kind: "credit",
      amountMinor: 1000,
      currency: "EUR",
      occurredAt: new Date("2026-09-05T09:00:00Z"),
      description: "Gutschrift INQ-2026-000001",
      reference: "INQ-2026-000001",
    },
    new Date(),
  );
  await recordLedgerEntry(
    db,
    {
      accountId: ams,
      kind: "chargeback",
      amountMinor: 8990,
      currency: "EUR",
      occurredAt: new Date("2026-09-20T09:00:00Z"),
      description: "Rückbelastung",
      reference: "CB-2026-000002",
    },
    new Date(),
  );
  await recordLedgerEntry(
    db,
    {
      accountId: ams,
      kind: "chargeback_reversal",
      amountMinor: 8990,
      currency: "EUR",
      occurredAt: new Date("2026-09-28T09:00:00Z"),
      description: "Storno",
      reference: "CB-2026-000002",
    },
    new Date(),
  );
  // Noordzee Utrecht (EUR) also took a payment in US dollars and refunded part of it: SPEC 6 wants
  // it on the statement with totals of its own, not left out.
  const utr = idOf(ids.accounts, "noord-utr");
  await db
    .insertInto("transactions")
    .values({
      account_id: utr,
      occurred_at: "2026-09-10T10:00:00.000Z",
      amount_minor: 15000,
      currency: "USD",
      card_last4: "9876",
      network_reference: "RT-USD",
      description: "Tour group",
      created_at: "2026-09-10T10:00:00.000Z",
    })
    .execute();
  await recordLedgerEntry(
    db,
    {
      accountId: utr,
      kind: "credit",
      amountMinor: 2250,
      currency: "USD",
      occurredAt: new Date("2026-09-12T09:00:00Z"),
      description: "Partial refund",
      reference: "INQ-USD",
    },
    new Date(),
  );
  await generateDueStatements(db, new Date("2026-10-02T00:00:00Z"));

  for (const username of ["alpen-muc", "alpen-hq", "noord-hq", "noord-ams", "analyst"]) {
    const { token } = await createSession(db, idOf(ids.users, username), new Date());
    cookies[username] = await sessionCookie.serialize(token);
  }
});
afterAll(async () => {
  await ctx.destroy();
});

function get(path: string, as: string): Request {
  return new Request(new URL(path, "http://localhost"), { headers: { Cookie: entry(cookies, as) } });
}

async function statementId(account: string, month: string): Promise<number> {
  const row = await ctx.db
    .selectFrom("statements")
    .select("id")
    .where("account_id", "=", idOf(ctx.ids.accounts, account))
    .where("month", "=", month)
    .executeTakeFirstOrThrow();
  return row.id;
}

// charges 12345 + 8990 + 2500 = 23835; credits 1000; chargebacks 8990; reversals 8990;
// fees 250 (paper: never enrolled); net = 23835 − 1000 − 8990 + 8990 − 250 = 22585.
const EXPECTED = { charges: 23835, credits: 1000, chargebacks: 8990, reversals: 8990, fees: 250, net: 22585 };

describe("who may see a statement", () => {
  it("a location user gets a 404 for another location's statement, its PDF and its CSV", async () => {
    const id = await statementId("alpen-gap", "2026-09");
    const args = (path: string) => ({ request: get(path, "alpen-muc"), params: { id: String(id) }, context: {} });
    for (const [loader, path] of [
      [pageLoader, `/statements/${id}`],
      [pdfLoader, `/statements/${id}/pdf`],
      [csvLoader, `/statements/${id}/csv`],
    ] as const) {
      const response = await responseOf(() => loader(args(path)));
      expect(response instanceof Response && response.status, path).toBe(404);
    }
    // Its own statement is there.
    const own = await statementId("alpen-muc", "2026-09");
    const page = await responseOf(() =>
      pageLoader({ request: get(`/statements/${own}`, "alpen-muc"), params: { id: String(own) }, context: {} }),
    );
    expect(page).toMatchObject({ data: { statement: { id: own } } });
  });

  it("nonsense ids and another organisation's account filter are 404s, not errors", async () => {
    for (const id of ["abc", "0", "-1", "1e3", "99999999999999999999", "999999"]) {
      const response = await responseOf(() => pageLoader({ request: get(`/statements/${id}`, "noord-hq"), params: { id }, context: {} }));
      expect(response instanceof Response && response.status, id).toBe(404);
    }
    const foreign = idOf(ctx.ids.accounts, "alpen-muc");
    const response = await responseOf(() =>
      listLoader({ request: get(`/statements?account=${foreign}`, "noord-hq"), params: {}, context: {} }),
    );
    expect(response instanceof Response && response.status).toBe(404);
  });

  it("noord-hq sees the statements of both Noordzee locations, and no others", async () => {
    const result = await responseOf(() => listLoader({ request: get("/statements", "noord-hq"), params: {}, context: {} }));
    const data = (result as { data: Awaited<ReturnType<typeof listLoader>> }).data;
    const accountIds = new Set(data.statements.map((s) => s.accountId));
    expect(accountIds).toEqual(new Set([idOf(ctx.ids.accounts, "noord-ams"), idOf(ctx.ids.accounts, "noord-utr")]));
    expect(data.accounts.map((a) => a.account.merchantNumber).sort()).toEqual(["5220000201", "5220000202"]);
    // Head office without admin rights sees the enrolment but may not change it.
    expect(data.accounts.every((a) => !a.paperless.canChange)).toBe(true);
    const pdf = await responseOf(() =>
      pdfLoader({ request: get("/x", "noord-hq"), params: { id: String(itemAt(data.statements, 0).id) }, context: {} }),
    );
    expect(pdf instanceof Response && pdf.status).toBe(200);
  });

  it("the disputes team does not get merchant statements", async () => {
    const response = await responseOf(() => listLoader({ request: get("/statements", "analyst"), params: {}, context: {} }));
    expect(response instanceof Response && response.status).toBe(403);
  });
});

describe("downloads show the page's totals", () => {
  it("the page has the hand-computed totals", async () => {
    const id = await statementId("noord-ams", "2026-09");
    const page = (await responseOf(() =>
      pageLoader({ request: get(`/statements/${id}`, "noord-ams"), params: { id: String(id) }, context: {} }),
    )) as {
      data: Awaited<ReturnType<typeof pageLoader>>;
    };
    expect(page.data.statement.totals).toEqual([{ currency: "EUR", ...EXPECTED }]);
    expect(page.data.statement.deliveredOnPaper).toBe(true);
    expect(page.data.lines.filter((l) => l.code === "paper_statement_fee")).toHaveLength(1);
  });

  it("the PDF is a real PDF whose text shows the same totals as the page", async () => {
    const id = await statementId("noord-ams", "2026-09");
    const response = (await responseOf(() =>
      pdfLoader({ request: get(`/statements/${id}/pdf`, "noord-ams"), params: { id: String(id) }, context: {} }),
    )) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="statement-5220000201-2026-09.pdf"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const parser = new PDFParse({ data: bytes });
    const { text } = await parser.getText();
    await parser.destroy();
    const flat = text.replace(/\s+/g, " ");
    const rows = totalRows(EXPECTED, "EUR", "en", translator("en"));
    // Signed as they add up: 238.35 − 10.00 − 89.90 + 89.90 − 2.50 = 225.85
    expect(rows.map((r) => r.amount)).toEqual(["+€238.35", "−€10.00", "−€89.90", "+€89.90", "−€2.50", "+€225.85"]);
    for (const row of rows) expect(flat).toContain(pdfSafe(`${row.label} ${row.amount}`));
    expect(flat).toContain("Net amount = Charges + Credits to cardholders + Chargebacks debited + Chargeback reversals + Fees.");
    expect(flat).toContain("Statement September 2026");
    expect(flat).toContain("Noordzee Retail B.V.");
    expect(flat).toContain("Paper statement fee");
  });

  it("the PDF follows the user's language", async () => {
    await ctx.db.updateTable("users").set({ locale: "de" }).where("id", "=", idOf(ctx.ids.users, "noord-hq")).execute();
    const id = await statementId("noord-ams", "2026-09");
    const response = (await responseOf(() =>
      pdfLoader({ request: get(`/statements/${id}/pdf`, "noord-hq"), params: { id: String(id) }, context: {} }),
    )) as Response;
    const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
    const flat = (await parser.getText()).text.replace(/\s+/g, " ");
    await parser.destroy();
    for (const row of totalRows(EXPECTED, "EUR", "de", translator("de")))
      expect(flat).toContain(pdfSafe(`${row.label} ${row.amount}`).replace(/\s+/g, " "));
    expect(flat).toContain("Abrechnung September 2026");
  });

  it("a Dutch browser gets the PDF and the CSV in Dutch (noord-ams follows the browser)", async () => {
    const id = await statementId("noord-ams", "2026-09");
    const dutch = (path: string) =>
      new Request(new URL(path, "http://localhost"), {
        headers: { Cookie: entry(cookies, "noord-ams"), "Accept-Language": "nl-NL,nl;q=0.9" },
      });
    const pdf = (await responseOf(() =>
      pdfLoader({ request: dutch(`/statements/${id}/pdf`), params: { id: String(id) }, context: {} }),
    )) as Response;
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
    const flat = (await parser.getText()).text.replace(/\s+/g, " ");
    await parser.destroy();
    const rows = totalRows(EXPECTED, "EUR", "nl", translator("nl"));
    expect(rows.map((r) => r.amount.replace(/\s/g, " "))).toEqual([
      "€ +238,35",
      "€ −10,00",
      "€ −89,90",
      "€ +89,90",
      "€ −2,50",
      "€ +225,85",
    ]);
    for (const row of rows) expect(flat).toContain(pdfSafe(`${row.label} ${row.amount}`).replace(/\s+/g, " "));
    expect(flat).toContain("Afrekening september 2026");
    expect(flat).toContain("Kosten papieren afrekening");
    expect(flat).toContain("Nettobedrag = Transacties + Terugbetalingen aan kaarthouders");

    const csv = (await responseOf(() =>
      csvLoader({ request: dutch(`/statements/${id}/csv`), params: { id: String(id) }, context: {} }),
    )) as Response;
    const table = parseCsv((await csv.text()).replace(/^\uFEFF/, ""));
    expect(table[0]).toEqual(["datum", "soort", "omschrijving", "referentie", "bedrag", "valuta"]);
    // The kind column and the amounts stay machine-readable; the descriptions are Dutch.
    expect(table.find((r) => r[1] === "net")).toEqual(["", "net", "Nettobedrag", "", "225.85", "EUR"]);
    expect(table.find((r) => r[3] === "paper_statement_fee")?.[2]).toBe("Kosten papieren afrekening");
  });

  it("the CSV parses (RFC 4180) and its rows add up to the page's totals", async () => {
    const id = await statementId("noord-ams", "2026-09");
    const response = (await responseOf(() =>
      csvLoader({ request: get(`/statements/${id}/csv`, "noord-ams"), params: { id: String(id) }, context: {} }),
    )) as Response;
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv; charset=utf-8/);
    const body = await response.text();
    expect(body.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(body.replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual([...STATEMENT_CSV_HEADER]);
    const lines = rows.slice(1).filter((r) => !itemAt(r, 1).startsWith("total_") && itemAt(r, 1) !== "net");
    const totals = Object.fromEntries(
      rows.filter((r) => itemAt(r, 1).startsWith("total_") || itemAt(r, 1) === "net").map((r) => [itemAt(r, 1), itemAt(r, 4)]),
    );
    const cents = (major: string) => Math.round(Number(major) * 100);
    expect(lines).toHaveLength(7); // 3 charges, credit, chargeback, reversal, paper fee
    expect(lines.reduce((sum, r) => sum + cents(itemAt(r, 4)), 0)).toBe(EXPECTED.net);
    expect(totals).toEqual({
      total_charges: "238.35",
      total_credits: "-10.00",
      total_chargebacks: "-89.90",
      total_chargeback_reversals: "89.90",
      total_fees: "-2.50",
      net: "225.85",
    });
    // Quoting and formula guard survived the round trip.
    expect(lines.some((r) => itemAt(r, 2).startsWith('Jas, "wol" maat M'))).toBe(true);
    expect(lines.some((r) => itemAt(r, 2).startsWith("'=HYPERLINK"))).toBe(true);
    expect(lines.find((r) => r[3] === "paper_statement_fee")?.[4]).toBe("-2.50");
  });
});

describe("a statement with a second currency (SPEC 6: totals per currency)", () => {
  it("the page, the CSV and the PDF keep the dollar lines and show the dollar totals beside the euro ones", async () => {
    const id = await statementId("noord-utr", "2026-09");
    const args = (path: string) => ({ request: get(path, "noord-hq"), params: { id: String(id) }, context: {} });
    const page = (await responseOf(() => pageLoader(args(`/statements/${id}`)))) as { data: Awaited<ReturnType<typeof pageLoader>> };
    // EUR: only the paper fee (Utrecht is not enrolled); USD: 150.00 − 22.50 = 127.50, no fee in dollars.
    expect(page.data.statement.totals).toEqual([
      { currency: "EUR", charges: 0, credits: 0, chargebacks: 0, reversals: 0, fees: 250, net: -250 },
      { currency: "USD", charges: 15000, credits: 2250, chargebacks: 0, reversals: 0, fees: 0, net: 12750 },
    ]);
    expect(page.data.lines.map((l) => [l.kind, l.amountMinor, l.currency])).toEqual([
      ["charge", 15000, "USD"],
      ["credit", 2250, "USD"],
      ["fee", 250, "EUR"],
    ]);

    const csvResponse = (await responseOf(() => csvLoader(args(`/statements/${id}/csv`)))) as Response;
    const csv = parseCsv((await csvResponse.text()).replace(/^\uFEFF/, ""));
    const net = csv.filter((r) => r[1] === "net").map((r) => [r[4], r[5]]);
    expect(net).toEqual([
      ["-2.50", "EUR"],
      ["127.50", "USD"],
    ]);
    expect(csv.filter((r) => r[0] !== "" && r[5] === "USD").map((r) => r[4])).toEqual(["150.00", "-22.50"]);

    const pdf = (await responseOf(() => pdfLoader(args(`/statements/${id}/pdf`)))) as Response;
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
    const flat = (await parser.getText()).text.replace(/\s+/g, " ");
    await parser.destroy();
    // noord-hq reads German (set above).
    expect(flat).toContain("Summen in EUR");
    expect(flat).toContain("Summen in USD");
    expect(flat).toContain("Nettobetrag +127,50 $");
    expect(flat).toContain("Nettobetrag -2,50 €");
  });

  it("the list shows each currency's net", async () => {
    const result = (await responseOf(() =>
      listLoader({ request: get(`/statements?account=${idOf(ctx.ids.accounts, "noord-utr")}`, "noord-hq"), params: {}, context: {} }),
    )) as { data: Awaited<ReturnType<typeof listLoader>> };
    const september = result.data.statements.find((s) => s.month === "2026-09");
    expect(september?.totals.map((t) => [t.currency, t.net])).toEqual([
      ["EUR", -250],
      ["USD", 12750],
    ]);
  });
});

describe("the paperless switch on the page", () => {
  const post = (as: string, fields: Record<string, string>) =>
    responseOf(() => listAction({ request: formRequest("/statements", fields, { Cookie: entry(cookies, as) }), params: {}, context: {} }));
  const enrolments = async (accountId: number) =>
    (await ctx.db.selectFrom("paperless_enrolments").select("id").where("account_id", "=", accountId).execute()).length;

  it("only the org_admin gets the control and may use it; location users and head office are refused (SPEC 1)", async () => {
    const ams = idOf(ctx.ids.accounts, "noord-ams");
    const muc = idOf(ctx.ids.accounts, "alpen-muc");
    for (const as of ["noord-ams", "alpen-muc"]) {
      const page = (await responseOf(() => listLoader({ request: get("/statements", as), params: {}, context: {} }))) as {
        data: Awaited<ReturnType<typeof listLoader>>;
      };
      expect(page.data.accounts.length, as).toBeGreaterThan(0);
      expect(
        page.data.accounts.map((a) => a.paperless.canChange),
        as,
      ).toEqual(page.data.accounts.map(() => false));
    }
    const admin = (await responseOf(() => listLoader({ request: get("/statements", "alpen-hq"), params: {}, context: {} }))) as {
      data: Awaited<ReturnType<typeof listLoader>>;
    };
    expect(admin.data.accounts.length).toBeGreaterThan(1);
    expect(admin.data.accounts.every((a) => a.paperless.canChange)).toBe(true);

    // Posted by hand anyway: 403, and nothing is recorded.
    const before = { ams: await enrolments(ams), muc: await enrolments(muc) };
    for (const [as, accountId] of [
      ["noord-ams", ams],
      ["noord-hq", ams],
      ["alpen-muc", muc],
    ] as const) {
      for (const intent of ["enrol", "leave"]) {
        const refused = await post(as, { intent, accountId: String(accountId) });
        expect(refused instanceof Response && refused.status, `${as} ${intent}`).toBe(403);
      }
    }
    expect({ ams: await enrolments(ams), muc: await enrolments(muc) }).toEqual(before);

    const bad = await post("alpen-hq", { intent: "delete", accountId: String(muc) });
    expect(bad instanceof Response && bad.status).toBe(400);
    const done = await post("alpen-hq", { intent: "leave", accountId: String(muc) });
    expect(done).toMatchObject({ data: { done: { enrolled: false, changed: true, account: "Alpenblick Hotel München" } } });
    expect(await enrolments(muc)).toBe(before.muc + 1);
  });
});

/** A strict RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. */

describe("the statements list pages through every statement", () => {
  it("walks all of a head office's statements with the cursor, newest first, each once", async () => {
    const { decodeStatementCursor, encodeStatementCursor, listVisibleStatements } = await import("~/models/statement.server");
    const { loadActor, getUserById } = await import("~/models/user.server");
    const user = await getUserById(ctx.db, idOf(ctx.ids.users, "alpen-hq"));
    const actor = await loadActor(ctx.db, user!);
    const all = await listVisibleStatements(ctx.db, actor, { limit: 1000 });
    expect(all.next).toBeNull();
    const seen: number[] = [];
    let after = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: Awaited<ReturnType<typeof listVisibleStatements>> = await listVisibleStatements(ctx.db, actor, { after, limit: 2 });
      seen.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      // Through the URL text, as the page's "older" link carries it.
      after = decodeStatementCursor(encodeStatementCursor(page.next));
      expect(after).toEqual(page.next);
    }
    expect(seen).toEqual(all.rows.map((r) => r.id));
    expect(all.rows.length).toBeGreaterThan(2);
  });

  it("ignores a cursor that is not one of ours instead of failing", async () => {
    const result = await responseOf(() =>
      listLoader({ request: get("/statements?after=%27%3Bdrop", "noord-hq"), params: {}, context: {} }),
    );
    expect(statusOf(result)).toBe(200);
    const { decodeStatementCursor, encodeStatementCursor } = await import("~/models/statement.server");
    expect(decodeStatementCursor("';drop")).toBeNull();
    expect(decodeStatementCursor(encodeStatementCursor({ month: "2026-13", accountId: 1 }))).toBeNull();
    expect(decodeStatementCursor(encodeStatementCursor({ month: "2026-09", accountId: 0 }))).toBeNull();
  });
});
