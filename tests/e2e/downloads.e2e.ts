import http from "node:http";
import { describe, expect, it } from "vitest";
import { baseURL, signInCookie } from "./browser";
import { lookUp } from "./database";

// An attachment download over real HTTP, through the server's own headers: what the browser gets.

/** The raw header lines, so a header sent twice shows as two lines (fetch would join them). */
function rawGet(path: string, cookie: string): Promise<{ status: number; rawHeaders: string[] }> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, baseURL()), { headers: { Cookie: cookie } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders }));
    });
    request.on("error", reject);
  });
}

function headerValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) values.push(rawHeaders[i + 1]!);
  return values;
}

describe("attachment downloads over HTTP", () => {
  it("send X-Content-Type-Options: nosniff exactly once, as a download named for its type", async () => {
    const attachment = await lookUp((db) =>
      db
        .selectFrom("case_attachments as a")
        .innerJoin("cases as c", "c.id", "a.case_id")
        .select(["a.id", "c.case_number as caseNumber"])
        .where("a.media_type", "=", "application/pdf")
        .orderBy("a.id")
        .limit(1)
        .executeTakeFirstOrThrow(),
    );
    const cookie = await signInCookie("analyst");
    const answer = await rawGet(`/disputes/${encodeURIComponent(attachment.caseNumber)}/attachments/${attachment.id}`, cookie);
    expect(answer.status).toBe(200);
    expect(headerValues(answer.rawHeaders, "x-content-type-options")).toEqual(["nosniff"]);
    expect(headerValues(answer.rawHeaders, "content-disposition")).toHaveLength(1);
    expect(headerValues(answer.rawHeaders, "content-disposition")[0]).toMatch(/^attachment; filename="[^"]+\.pdf"/);
  });
});
