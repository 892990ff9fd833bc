import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../tests/setup/csv";
import { openTestCase } from "../../tests/setup/disputes";
import { responseOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { translator } from "~/i18n";
import { loadActor } from "~/models/user.server";
import { exportCaseList } from "~/services/disputes/case-export.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { loader as listLoader } from "./disputes._index";
import { loader as exportLoader } from "./disputes.export[.]csv";
import { loader as queueLoader } from "./review._index";
import { loader as reviewExportLoader } from "./review.export[.]csv";

// SPEC 14: /disputes/export.csv holds exactly the rows the /disputes list shows for the same filters
// (all its pages), within the same scope; /review/export.csv the same for the analysts' queue.

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const cookies: Record<string, string> = {};
const numbersOf: Record<string, string[]> = {};

beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  for (const username of ["alpen-muc", "alpen-hq", "noord-hq", "analyst", "harbor-hq"]) {
    const { token } = await createSession(ctx.db, ctx.ids.users[username]!, new Date());
    cookies[username] = await sessionCookie.serialize(token);
  }
  // 60 Alpenblick cases (3 list pages) over three accounts, a few closed; 4 of Noordzee.
  const at = new Date();
  const accounts = ["alpen-muc", "alpen-gap", "alpen-vie"];
  for (let i = 0; i < 60; i++) {
    const key = accounts[i % 3]!;
    const opened = await openTestCase(ctx.db, ctx.ids.accounts[key]!, i % 4 === 0 ? "chargeback" : "inquiry", {
      at: new Date(at.getTime() - i * 3_600_000),
      amountMinor: 10_000 + i,
      documents: [],
    });
    (numbersOf[key] ??= []).push(opened.caseNumber);
    if (i % 10 === 9) await ctx.db.updateTable("cases").set({ status: "closed", outcome: "won" }).where("id", "=", opened.id).execute();
    if (i % 10 === 5) {
      await ctx.db
        .updateTable("cases")
        .set({ status: "under_review", last_response_at: new Date(at.getTime() - i * 60_000).toISOString() })
        .where("id", "=", opened.id)
        .execute();
    }
  }
  for (let i = 0; i < 4; i++) {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["noord-ams"]!, "chargeback", { at, documents: [] });
    (numbersOf["noord-ams"] ??= []).push(opened.caseNumber);
    await ctx.db
      .updateTable("cases")
      .set({ status: "under_review", last_response_at: at.toISOString() })
      .where("id", "=", opened.id)
      .execute();
  }
  // Merchant-controlled text a spreadsheet would run, and a name that needs quoting.
  await ctx.db
    .updateTable("cases")
    .set({ reason_text: '=HYPERLINK("http://evil")' })
    .where("case_number", "=", numbersOf["alpen-muc"]![0]!)
    .execute();
  await ctx.db.updateTable("accounts").set({ name: 'Garmisch, "Zugspitze"' }).where("id", "=", ctx.ids.accounts["alpen-gap"]!).execute();
});
afterAll(async () => {
  await ctx.destroy();
});

function get(url: string, as: string, language = "en"): Request {
  return new Request(new URL(url, "http://localhost"), { headers: { Cookie: cookies[as]!, "Accept-Language": language } });
}

async function download(path: string, as: string, language = "en") {
  const loader = path.startsWith("/review") ? reviewExportLoader : exportLoader;
  const response = (await responseOf(() => loader({ request: get(path, as, language), params: {}, context: {} }))) as Response;
  // Kept with its byte-order mark (Response.text() would drop it).
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { response, text, rows: response.headers.get("Content-Type")?.startsWith("text/csv") ? parseCsv(text) : [] };
}

/** Every case number the /disputes list shows for a query, following its pages. */
async function listedNumbers(query: string, as: string): Promise<string[]> {
  const numbers: string[] = [];
  let params = new URLSearchParams(query);
  for (let guard = 0; guard < 20; guard++) {
    const view = await listLoader({ request: get(`/disputes?${params}`, as), params: {}, context: {} });
    numbers.push(...view.rows.map((r) => r.caseNumber));
    if (!view.next) return numbers;
    params = new URLSearchParams(query);
    params.set("cursor", view.next);
  }
  throw new Error("too many pages");
}

describe("/disputes/export.csv", () => {
  it("holds exactly the rows of all the list's pages for status=open, in its order, as RFC 4180 text/csv", async () => {
    const { response, text, rows } = await download("/disputes/export.csv?status=open", "alpen-hq");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="disputes-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...records] = rows;
    expect(header).toEqual([
      "Case",
      "Type",
      "Status",
      "Outcome",
      "Account",
      "Card (last 4)",
      "Reason code",
      "Reason",
      "Amount",
      "Currency",
      "Respond by",
      "Time zone",
    ]);
    const listed = await listedNumbers("status=open", "alpen-hq");
    expect(listed.length).toBe(54); // 60 less the 6 closed: more than two pages of 25
    expect(records.map((r) => r[0])).toEqual(listed);
    expect(records.every((r) => r[2] !== "closed")).toBe(true);
  });

  it("writes amounts in major units with their currency, respond-by in the account's zone with its offset, and guards formulas", async () => {
    const { rows } = await download("/disputes/export.csv?status=all", "alpen-hq");
    const first = rows.find((r) => r[0] === numbersOf["alpen-muc"]![0])!;
    expect(first[8]).toBe("100.00");
    expect(first[9]).toBe("EUR");
    expect(first[7]).toBe('\'=HYPERLINK("http://evil")');
    expect(first[11]).toBe("Europe/Berlin");
    const respondBy = (await ctx.db.selectFrom("cases").select("respond_by").where("case_number", "=", first[0]!).executeTakeFirstOrThrow())
      .respond_by;
    expect(first[10]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    expect(Math.floor(new Date(first[10]!).getTime() / 1000)).toBe(Math.floor(new Date(respondBy).getTime() / 1000));
    const gap = rows.find((r) => r[0] === numbersOf["alpen-gap"]![0])!;
    expect(gap[4]).toBe('Garmisch, "Zugspitze"');
    expect(rows.length - 1).toBe(60);
  });

  it("applies the list's other filters the same way (type, account, search)", async () => {
    for (const query of ["type=chargeback", `account=${ctx.ids.accounts["alpen-vie"]}`, `q=${numbersOf["alpen-gap"]![2]}`, "outcome=won"]) {
      const { rows } = await download(`/disputes/export.csv?${query}`, "alpen-hq");
      expect(rows.slice(1).map((r) => r[0])).toEqual(await listedNumbers(query, "alpen-hq"));
    }
    const { rows } = await download("/disputes/export.csv?outcome=won", "alpen-hq");
    expect(rows.length - 1).toBe(6);
  });

  it("never holds another organisation's cases, and a location user's only its own accounts'", async () => {
    const noord = new Set(numbersOf["noord-ams"]);
    const alpen = (await download("/disputes/export.csv?status=all", "alpen-hq")).rows.slice(1).map((r) => r[0]!);
    expect(alpen.some((n) => noord.has(n))).toBe(false);
    // Another organisation's account id in the filter gives nothing, not its cases.
    const foreign = await download(`/disputes/export.csv?status=all&account=${ctx.ids.accounts["noord-ams"]}`, "alpen-hq");
    expect(foreign.rows.length).toBe(1);
    const harbor = await download("/disputes/export.csv?status=all", "harbor-hq");
    expect(harbor.rows.length).toBe(1);
    const muc = (await download("/disputes/export.csv?status=all", "alpen-muc")).rows.slice(1).map((r) => r[0]!);
    expect(new Set(muc)).toEqual(new Set(numbersOf["alpen-muc"]));
    const viaOther = await download(`/disputes/export.csv?status=all&account=${ctx.ids.accounts["alpen-vie"]}`, "alpen-muc");
    expect(viaOther.rows.length).toBe(1);
  });

  it("speaks the reader's language in the header only", async () => {
    const { rows } = await download("/disputes/export.csv?type=chargeback", "alpen-hq", "de-DE,de;q=0.9");
    expect(rows[0]!.slice(0, 3)).toEqual(["Fall", "Art", "Status"]);
    expect(rows[1]![1]).toBe("chargeback");
  });

  it("is audited with the filters it applied, in the organisation's trail", async () => {
    await download("/disputes/export.csv?status=open&type=inquiry&due=abc", "alpen-hq");
    const entry = await ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "list_exported")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBe(ctx.ids.users["alpen-hq"]);
    expect(entry.organisation_id).toBe(ctx.ids.organisations.alpen);
    expect(JSON.parse(entry.details)).toEqual({ list: "disputes", filters: { status: "open", type: "inquiry" } });
  });

  it("is the same whatever the page size of the stream (pages join without a gap or a repeat)", async () => {
    const user = await ctx.db.selectFrom("users").selectAll().where("id", "=", ctx.ids.users["alpen-hq"]!).executeTakeFirstOrThrow();
    const actor = await loadActor(ctx.db, user);
    const text = async (pageSize: number) => {
      const result = await exportCaseList(ctx.db, actor, new URLSearchParams("status=all"), new Date(), translator("en"), pageSize);
      if (!result.ok) throw new Error("refused");
      return new Response(result.body).text();
    };
    const whole = await text(1000);
    expect(await text(7)).toBe(whole);
    expect(await text(60)).toBe(whole);
    expect(parseCsv(whole).length).toBe(61);
  });

  it("is refused to the disputes team and the platform, and sends the signed-out to sign in", async () => {
    expect((await download("/disputes/export.csv", "analyst")).response.status).toBe(403);
    const anonymous = (await responseOf(() =>
      exportLoader({ request: new Request("http://localhost/disputes/export.csv"), params: {}, context: {} }),
    )) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login");
  });
});

describe("/review/export.csv", () => {
  async function queuedNumbers(query: string): Promise<string[]> {
    const numbers: string[] = [];
    let params = new URLSearchParams(query);
    for (let guard = 0; guard < 20; guard++) {
      const view = await queueLoader({ request: get(`/review?${params}`, "analyst"), params: {}, context: {} });
      numbers.push(...view.rows.map((r) => r.caseNumber));
      if (!view.next) return numbers;
      params = new URLSearchParams(query);
      params.set("cursor", view.next);
    }
    throw new Error("too many pages");
  }

  it("holds the queue's rows for its filters, with the organisation and the response time in the account's zone", async () => {
    for (const query of [
      "",
      "type=chargeback",
      `organisation=${ctx.ids.organisations.noord}`,
      "currency=EUR&min=100.40",
      "urgentFirst=1",
    ]) {
      const { response, rows } = await download(`/review/export.csv?${query}`, "analyst");
      expect(response.status).toBe(200);
      expect(rows.slice(1).map((r) => r[0])).toEqual(await queuedNumbers(query));
    }
    const { rows } = await download("/review/export.csv", "analyst");
    expect(rows.length - 1).toBe(10);
    const ams = rows.find((r) => r[0] === numbersOf["noord-ams"]![0])!;
    expect(ams[3]).toBe("Noordzee Retail");
    expect(ams[10]).toMatch(/\+0[12]:00$/);
    expect(ams[11]).toBe("Europe/Amsterdam");
  });

  it("refuses amount bounds it cannot read with a clear message instead of exporting more", async () => {
    const { response, text } = await download("/review/export.csv?currency=EUR&min=abc", "analyst");
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toContain("text/plain");
    expect(text).toContain("EUR");
    const noCurrency = await download("/review/export.csv?min=10", "analyst");
    expect(noCurrency.response.status).toBe(400);
  });

  it("is for the disputes team only, and audited without an organisation", async () => {
    expect((await download("/review/export.csv", "alpen-hq")).response.status).toBe(403);
    await download("/review/export.csv?type=inquiry", "analyst");
    const entry = await ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "list_exported")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBe(ctx.ids.users.analyst);
    expect(entry.organisation_id).toBeNull();
    expect(JSON.parse(entry.details)).toEqual({ list: "review", filters: { type: "inquiry", urgentFirst: false } });
  });
});
