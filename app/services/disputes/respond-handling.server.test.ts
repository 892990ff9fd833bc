import { describe, expect, it } from "vitest";
import { race } from "../../../tests/setup/concurrent";
import { openTestCase, useDisputesDatabase } from "../../../tests/setup/disputes";
import { idOf } from "../../../db/demo/organisations";
import { changeDisputeHandling } from "../settings.server";
import { submitResponse, type ResponseSubmission } from "./respond.server";

// Central or local handling decides whether head office may answer (SPEC 2). An org_admin may
// switch it while a head-office answer is on its way: the answer must be decided under the
// handling that holds when it is written, not the one read when the request came in.

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-05T10:00:00Z");
const ctx = useDisputesDatabase(T0, ["alpen-hq"]);

const answer = (): ResponseSubmission => ({
  comment: "Guest stayed two nights",
  creditText: "",
  accept: false,
  version: 1,
  attachments: [],
});

async function setHandling(handling: "central" | "local") {
  await ctx.db
    .updateTable("organisations")
    .set({ dispute_handling: handling })
    .where("id", "=", idOf(ctx.ids.organisations, "alpen"))
    .execute();
}

async function statusOf(caseId: number) {
  return (await ctx.db.selectFrom("cases").select("status").where("id", "=", caseId).executeTakeFirstOrThrow()).status;
}

describe("a head-office answer while the org_admin switches to local handling", () => {
  it("switched after the request was checked, before it is written: refused under the new rule", async () => {
    await setHandling("central");
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "chargeback", { at: T0 });
    const hq = ctx.actors["alpen-hq"]!;
    // The upload is read after the permission check and before the write transaction: the switch lands there.
    const result = await submitResponse(
      ctx.db,
      hq,
      opened.caseNumber,
      async () => {
        expect(await changeDisputeHandling(ctx.db, hq, "local", NOW)).toEqual({ ok: true, changed: true });
        return answer();
      },
      NOW,
    );
    expect(result).toMatchObject({ ok: false, status: 403, problems: [{ key: "disputes.localHandling" }] });
    expect(await statusOf(opened.id)).toBe("awaiting_response");
  });

  it("from two processes at once: the answer stands only if it was written before the switch", { timeout: 120_000 }, async () => {
    for (let round = 0; round < 2; round++) {
      await setHandling("central");
      const opened = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "chargeback", { at: T0 });
      const answers = await race(
        ctx.location,
        [
          {
            kind: "respond",
            username: "alpen-hq",
            caseNumber: opened.caseNumber,
            version: 1,
            creditText: "",
            comment: "Stayed",
            now: NOW.toISOString(),
          },
          { kind: "changeHandling", username: "alpen-hq", handling: "local", now: NOW.toISOString() },
        ],
        { DATA_DIR: ctx.dataDir },
      );
      const [responded, switched] = answers.map((a) => {
        if (!a.ok) throw new Error(`a side crashed instead of answering: ${a.error}`);
        return a.value as { ok: boolean; status?: number; problems?: { key: string }[] };
      });
      expect(switched).toEqual({ ok: true, changed: true });
      if (responded!.ok) expect(await statusOf(opened.id)).toBe("under_review");
      else {
        expect(responded).toMatchObject({ status: 403, problems: [{ key: "disputes.localHandling" }] });
        expect(await statusOf(opened.id)).toBe("awaiting_response");
      }
    }
  });
});
