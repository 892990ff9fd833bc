import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { formRequest, responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as pageAction, loader as pageLoader } from "./admin.intake-keys";
import { apiKeyOf, orgAdminActor } from "../../tests/setup/api-keys";
import type { Actor } from "~/domain/permissions";
import { INTAKE_EXAMPLE, type IntakeReport, type IntakeRow } from "~/services/disputes/intake.server";
import { createIntakeKey, loadIntakeKeys, revokeIntakeKeyOf } from "~/services/network-intake-keys.server";
import { loader as listLoader } from "./api.v1.cases._index";
import { action as networkAction, loader as networkLoader } from "./api.v1.network.cases";

// POST /api/v1/network/cases (SPEC 4, 13, issue 13 item 5): the network's batches with an intake
// key, row by row through the CSV import's service; merchant keys and intake keys kept apart.

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const now = new Date();
let admin: Actor;
let intakeKey = "";
let merchantKey = "";
let merchantNumber = "";

beforeAll(async () => {
  ctx = await useRouteTestDatabase(now);
  admin = { userId: idOf(ctx.ids.users, "admin"), role: "admin", organisationId: null, assignedAccountIds: [] };
  const created = await createIntakeKey(ctx.db, admin, { name: "Visa feed" }, now);
  if (!created.ok) throw new Error("intake key not created");
  intakeKey = created.secret;
  merchantKey = await apiKeyOf(ctx, orgAdminActor(ctx.ids, "alpen-hq", "alpen"), "respond", "all", now);
  merchantNumber = (
    await ctx.db
      .selectFrom("accounts")
      .select("merchant_number")
      .where("id", "=", idOf(ctx.ids.accounts, "alpen-muc"))
      .executeTakeFirstOrThrow()
  ).merchant_number;
});
afterAll(async () => {
  await ctx.destroy();
});

const row = (overrides: IntakeRow): IntakeRow => ({ ...INTAKE_EXAMPLE, merchant_number: merchantNumber, ...overrides });
const deliver = (key: string, cases: unknown, idempotencyKey: string = crypto.randomUUID()) =>
  networkAction({
    request: new Request("http://localhost/api/v1/network/cases", {
      method: "POST",
      body: JSON.stringify({ cases }),
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    }),
    params: {},
    context: {},
  });
const problemKeys = async (response: Response) => ((await response.json()) as { problems: { key: string }[] }).problems.map((p) => p.key);
const casesWithId = async (prefix: string) =>
  (await ctx.db.selectFrom("cases").select("network_case_id").where("network_case_id", "like", `${prefix}%`).execute()).length;

describe("network intake through the API", () => {
  it("imports a batch of three with a line per row, one refused; the batch again is all duplicates; the key replays", async () => {
    const batch = [
      row({ network_case_id: "NET-1" }),
      row({ network_case_id: "NET-2", merchant_number: "0000000000" }),
      row({ network_case_id: "NET-3", type: "chargeback" }),
    ];
    const first = await deliver(intakeKey, batch, "batch-1");
    expect(first.status).toBe(200);
    const report = (await first.json()) as IntakeReport;
    expect(report).toMatchObject({ created: 2, duplicates: 0, refused: 1 });
    expect(report.rows.map((r) => [r.row, r.networkCaseId, r.outcome])).toEqual([
      [1, "NET-1", "created"],
      [2, "NET-2", "refused"],
      [3, "NET-3", "created"],
    ]);
    // The reason exactly as the CSV import gives it.
    expect(report.rows[1]).toMatchObject({ field: "merchant_number", reason: "intake.error.merchant" });
    expect(await casesWithId("NET-")).toBe(2);

    const again = await deliver(intakeKey, batch);
    expect(again.status).toBe(200);
    const second = (await again.json()) as IntakeReport;
    expect(second).toMatchObject({ created: 0, duplicates: 2, refused: 1 });
    expect(second.rows.map((r) => r.outcome)).toEqual(["duplicate", "refused", "duplicate"]);
    expect(second.rows[0]).toMatchObject({ caseNumber: (report.rows[0] as { caseNumber: string }).caseNumber });

    const replayed = await deliver(intakeKey, batch, "batch-1");
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await replayed.json()).toEqual(report);
    // Another batch under the key is refused before a row of it is read.
    const reused = await deliver(intakeKey, [row({ network_case_id: "NET-9" })], "batch-1");
    expect(reused.status).toBe(422);
    expect(await problemKeys(reused)).toEqual(["api.error.idempotencyReused"]);
    expect(await casesWithId("NET-")).toBe(2);
  });

  it("a merchant's key is refused here (403), and an intake key on the merchants' endpoints (401)", async () => {
    const byMerchant = await deliver(merchantKey, [row({ network_case_id: "MERCHANT-1" })]);
    expect(byMerchant.status).toBe(403);
    expect(await problemKeys(byMerchant)).toEqual(["api.error.intakeKeyRequired"]);
    expect(await casesWithId("MERCHANT-")).toBe(0);
    const listed = await listLoader({
      request: new Request("http://localhost/api/v1/cases", { headers: { Authorization: `Bearer ${intakeKey}` } }),
      params: {},
      context: {},
    });
    expect(listed.status).toBe(401);
    expect(await problemKeys(listed)).toEqual(["api.error.unauthorized"]);
    expect((await deliver("dpn_nonsense", [row({ network_case_id: "X-1" })])).status).toBe(401);
    expect(networkLoader({ request: new Request("http://localhost/api/v1/network/cases"), params: {}, context: {} }).status).toBe(405);
  });

  it("a body that is not the batch is a 400 with nothing imported", async () => {
    const response = await deliver(intakeKey, [{ ...row({ network_case_id: "SHAPE-1" }), colour: "blue" }]);
    expect(response.status).toBe(400);
    expect(await problemKeys(response)).toEqual(["api.error.body"]);
    expect(await casesWithId("SHAPE-")).toBe(0);
  });

  it("only the platform admin makes keys, each audited; a revoked key gets a 401 from the next request on", async () => {
    const analyst: Actor = { userId: idOf(ctx.ids.users, "analyst"), role: "analyst", organisationId: null, assignedAccountIds: [] };
    expect((await createIntakeKey(ctx.db, analyst, { name: "mine" }, now)).ok).toBe(false);
    const created = await createIntakeKey(ctx.db, admin, { name: "Mastercard feed" }, now);
    if (!created.ok) throw new Error("not created");
    expect((await deliver(created.secret, [row({ network_case_id: "REVOKE-1" })])).status).toBe(200);
    const listed = await loadIntakeKeys(ctx.db, admin);
    const stored = listed.ok ? listed.keys.find((k) => k.publicId === created.publicId) : undefined;
    expect(stored).toMatchObject({ name: "Mastercard feed", revokedAt: null });
    expect(stored?.lastUsedAt).not.toBeNull();
    const row0 = await ctx.db
      .selectFrom("network_intake_keys")
      .select("secret_hash")
      .where("public_id", "=", created.publicId)
      .executeTakeFirstOrThrow();
    expect(created.secret).not.toContain(row0.secret_hash);
    expect(row0.secret_hash).not.toContain(created.secret.split("_")[2]!);

    expect((await revokeIntakeKeyOf(ctx.db, admin, stored!.id, now)).ok).toBe(true);
    const afterRevoke = await deliver(created.secret, [row({ network_case_id: "REVOKE-2" })]);
    expect(afterRevoke.status).toBe(401);
    expect(await casesWithId("REVOKE-")).toBe(1);
    const audit = await ctx.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "organisation_id"])
      .where("entity_type", "=", "network_intake_key")
      .where("entity_id", "=", String(stored!.id))
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "intake_key_created", actor_user_id: admin.userId, organisation_id: null },
      { action: "intake_key_revoked", actor_user_id: admin.userId, organisation_id: null },
    ]);
  });

  it(
    "takes a batch of 1 000 cases, each row in its own transaction, and the batch again creates nothing",
    { timeout: 240_000 },
    async () => {
      const batch = Array.from({ length: 1000 }, (_, i) =>
        row({ network_case_id: `BIG-${String(i).padStart(4, "0")}`, card_last4: String(1000 + i), amount: `${(i % 80) + 10}.00` }),
      );
      const first = await deliver(intakeKey, batch);
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ created: 1000, duplicates: 0, refused: 0 });
      const again = await deliver(intakeKey, batch);
      expect(await again.json()).toMatchObject({ created: 0, duplicates: 1000, refused: 0 });
      expect(await casesWithId("BIG-")).toBe(1000);
      const tooMany = await deliver(intakeKey, [...batch, row({ network_case_id: "BIG-1000" })]);
      expect(tooMany.status).toBe(400);
      expect(await problemKeys(tooMany)).toEqual(["intake.error.tooManyRows"]);
    },
  );

  it("the admin page shows a new key's secret once, lists it hashed, and revokes it; others get 403", async () => {
    const cookieOf = async (username: string) =>
      sessionCookie.serialize((await createSession(ctx.db, idOf(ctx.ids.users, username), new Date())).token);
    const adminCookie = await cookieOf("admin");
    const post = (fields: Record<string, string>, cookie = adminCookie) =>
      responseOf(() => pageAction({ request: formRequest("/admin/intake-keys", fields, { Cookie: cookie }), params: {}, context: {} }));
    const created = (await post({ intent: "create", name: "Amex feed" })) as { data: { created: { name: string; secret: string } } };
    expect(created.data.created.secret).toMatch(/^dpn_[a-z2-7]+_[a-z2-7]+$/);
    const page = (await responseOf(() =>
      pageLoader({
        request: new Request("http://localhost/admin/intake-keys", { headers: { Cookie: adminCookie } }),
        params: {},
        context: {},
      }),
    )) as { data: { keys: { id: number; name: string; revokedAt: string | null }[] } };
    expect(JSON.stringify(page.data)).not.toContain(created.data.created.secret.split("_")[2]);
    const listed = page.data.keys.find((k) => k.name === "Amex feed")!;
    expect(statusOf(await post({ intent: "create", name: " " }))).toBe(400);
    const revoked = (await post({ intent: "revoke", keyId: String(listed.id) })) as { data: { revoked: { name: string } } };
    expect(revoked.data.revoked.name).toBe("Amex feed");
    expect(statusOf(await post({ intent: "revoke", keyId: String(listed.id) }))).toBe(404);
    expect((await deliver(created.data.created.secret, [row({ network_case_id: "PAGE-1" })])).status).toBe(401);
    for (const username of ["analyst", "alpen-hq"]) {
      const cookie = await cookieOf(username);
      expect(statusOf(await post({ intent: "create", name: "sneaky" }, cookie)), username).toBe(403);
    }
  });
});
