import { describe, expect, it } from "vitest";
import { seedSupportDesk } from "../../db/demo/organisations";
import { race } from "../../tests/setup/concurrent";
import { openTestCase, useDisputesDatabase } from "../../tests/setup/disputes";
import { actOnRequest, fileRequest, loadRequestPage, loadSupportList, type Filing } from "./support.server";

// The merchant side of the support desk (SPEC 9, issue 14 item 2) on a real migrated database.

const T0 = new Date("2026-11-02T09:00:00Z");
const NOW = new Date("2026-11-05T10:00:00Z");
const ctx = useDisputesDatabase(T0, ["noord-ams", "noord-hq", "alpen-hq"]);

const filing = (over: Partial<Filing> = {}): Filing => ({
  category: "information",
  subject: "How do I download a statement?",
  description: "I cannot find the button.",
  replyChannel: "portal",
  caseNumber: "",
  accountId: null,
  locale: "en",
  ...over,
});

describe("filing a support request", () => {
  it("acknowledges at once with the promised dates and a system message", async () => {
    const result = await fileRequest(ctx.db, ctx.actors["noord-ams"]!, filing({ category: "complaint", replyChannel: "email" }), NOW);
    expect(result).toMatchObject({ ok: true, addedTo: false });
    if (!result.ok) return;
    expect(result.requestNumber).toMatch(/^SR-2026-\d{6}$/);
    const row = await ctx.db
      .selectFrom("support_requests")
      .selectAll()
      .where("request_number", "=", result.requestNumber)
      .executeTakeFirstOrThrow();
    expect(new Date(row.acknowledged_at!).toISOString()).toBe(NOW.toISOString());
    // Ten Berlin days and two months after 5 November, end of the Berlin day (CET, UTC+1).
    expect(new Date(row.acknowledge_by).toISOString()).toBe("2026-11-15T22:59:59.999Z");
    expect(new Date(row.resolve_by!).toISOString()).toBe("2027-01-05T22:59:59.999Z");
    expect(row.status).toBe("received");
    expect(row.account_id).toBe(ctx.ids.accounts["noord-ams"]);
    const page = await loadRequestPage(ctx.db, ctx.actors["noord-ams"]!, result.requestNumber, NOW);
    expect(page.ok && page.page.messages.map((m) => m.authorKind)).toEqual(["system"]);
    expect(page.ok && page.page.messages[0]!.body).toContain(result.requestNumber);
    const mail = await ctx.db
      .selectFrom("email_outbox")
      .select("idempotency_key")
      .where("idempotency_key", "=", `support-ack:${result.requestNumber}`)
      .execute();
    expect(mail).toHaveLength(1);
  });

  it("a complaint that names a case must link it", async () => {
    const result = await fileRequest(
      ctx.db,
      ctx.actors["noord-ams"]!,
      filing({ category: "complaint", description: "About CB-2026-000001" }),
      NOW,
    );
    expect(result).toMatchObject({ ok: false, status: 400, problems: [{ field: "caseNumber", key: "support.error.complaintNeedsCase" }] });
  });

  it("a second complaint about the same open case adds its message to the open request", async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["noord-ams"]!, "chargeback", { at: T0 });
    const first = await fileRequest(
      ctx.db,
      ctx.actors["noord-ams"]!,
      filing({ category: "complaint", caseNumber: opened.caseNumber }),
      NOW,
    );
    expect(first).toMatchObject({ ok: true, addedTo: false });
    const second = await fileRequest(
      ctx.db,
      ctx.actors["noord-hq"]!,
      filing({ category: "complaint", caseNumber: opened.caseNumber, description: "Still nothing." }),
      NOW,
    );
    expect(second).toMatchObject({ ok: true, addedTo: true });
    if (!first.ok || !second.ok) return;
    expect(second.requestNumber).toBe(first.requestNumber);
    const count = await ctx.db.selectFrom("support_requests").select("id").where("case_id", "=", opened.id).execute();
    expect(count).toHaveLength(1);
    const page = await loadRequestPage(ctx.db, ctx.actors["noord-ams"]!, first.requestNumber, NOW);
    expect(page.ok && page.page.messages.map((m) => m.body)).toContain("Still nothing.");
  });

  it("an unknown or foreign case is refused", async () => {
    const foreign = await openTestCase(ctx.db, ctx.ids.accounts["alpen-muc"]!, "chargeback", { at: T0 });
    const result = await fileRequest(ctx.db, ctx.actors["noord-ams"]!, filing({ caseNumber: foreign.caseNumber }), NOW);
    expect(result).toMatchObject({ ok: false, status: 400, problems: [{ field: "caseNumber" }] });
  });
});

describe("scope", () => {
  it("head office sees its location's request; another organisation gets not found", async () => {
    const filed = await fileRequest(ctx.db, ctx.actors["noord-ams"]!, filing({ subject: "Scoped" }), NOW);
    if (!filed.ok) throw new Error("filing failed");
    const hq = await loadRequestPage(ctx.db, ctx.actors["noord-hq"]!, filed.requestNumber, NOW);
    expect(hq.ok).toBe(true);
    const list = await loadSupportList(ctx.db, ctx.actors["noord-hq"]!, null, NOW);
    expect(list.ok && list.rows.map((r) => r.requestNumber)).toContain(filed.requestNumber);
    const alpen = await loadRequestPage(ctx.db, ctx.actors["alpen-hq"]!, filed.requestNumber, NOW);
    expect(alpen).toMatchObject({ ok: false, status: 404 });
    const alpenList = await loadSupportList(ctx.db, ctx.actors["alpen-hq"]!, null, NOW);
    expect(alpenList.ok && alpenList.rows.map((r) => r.requestNumber)).not.toContain(filed.requestNumber);
    const reply = await actOnRequest(ctx.db, ctx.actors["alpen-hq"]!, filed.requestNumber, { kind: "reply", message: "x" }, 1, NOW);
    expect(reply).toMatchObject({ ok: false, status: 404 });
  });

  it("the merchant replies; a stale version is a conflict", async () => {
    const filed = await fileRequest(ctx.db, ctx.actors["noord-ams"]!, filing({ subject: "Reply" }), NOW);
    if (!filed.ok) throw new Error("filing failed");
    const ok = await actOnRequest(ctx.db, ctx.actors["noord-ams"]!, filed.requestNumber, { kind: "reply", message: "More detail" }, 1, NOW);
    expect(ok).toMatchObject({ ok: true });
    const stale = await actOnRequest(ctx.db, ctx.actors["noord-ams"]!, filed.requestNumber, { kind: "reply", message: "Again" }, 1, NOW);
    expect(stale).toMatchObject({ ok: false, status: 409 });
    const confirm = await actOnRequest(ctx.db, ctx.actors["noord-ams"]!, filed.requestNumber, { kind: "confirm" }, 2, NOW);
    expect(confirm).toMatchObject({ ok: false, status: 400 });
  });
});

describe("two complaints about one case from two processes at once", () => {
  it("make one request holding both messages", { timeout: 120_000 }, async () => {
    const opened = await openTestCase(ctx.db, ctx.ids.accounts["noord-ams"]!, "chargeback", { at: T0 });
    const answers = await race(ctx.location, [
      {
        kind: "fileComplaint",
        username: "noord-ams",
        caseNumber: opened.caseNumber,
        description: "From Amsterdam",
        now: NOW.toISOString(),
      },
      {
        kind: "fileComplaint",
        username: "noord-hq",
        caseNumber: opened.caseNumber,
        description: "From head office",
        now: NOW.toISOString(),
      },
    ]);
    const values = answers.map((a) => (a.ok ? a.value : a.error)) as { ok: boolean; addedTo: boolean }[];
    expect(values.map((v) => v.ok)).toEqual([true, true]);
    expect(values.map((v) => v.addedTo).sort()).toEqual([false, true]);
    const requests = await ctx.db.selectFrom("support_requests").select(["id", "description"]).where("case_id", "=", opened.id).execute();
    expect(requests).toHaveLength(1);
    // The first filing's text is the request's description, the second's a message on it.
    const bodies = await ctx.db.selectFrom("support_messages").select("body").where("request_id", "=", requests[0]!.id).execute();
    const texts = [requests[0]!.description, ...bodies.map((b) => b.body)];
    expect(texts).toEqual(expect.arrayContaining(["From Amsterdam", "From head office"]));
  });
});

describe("routing inside the filing transaction", () => {
  it("goes to the organisation's agent, and to the queue once that agent holds the limit", async () => {
    await seedSupportDesk(ctx.db, ctx.ids, T0, () => Promise.resolve("not-a-real-hash"));
    const agent = ctx.ids.users["support-n1"]!;
    await ctx.db
      .insertInto("support_organisation_agents")
      .values({ organisation_id: ctx.ids.organisations["noord"]!, user_id: agent })
      .execute();
    const open = await ctx.db.selectFrom("support_requests").select("id").where("assigned_user_id", "=", agent).execute();
    await ctx.db
      .insertInto("settings")
      .values({ key: "support.max_open_per_agent", value: String(open.length + 1), updated_at: NOW.toISOString() })
      .execute();
    try {
      const first = await fileRequest(ctx.db, ctx.actors["noord-ams"]!, filing({ subject: "Routed" }), NOW);
      const second = await fileRequest(ctx.db, ctx.actors["noord-ams"]!, filing({ subject: "Queued" }), NOW);
      if (!first.ok || !second.ok) throw new Error("filing failed");
      const assigned = async (n: string) =>
        (await ctx.db.selectFrom("support_requests").select("assigned_user_id").where("request_number", "=", n).executeTakeFirstOrThrow())
          .assigned_user_id;
      expect(await assigned(first.requestNumber)).toBe(agent);
      expect(await assigned(second.requestNumber)).toBeNull();
    } finally {
      await ctx.db.deleteFrom("support_organisation_agents").execute();
      await ctx.db.deleteFrom("settings").where("key", "=", "support.max_open_per_agent").execute();
    }
  });
});
