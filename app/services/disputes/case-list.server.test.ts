import { beforeAll, describe, expect, it } from "vitest";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { PAGE_SIZE } from "~/models/case-list.server";
import { loadCaseList, type CaseListItem } from "./case-list.server";

// /disputes: earliest respond-by first, paged with a keyset cursor that must neither skip nor
// repeat a case when many share one respond-by.

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-03T09:00:00Z");
const ctx = useDisputesDatabase(T0, ["harbor-hq"]);

// Five deadlines, many cases on each; written in an order unlike the respond-by order.
const DEADLINES = [
  "2026-11-20T04:59:59.999Z",
  "2026-11-06T04:59:59.999Z",
  "2026-11-13T04:59:59.999Z",
  "2026-11-09T04:59:59.999Z",
  "2026-11-27T04:59:59.999Z",
];
const CASES = 2 * PAGE_SIZE + 7;
const idOf = new Map<string, number>();

beforeAll(async () => {
  for (let i = 0; i < CASES; i++) {
    const account = i % 3 === 0 ? "harbor-nyc" : "harbor-bos";
    const opened = await openTestCase(ctx.db, ctx.ids.accounts[account]!, i % 2 ? "inquiry" : "chargeback", { documents: [], at: T0 });
    await ctx.db
      .updateTable("cases")
      .set({ respond_by: DEADLINES[(i * 7) % DEADLINES.length]! })
      .where("id", "=", opened.id)
      .execute();
    idOf.set(opened.caseNumber, opened.id);
  }
});

async function everyPage(query: string): Promise<{ pages: CaseListItem[][] }> {
  const pages: CaseListItem[][] = [];
  let params = new URLSearchParams(query);
  for (let guard = 0; guard < 10; guard++) {
    const view = await loadCaseList(ctx.db, ctx.actors["harbor-hq"]!, params, NOW);
    pages.push(view.rows);
    expect(view.paged).toBe(guard > 0);
    if (!view.next) break;
    params = new URLSearchParams(query);
    params.set("cursor", view.next);
  }
  return { pages };
}

describe("/disputes list", () => {
  it("pages through every case once, by respond-by then case, across pages that split a run of equal respond-by", async () => {
    const { pages } = await everyPage("");
    expect(pages.map((p) => p.length)).toEqual([PAGE_SIZE, PAGE_SIZE, CASES - 2 * PAGE_SIZE]);
    const rows = pages.flat();
    const numbers = rows.map((r) => r.caseNumber);
    expect(new Set(numbers).size).toBe(CASES);
    expect(new Set(numbers)).toEqual(new Set(idOf.keys()));
    const expected = [...rows].sort((a, b) => a.respondBy.localeCompare(b.respondBy) || idOf.get(a.caseNumber)! - idOf.get(b.caseNumber)!);
    expect(numbers).toEqual(expected.map((r) => r.caseNumber));
    // The pages really do break inside a run of one respond-by.
    expect(pages[0]!.at(-1)!.respondBy).toBe(pages[1]![0]!.respondBy);
  });

  it("keeps the filters on every page", async () => {
    const { pages } = await everyPage("type=inquiry");
    const rows = pages.flat();
    expect(rows.length).toBe(Math.floor(CASES / 2));
    expect(rows.every((r) => r.type === "inquiry")).toBe(true);
    expect(rows.map((r) => r.respondBy)).toEqual(rows.map((r) => r.respondBy).sort());
  });

  it("a cursor that is not ours starts at the top", async () => {
    const top = await loadCaseList(ctx.db, ctx.actors["harbor-hq"]!, new URLSearchParams(), NOW);
    for (const cursor of ["%%%", "MjAyNnwx", "x".repeat(300)]) {
      const view = await loadCaseList(ctx.db, ctx.actors["harbor-hq"]!, new URLSearchParams({ cursor }), NOW);
      expect(view.rows.map((r) => r.caseNumber)).toEqual(top.rows.map((r) => r.caseNumber));
      expect(view.paged).toBe(false);
    }
  });
});
