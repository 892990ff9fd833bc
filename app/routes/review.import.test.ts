import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { INTAKE_COLUMNS } from "~/services/disputes/intake.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action, loader } from "./review.import";
import { loader as templateLoader } from "./review.import_.template[.]csv";

// /review/import through its loader and action: a CSV file in a multipart form, the report per row.

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
});
afterAll(async () => {
  await ctx.destroy();
});

async function cookieOf(username: string) {
  const session = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
  return sessionCookie.serialize(session.token);
}
const args = (request: Request) => ({ request, params: {}, context: {} });
async function upload(username: string, csv: string | null) {
  const form = new FormData();
  if (csv !== null) form.set("file", new File([csv], "cases.csv", { type: "text/csv" }));
  return new Request("http://localhost/review/import", { method: "POST", body: form, headers: { Cookie: await cookieOf(username) } });
}
type Answer = {
  data: { error?: { key: string }; report?: { created: number; duplicates: number; refused: number; rows: { outcome: string }[] } };
};

describe("/review/import", () => {
  it("is the disputes team's page only", async () => {
    for (const username of ["alpen-hq", "alpen-muc", "admin"]) {
      const page = await responseOf(async () =>
        loader(args(new Request("http://localhost/review/import", { headers: { Cookie: await cookieOf(username) } }))),
      );
      expect(statusOf(page), username).toBe(403);
      expect(statusOf(await responseOf(async () => action(args(await upload(username, "network_case_id\nX\n")))))).toBe(403);
    }
  });

  it("offers a template that imports as it is, once", async () => {
    const template = await templateLoader(
      args(new Request("http://localhost/review/import/template.csv", { headers: { Cookie: await cookieOf("analyst") } })),
    );
    expect(template.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const csv = await template.text();
    expect(csv.split("\r\n")[0]).toBe(INTAKE_COLUMNS.join(","));
    const first = (await responseOf(async () => action(args(await upload("analyst", csv))))) as Answer;
    expect(first.data.report).toMatchObject({ created: 1, duplicates: 0, refused: 0 });
    const second = (await responseOf(async () => action(args(await upload("analyst", csv))))) as Answer;
    expect(second.data.report).toMatchObject({ created: 0, duplicates: 1, refused: 0 });
  });

  it("says what is wrong with a missing or unreadable file, never a 500", async () => {
    for (const [csv, key] of [
      [null, "intake.error.file"],
      ["", "intake.error.file"],
      ['network_case_id,type\n"X,inquiry\n', "intake.error.notCsv"],
      ["\u0000\u0001binary", "intake.error.empty"],
      ["a,b\n1,2\n", "intake.error.columns"],
    ] as const) {
      const answer = (await responseOf(async () => action(args(await upload("analyst", csv))))) as Answer;
      expect(statusOf(answer as unknown as Response), String(csv)).toBe(400);
      expect(answer.data.error?.key).toBe(key);
    }
  });
});
