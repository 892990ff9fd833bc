import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf, seedOrganisationsAndUsers, type SeededIds } from "../../../db/demo/organisations";
import { createTestDatabase, type TestDatabase } from "../../../tests/setup/db";
import { createApiKey } from "../api-keys.server";
import { refused } from "../result";
import { IDEMPOTENCY_TTL_MS, runIdempotent } from "./idempotency.server";

// The Idempotency-Key's 24 hours, on the clock the service is handed.

let test: TestDatabase;
let ids: SeededIds;
let keyId: number;
const t0 = new Date("2026-12-01T09:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  ids = await seedOrganisationsAndUsers(test.db, t0, () => Promise.resolve("not-a-real-hash"));
  const actor = {
    userId: idOf(ids.users, "alpen-hq"),
    role: "org_admin" as const,
    organisationId: idOf(ids.organisations, "alpen"),
    assignedAccountIds: [],
  };
  const created = await createApiKey(test.db, actor, { name: "ttl", scope: "respond", accounts: "all" }, t0);
  if (!created.ok) throw new Error("no key");
  keyId = (await test.db.selectFrom("api_keys").select("id").where("public_id", "=", created.publicId).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await test.destroy();
});

const at = (ms: number) => new Date(t0.getTime() + ms);

describe("Idempotency-Key lifetime", () => {
  it("replays within 24 hours, refuses another body then, and forgets the key after 24 hours", async () => {
    let runs = 0;
    const work = () => {
      runs++;
      return Promise.resolve({ status: 201, body: { run: runs } });
    };
    const first = await runIdempotent(test.db, keyId, "k-1", "hash-a", t0, work);
    expect(first).toMatchObject({ ok: true, status: 201, replayed: false, body: '{"run":1}' });
    expect(await runIdempotent(test.db, keyId, "k-1", "hash-a", at(IDEMPOTENCY_TTL_MS - 1000), work)).toMatchObject({
      ok: true,
      replayed: true,
      body: '{"run":1}',
    });
    expect(await runIdempotent(test.db, keyId, "k-1", "hash-b", at(IDEMPOTENCY_TTL_MS - 1000), work)).toMatchObject({
      ok: false,
      status: 422,
    });
    const later = await runIdempotent(test.db, keyId, "k-1", "hash-b", at(IDEMPOTENCY_TTL_MS + 1000), work);
    expect(later).toMatchObject({ ok: true, replayed: false, body: '{"run":2}' });
    expect(runs).toBe(2);
  });

  it("a refused request keeps no claim: the same key may be sent again", async () => {
    const refusal = await runIdempotent(test.db, keyId, "k-2", "hash-a", t0, () =>
      Promise.resolve(refused(409, [{ field: "form", key: "disputes.error.conflict" }])),
    );
    expect(refusal).toMatchObject({ ok: false, status: 409 });
    const again = await runIdempotent(test.db, keyId, "k-2", "hash-b", t0, () => Promise.resolve({ status: 201, body: {} }));
    expect(again).toMatchObject({ ok: true, replayed: false });
  });
});
