import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { itemAt } from "../../tests/setup/at";
import { openDatabase, type DB } from "../../db/connection";
import { createTestDatabase } from "../../tests/setup/db";
import { createEmailProvider, EMAIL_API_TOKEN } from "../../tests/mocks/email-provider";
import { MAX_EMAIL_ATTEMPTS } from "~/domain/notifications";
import { enqueueEmail, retryFailedEmail } from "~/models/outbox.server";
import { seedOrganisationsAndUsers } from "../../db/demo/organisations";
import { requestPasswordReset } from "~/services/auth.server";
import { deliverDueEmails, emailDeliveryJob, type DeliveryOptions } from "./email-delivery.server";

const mock = createEmailProvider();
let db: DB;
let destroy: () => Promise<void>;
let location: string;

beforeAll(async () => {
  ({ db, destroy, location } = await createTestDatabase());
  mock.listen();
});
afterEach(() => mock.reset());
afterAll(async () => {
  mock.close();
  await destroy();
});
beforeEach(async () => {
  await db.deleteFrom("email_outbox").execute();
});

const T0 = new Date("2026-11-23T09:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

function options(now: Date, extra: Partial<DeliveryOptions> = {}): DeliveryOptions {
  // The jitter is pinned in the middle, so the waits are exactly predictable.
  return { now, provider: mock.provider, fetch: globalThis.fetch, random: () => 0.5, timeoutMs: 200, ...extra };
}

async function queue(key: string, now = T0) {
  await enqueueEmail(
    db,
    {
      idempotencyKey: key,
      kind: "test",
      to: `${key}@example.test`,
      subject: `Subject ${key}`,
      text: `Body of ${key}`,
      html: `<p>${key}</p>`,
    },
    now,
  );
}

async function row(key: string) {
  return db.selectFrom("email_outbox").selectAll().where("idempotency_key", "=", key).executeTakeFirstOrThrow();
}

describe("email delivery worker", () => {
  it("posts JSON with the bearer token and the message's idempotency key, and marks it sent", async () => {
    await queue("welcome");
    const report = await deliverDueEmails(db, options(T0));
    expect(report).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(mock.posted).toHaveLength(1);
    expect(mock.posted[0]).toMatchObject({
      idempotencyKey: "welcome",
      authorization: `Bearer ${EMAIL_API_TOKEN}`,
      to: "welcome@example.test",
      subject: "Subject welcome",
      text: "Body of welcome",
      html: "<p>welcome</p>",
    });
    const sent = await row("welcome");
    expect(sent).toMatchObject({ status: "sent", attempts: 1, sent_at: T0.toISOString(), locked_until: null });
    // Nothing is due any more.
    expect((await deliverDueEmails(db, options(at(60_000)))).claimed).toBe(0);
  });

  it("retries a 500 and a timeout with growing, jittered waits, then succeeds with the same key", async () => {
    await queue("retry-me");
    mock.failNext(500, "hang");

    const first = await deliverDueEmails(db, options(T0));
    expect(first).toMatchObject({ claimed: 1, retried: 1 });
    let r = await row("retry-me");
    expect(r).toMatchObject({ status: "pending", attempts: 1 });
    expect(r.last_error).toMatch(/^HTTP 500/);
    // 30 s ceiling after the first failure, half fixed + half × 0.5 jitter = 22.5 s.
    expect(r.next_attempt_at).toBe(at(22_500).toISOString());

    // Not due yet: nothing is posted.
    expect((await deliverDueEmails(db, options(at(22_499)))).claimed).toBe(0);

    const second = await deliverDueEmails(db, options(at(22_500)));
    expect(second).toMatchObject({ claimed: 1, retried: 1 });
    r = await row("retry-me");
    expect(r.last_error).toBe("timed out after 200 ms");
    expect(r.attempts).toBe(2);
    // 60 s ceiling after the second failure: 45 s later.
    expect(r.next_attempt_at).toBe(at(22_500 + 45_000).toISOString());

    const third = await deliverDueEmails(db, options(at(67_500)));
    expect(third).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row("retry-me")).toMatchObject({ status: "sent", attempts: 3 });
    expect(mock.posted.map((p) => p.idempotencyKey)).toEqual(["retry-me", "retry-me", "retry-me"]);
    expect(mock.delivered.size).toBe(1);
  });

  it("ends in `failed` with the provider's error visible when it is down for every attempt; an admin retry sends it", async () => {
    await queue("doomed");
    mock.goDown(503);
    let now = T0;
    for (let attempt = 1; attempt <= MAX_EMAIL_ATTEMPTS; attempt++) {
      const report = await deliverDueEmails(db, options(now));
      expect(report.claimed).toBe(1);
      const r = await row("doomed");
      if (attempt < MAX_EMAIL_ATTEMPTS) {
        expect(r.status).toBe("pending");
        now = new Date(r.next_attempt_at);
      } else {
        expect(r.status).toBe("failed");
      }
    }
    const failed = await row("doomed");
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_EMAIL_ATTEMPTS });
    expect(failed.last_error).toContain("HTTP 503");
    expect(failed.last_error).toContain("scripted failure 503");
    expect(mock.posted).toHaveLength(MAX_EMAIL_ATTEMPTS);
    // A failed message is never picked up again by itself.
    expect((await deliverDueEmails(db, options(at(7 * 24 * 3600_000)))).claimed).toBe(0);

    mock.recover();
    expect(await retryFailedEmail(db, failed.id, at(8 * 24 * 3600_000))).toBe(true);
    const report = await deliverDueEmails(db, options(at(8 * 24 * 3600_000)));
    expect(report.sent).toBe(1);
    expect(new Set(mock.posted.map((p) => p.idempotencyKey))).toEqual(new Set(["doomed"]));
  });

  it("gives up at once on an answer retrying cannot fix (401), keeping the error", async () => {
    await queue("unauthorised");
    const report = await deliverDueEmails(db, options(T0, { provider: { ...mock.provider, token: "wrong" } }));
    expect(report.failed).toBe(1);
    const failed = await row("unauthorised");
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.last_error).toMatch(/^HTTP 401/);
  });

  it("retries a message whose worker died mid-send once the lease runs out, with the same idempotency key", async () => {
    await queue("crashed");
    // A worker claimed it and died before recording anything: simulate with a fetch that never reports back.
    const dying = deliverDueEmails(db, options(T0, { fetch: () => new Promise<Response>(() => undefined) }));
    await vi.waitFor(async () => expect((await row("crashed")).status).toBe("sending"));
    void dying;
    const leased = await row("crashed");
    // Within the lease no other worker touches it.
    expect((await deliverDueEmails(db, options(at(1_000)))).claimed).toBe(0);
    const afterLease = new Date(new Date(leased.locked_until!).getTime() + 1);
    const report = await deliverDueEmails(db, options(afterLease));
    expect(report.sent).toBe(1);
    expect(await row("crashed")).toMatchObject({ status: "sent", attempts: 2 });
    expect(mock.posted.map((p) => p.idempotencyKey)).toEqual(["crashed"]);
  });

  it("two workers at once never send one message twice", async () => {
    for (let i = 0; i < 30; i++) await queue(`bulk-${i}`);
    // A second connection to the same database: a second process, as far as the engine is concerned.
    const other = openDatabase(location);
    try {
      const reports = await Promise.all([
        deliverDueEmails(db, options(T0, { batchSize: 7 })),
        deliverDueEmails(other, options(T0, { batchSize: 7 })),
        deliverDueEmails(db, options(T0, { batchSize: 7 })),
        deliverDueEmails(other, options(T0, { batchSize: 7 })),
        deliverDueEmails(other, options(T0, { batchSize: 7 })),
      ]);
      expect(reports.reduce((n, r) => n + r.claimed, 0)).toBe(30);
    } finally {
      await other.destroy();
    }
    expect(mock.posted).toHaveLength(30);
    expect(new Set(mock.posted.map((p) => p.idempotencyKey)).size).toBe(30);
    const statuses = await db.selectFrom("email_outbox").select(["status", "attempts"]).execute();
    expect(statuses.every((s) => s.status === "sent" && s.attempts === 1)).toBe(true);
  });

  it("never posts one message under two idempotency keys, however often it is queued and tried", async () => {
    await queue("once");
    await queue("once");
    mock.failNext(502, "network");
    let now = T0;
    for (let i = 0; i < 3; i++) {
      await deliverDueEmails(db, options(now));
      now = new Date((await row("once")).next_attempt_at);
    }
    expect(await db.selectFrom("email_outbox").select("id").execute()).toHaveLength(1);
    const keysBySubject = new Map<string, Set<string | null>>();
    for (const p of mock.posted) keysBySubject.set(p.subject, (keysBySubject.get(p.subject) ?? new Set()).add(p.idempotencyKey));
    expect([...keysBySubject.values()].map((s) => s.size)).toEqual([1]);
    expect(mock.delivered.size).toBe(1);
  });

  it("does nothing without EMAIL_API_URL: messages stay in the outbox", async () => {
    expect(process.env.EMAIL_API_URL ?? "").toBe("");
    await queue("stays");
    expect(await emailDeliveryJob.run(db, T0)).toBeNull();
    expect(await row("stays")).toMatchObject({ status: "pending", attempts: 0 });
    expect(mock.posted).toHaveLength(0);
  });

  it("sends password-reset emails from the outbox like any other", async () => {
    await seedOrganisationsAndUsers(db, T0, () => Promise.resolve("not-a-real-hash"));
    await requestPasswordReset(db, "alpen-muc@alpenblick.example", { now: T0, appUrl: "https://portal.example" });
    const report = await deliverDueEmails(db, options(T0));
    expect(report.sent).toBe(1);
    expect(itemAt(mock.posted, 0).to).toBe("alpen-muc@alpenblick.example");
    expect(itemAt(mock.posted, 0).idempotencyKey).toMatch(/^password-reset:/);
    expect(itemAt(mock.posted, 0).text).toMatch(/https:\/\/portal\.example\/reset\//);
  });

  it("fails a test on a request no handler mocks", async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(" ")));
    try {
      await expect(fetch("https://not-mocked.test/anything")).rejects.toThrow();
    } finally {
      spy.mockRestore();
    }
    // msw reports it through console.error, which the test setup turns into a failed test.
    expect(errors.join("\n")).toMatch(/without a matching request handler/);
  });
});
