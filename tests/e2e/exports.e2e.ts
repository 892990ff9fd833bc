import http from "node:http";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../setup/csv";
import { baseURL, signInCookie } from "./browser";

// The CSV exports over real HTTP, through the compiled server: streamed (chunked, no length known
// in advance), one nosniff header, and the /disputes page's "Export CSV" link keeps its filters.

function rawGet(path: string, cookie: string): Promise<{ status: number; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, baseURL()), { headers: { Cookie: cookie } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    request.on("error", reject);
  });
}

const header = (raw: string[], name: string) => raw.filter((_, i) => i % 2 === 0 && raw[i]!.toLowerCase() === name).length;

describe("CSV exports over HTTP", () => {
  it("/disputes/export.csv streams the list's rows as text/csv, and the list links to it with its filters", async () => {
    const cookie = await signInCookie("alpen-hq");
    const page = await (await fetch(new URL("/disputes?status=all&type=chargeback", baseURL()), { headers: { Cookie: cookie } })).text();
    const href = /href="(\/disputes\/export\.csv\?[^"]*)"/.exec(page)?.[1]?.replaceAll("&amp;", "&");
    expect(href).toBe("/disputes/export.csv?status=all&type=chargeback");
    const { status, rawHeaders, body } = await rawGet(href!, cookie);
    expect(status).toBe(200);
    const get = (name: string) => rawHeaders[rawHeaders.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === name) + 1];
    expect(get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(get("transfer-encoding")).toBe("chunked");
    expect(header(rawHeaders, "x-content-type-options")).toBe(1);
    const rows = parseCsv(body);
    expect(rows[0]![0]).toBe("Case");
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => r[1] === "chargeback")).toBe(true);
  });

  it("/review/export.csv for the disputes team; a merchant gets 403", async () => {
    const analyst = await signInCookie("analyst");
    const { status, body } = await rawGet("/review/export.csv", analyst);
    expect(status).toBe(200);
    expect(parseCsv(body)[0]![0]).toBe("Case");
    expect((await rawGet("/review/export.csv", await signInCookie("alpen-muc"))).status).toBe(403);
  });

  it("/settings/audit shows alpen-hq's own sign-in; noord-hq (head office, no admin) gets 403", async () => {
    const cookie = await signInCookie("alpen-hq");
    const page = await (await fetch(new URL("/settings/audit?kind=signed_in", baseURL()), { headers: { Cookie: cookie } })).text();
    expect(page).toContain("Signed in");
    expect(page).toContain("alpen-hq");
    const csv = await rawGet("/settings/audit/export.csv?kind=signed_in", cookie);
    expect(csv.status).toBe(200);
    expect(
      parseCsv(csv.body)
        .slice(1)
        .every((r) => r[2] === "signed_in"),
    ).toBe(true);
    expect((await rawGet("/settings/audit", await signInCookie("noord-hq"))).status).toBe(403);
  });
});
