import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itemAt } from "../../tests/setup/at";
import type { DB } from "../../db/connection";
import { idOf, seedOrganisationsAndUsers, type SeededIds } from "../../db/demo/organisations";
import { createTestDatabase } from "../../tests/setup/db";
import { recordLedgerEntry } from "~/models/ledger.server";
import { loadActor } from "~/models/user.server";
import { statementCsv, statementCsvHeader } from "~/domain/csv";
import { lineDescription } from "~/domain/statement-format";
import { translator } from "~/i18n";
import {
  dueMonths,
  generateDueStatements,
  loadStatementDocument,
  setPaperless,
  statementCsvDownload,
  statementFileName,
  toDomainStatement,
} from "./statements.server";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;
let ids: SeededIds;
const CREATED = new Date("2026-09-01T00:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  // Service tests sign nobody in: a stand-in hash keeps them fast.
  ids = await seedOrganisationsAndUsers(db, CREATED, () => Promise.resolve("not-a-real-hash"));
});
afterAll(async () => {
  await test.destroy();
});

let reference = 0;
async function charge(accountId: number, amountMinor: number, at: string, currency = "USD") {
  reference++;
  await db
    .insertInto("transactions")
    .values({
      account_id: accountId,
      occurred_at: new Date(at).toISOString(),
      amount_minor: amountMinor,
      currency,
      card_last4: "4242",
      network_reference: `TEST-${String(reference).padStart(6, "0")}`,
      description: `Sale ${reference}`,
      created_at: at,
    })
    .execute();
}

async function ledger(accountId: number, kind: "credit" | "chargeback" | "chargeback_reversal" | "fee", amountMinor: number, at: string) {
  await recordLedgerEntry(
    db,
    {
      accountId,
      kind,
      amountMinor,
      currency: "USD",
      occurredAt: new Date(at),
      description: `${kind} ${amountMinor}`,
      reference: `REF-${kind}-${amountMinor}`,
    },
    new Date(at),
  );
}

async function enrolment(accountId: number, enrolled: boolean, at: string) {
  await db
    .insertInto("paperless_enrolments")
    .values({ account_id: accountId, enrolled: enrolled ? 1 : 0, at: new Date(at).toISOString(), by_user_id: null })
    .execute();
}

async function statementOf(accountId: number, month: string) {
  const statement = await db
    .selectFrom("statements")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("month", "=", month)
    .executeTakeFirstOrThrow();
  const lines = await db.selectFrom("statement_lines").selectAll().where("statement_id", "=", statement.id).orderBy("position").execute();
  return { statement, lines };
}

// Harbor Outfitters Boston: America/New_York, USD. October 2026 is [2026-10-01T04:00Z, 2026-11-01T04:00Z).
async function octoberFixture(accountId: number) {
  await charge(accountId, 100, "2026-10-01T04:00:00.000Z"); // the first instant of the month: in
  await charge(accountId, 12000, "2026-10-03T15:00:00Z");
  await charge(accountId, 4550, "2026-10-15T18:30:00Z");
  await charge(accountId, 999, "2026-11-01T03:59:59.999Z"); // 31 Oct 23:59:59.999 in New York: in
  await charge(accountId, 777, "2026-11-01T04:00:00.000Z"); // November in New York
  await charge(accountId, 888, "2026-10-01T03:59:59.999Z"); // September in New York
  await charge(accountId, 5000, "2026-10-10T12:00:00Z", "EUR"); // another currency: totals of its own
  await ledger(accountId, "credit", 2000, "2026-10-05T12:00:00Z");
  await ledger(accountId, "credit", 1500, "2026-10-20T12:00:00Z");
  await ledger(accountId, "chargeback", 4550, "2026-10-22T12:00:00Z");
  await ledger(accountId, "chargeback", 3000, "2026-10-23T12:00:00Z");
  await ledger(accountId, "chargeback_reversal", 3000, "2026-10-28T12:00:00Z");
  await ledger(accountId, "fee", 250, "2026-10-31T12:00:00Z");
}

describe("generating statements", () => {
  it("sums an account that is not enrolled: one paper-fee line, mailed on paper (hand-computed)", async () => {
    const bos = idOf(ids.accounts, "harbor-bos");
    await octoberFixture(bos);
    const report = await generateDueStatements(db, new Date("2026-11-01T04:00:00Z"), { accountIds: [bos] });
    // Created at 2026-09-01T00:00Z, which is still 31 August in New York: August, September and
    // October; November has not closed yet there.
    expect(report).toEqual({ generated: 3, alreadyThere: 0 });

    const { statement, lines } = await statementOf(bos, "2026-10");
    // charges     = 100 + 12000 + 4550 + 999 = 17649
    // credits     = 2000 + 1500               =  3500
    // chargebacks = 4550 + 3000               =  7550
    // reversals   = 3000                      =  3000
    // fees        = 250 + 250 (paper)         =   500
    // net = 17649 − 3500 − 7550 + 3000 − 500  =  9099
    expect(statement).toMatchObject({
      currency: "USD",
      opens_at: "2026-10-01T04:00:00.000Z",
      closes_at: "2026-11-01T04:00:00.000Z",
      charges_minor: 17649,
      credits_minor: 3500,
      chargebacks_minor: 7550,
      reversals_minor: 3000,
      fees_minor: 500,
      net_minor: 9099,
      delivered_on_paper: 1,
    });
    expect(lines).toHaveLength(12);
    const paperFees = lines.filter((l) => l.code === "paper_statement_fee");
    expect(paperFees).toHaveLength(1);
    expect(paperFees[0]).toMatchObject({ kind: "fee", amount_minor: 250, currency: "USD" });
    expect(lines.map((l) => l.position)).toEqual([...Array(12).keys()]);
    // The EUR charge is on the statement, in EUR, with totals of its own (SPEC 6: per currency).
    expect(lines.filter((l) => l.currency === "EUR").map((l) => [l.kind, l.amount_minor])).toEqual([["charge", 5000]]);
    const totals = await db
      .selectFrom("statement_totals")
      .select(["currency", "charges_minor", "credits_minor", "chargebacks_minor", "reversals_minor", "fees_minor", "net_minor"])
      .where("statement_id", "=", statement.id)
      .orderBy("currency")
      .execute();
    expect(totals).toEqual([
      { currency: "EUR", charges_minor: 5000, credits_minor: 0, chargebacks_minor: 0, reversals_minor: 0, fees_minor: 0, net_minor: 5000 },
      {
        currency: "USD",
        charges_minor: 17649,
        credits_minor: 3500,
        chargebacks_minor: 7550,
        reversals_minor: 3000,
        fees_minor: 500,
        net_minor: 9099,
      },
    ]);

    // The September statement holds the 888 charge (30 Sep in New York) and its paper fee.
    const september = await statementOf(bos, "2026-09");
    expect(september.statement).toMatchObject({ charges_minor: 888, fees_minor: 250, net_minor: 638 });
  });

  it("an enrolled account gets no fee line and is online only", async () => {
    const nyc = idOf(ids.accounts, "harbor-nyc");
    await enrolment(nyc, true, "2026-09-01T00:00:00Z");
    await octoberFixture(nyc);
    await generateDueStatements(db, new Date("2026-11-02T00:00:00Z"), { accountIds: [nyc] });
    const { statement, lines } = await statementOf(nyc, "2026-10");
    expect(statement).toMatchObject({ fees_minor: 250, net_minor: 9349, delivered_on_paper: 0 });
    expect(lines.filter((l) => l.code === "paper_statement_fee")).toHaveLength(0);
    expect(lines).toHaveLength(11);
  });

  it("a change of enrolment applies from the next month's statement, both ways", async () => {
    const muc = idOf(ids.accounts, "alpen-muc"); // Europe/Berlin, EUR
    await enrolment(muc, true, "2026-10-15T10:00:00Z"); // during October
    await enrolment(muc, false, "2026-11-20T10:00:00Z"); // left again during November
    await generateDueStatements(db, new Date("2027-01-01T00:00:00Z"), { accountIds: [muc] });
    const fee = async (month: string) => (await statementOf(muc, month)).lines.filter((l) => l.code === "paper_statement_fee").length;
    expect(await fee("2026-09")).toBe(1);
    expect(await fee("2026-10")).toBe(1); // enrolled mid-October: October still on paper
    expect(await fee("2026-11")).toBe(0); // first statement after enrolling
    expect(await fee("2026-12")).toBe(1); // left in November: paper again from December
    expect((await statementOf(muc, "2026-11")).statement.delivered_on_paper).toBe(0);
  });

  it("takes the paper fee of the account's currency from the settings", async () => {
    const vie = idOf(ids.accounts, "alpen-vie");
    // USD's fee must not leak into a EUR account: only the EUR setting counts.
    await db
      .insertInto("settings")
      .values([
        { key: "paper_statement_fee_minor.EUR", value: "300", updated_at: CREATED.toISOString() },
        { key: "paper_statement_fee_minor.USD", value: "999", updated_at: CREATED.toISOString() },
      ])
      .execute();
    try {
      await generateDueStatements(db, new Date("2026-10-05T00:00:00Z"), { accountIds: [vie] });
      expect((await statementOf(vie, "2026-09")).statement).toMatchObject({ fees_minor: 300, net_minor: -300 });
    } finally {
      await db.deleteFrom("settings").where("key", "like", "paper_statement_fee_minor.%").execute();
    }
  });

  it("a currency without a fee setting charges none; a yen fee is charged in yen (issue 9 item 6)", async () => {
    const org = await db
      .selectFrom("accounts")
      .select("organisation_id")
      .where("id", "=", idOf(ids.accounts, "alpen-vie"))
      .executeTakeFirstOrThrow();
    const account = async (merchantNumber: string, currency: string) =>
      (
        await db
          .insertInto("accounts")
          .values({
            organisation_id: org.organisation_id,
            merchant_number: merchantNumber,
            name: `Account in ${currency}`,
            address: "Somewhere 1",
            time_zone: "Europe/Berlin",
            currency,
            paperless: 0,
            created_at: CREATED.toISOString(),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const kwd = await account("4140000001", "KWD");
    const jpy = await account("3920000001", "JPY");
    await db
      .insertInto("settings")
      .values({ key: "paper_statement_fee_minor.JPY", value: "400", updated_at: CREATED.toISOString() })
      .execute();
    try {
      await generateDueStatements(db, new Date("2026-10-05T00:00:00Z"), { accountIds: [kwd, jpy] });
      const kuwait = await statementOf(kwd, "2026-09");
      expect(kuwait.statement).toMatchObject({ currency: "KWD", fees_minor: 0, net_minor: 0, delivered_on_paper: 1 });
      expect(kuwait.lines).toEqual([]);
      const japan = await statementOf(jpy, "2026-09");
      expect(japan.statement).toMatchObject({ currency: "JPY", fees_minor: 400, net_minor: -400 });
      expect(japan.lines).toMatchObject([{ code: "paper_statement_fee", amount_minor: 400, currency: "JPY" }]);
    } finally {
      await db.deleteFrom("settings").where("key", "like", "paper_statement_fee_minor.%").execute();
    }
  });

  it("is idempotent: a second run, and two runs at once, add and change nothing", async () => {
    const ams = idOf(ids.accounts, "noord-ams");
    const utr = idOf(ids.accounts, "noord-utr");
    await charge(ams, 5000, "2026-10-10T12:00:00Z", "EUR");
    const now = new Date("2026-12-03T00:00:00Z");
    const [a, b] = await Promise.all([
      generateDueStatements(db, now, { accountIds: [ams, utr] }),
      generateDueStatements(db, now, { accountIds: [ams, utr] }),
    ]);
    // 3 months (Sep, Oct, Nov) × 2 accounts, each stored once between the two runs. How the six
    // split between them, and whether a run saw the other's rows before or at its insert, is timing.
    expect(a.generated + b.generated).toBe(6);
    const snapshot = async () => ({
      statements: await db.selectFrom("statements").selectAll().where("account_id", "in", [ams, utr]).orderBy("id").execute(),
      lines: await db
        .selectFrom("statement_lines")
        .innerJoin("statements", "statements.id", "statement_lines.statement_id")
        .selectAll("statement_lines")
        .where("statements.account_id", "in", [ams, utr])
        .orderBy("statement_lines.id")
        .execute(),
    });
    const before = await snapshot();
    expect(before.statements).toHaveLength(6);
    const again = await generateDueStatements(db, new Date("2026-12-20T00:00:00Z"), { accountIds: [ams, utr] });
    expect(again.generated).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("the cron command and the server's job may run at once: one statement per account and month", async () => {
    // Two processes, as in production (better-sqlite3 blocks its thread while it waits for a lock,
    // so the second writer must be another process). The command reads the wall clock.
    const countStatements = async () =>
      Number(
        (
          await db
            .selectFrom("statements")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const storedBefore = await countStatements();
    const child = new Promise<{ code: number | null; output: string }>((resolve) => {
      const proc = spawn(process.execPath, ["--import", "tsx", "app/jobs/run-statements.ts"], {
        env: { ...process.env, ...test.env, NODE_ENV: "test" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      proc.stdout.on("data", (c) => (output += c));
      proc.stderr.on("data", (c) => (output += c));
      proc.on("exit", (code) => resolve({ code, output }));
    });
    const here = await generateDueStatements(db, new Date());
    const { code, output } = await child;
    expect(code, output).toBe(0);
    const byCommand = Number(/statements: (\d+) generated/.exec(output)?.[1]);
    expect(byCommand, output).not.toBeNaN();
    // Each new statement was written by exactly one of the two runs.
    expect(here.generated + byCommand).toBe((await countStatements()) - storedBefore);
    const duplicates = await db
      .selectFrom("statements")
      .select(["account_id", "month", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["account_id", "month"])
      .having((eb) => eb.fn.countAll(), ">", 1)
      .execute();
    expect(duplicates).toEqual([]);
    // Every account now has every due month.
    const wallClock = new Date();
    for (const [key, id] of Object.entries(ids.accounts)) {
      const account = await db.selectFrom("accounts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const due = dueMonths(
        { id, timeZone: account.time_zone, currency: account.currency, createdAt: new Date(account.created_at) },
        null,
        wallClock,
      );
      const stored = (await db.selectFrom("statements").select("month").where("account_id", "=", id).execute()).map((r) => r.month);
      for (const ym of due) expect(stored, key).toContain(`${ym.year}-${String(ym.month).padStart(2, "0")}`);
    }
  });

  it("a stored statement cannot be changed or deleted", async () => {
    const { statement } = await statementOf(idOf(ids.accounts, "harbor-bos"), "2026-10");
    await expect(db.updateTable("statements").set({ net_minor: 0 }).where("id", "=", statement.id).execute()).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom("statement_lines").where("statement_id", "=", statement.id).execute()).rejects.toThrow(/immutable/);
  });
});

describe("the statement CSV download", () => {
  const t = translator("en");
  async function octoberOfBoston() {
    const bos = idOf(ids.accounts, "harbor-bos");
    // The statement of the first test above, or the same one made here when that did not run.
    const made = await db
      .selectFrom("statements")
      .select("id")
      .where("account_id", "=", bos)
      .where("month", "=", "2026-10")
      .executeTakeFirst();
    if (!made) {
      await octoberFixture(bos);
      await generateDueStatements(db, new Date("2026-11-01T04:00:00Z"), { accountIds: [bos] });
    }
    const { statement, lines } = await statementOf(bos, "2026-10");
    const user = await db.selectFrom("users").selectAll().where("username", "=", "harbor-hq").executeTakeFirstOrThrow();
    return { id: statement.id, lines: lines.length, actor: await loadActor(db, user) };
  }

  it("reads the lines a page at a time and writes what the whole document would", async () => {
    const { id, lines, actor } = await octoberOfBoston();
    let reads = 0;
    const download = await statementCsvDownload(db, actor, id, t, { linesPerRead: 5, beforeRead: () => Promise.resolve(void reads++) });
    let text = "";
    for await (const chunk of download!.chunks) text += chunk;

    const doc = (await loadStatementDocument(db, actor, id))!;
    const statement = toDomainStatement(doc);
    const whole = statementCsv(
      { ...statement, lines: statement.lines.map((line) => ({ ...line, description: lineDescription(line, t) })) },
      {
        timeZone: doc.account.timeZone,
        totalLabels: {
          charges: t("statement.total.charges"),
          credits: t("statement.total.credits"),
          chargebacks: t("statement.total.chargebacks"),
          reversals: t("statement.total.reversals"),
          fees: t("statement.total.fees"),
          net: t("statement.total.net"),
        },
      },
    );
    expect(text).toBe(whole);
    expect(text.split("\r\n").length - 1).toBe(1 + lines + 6 * doc.statement.totals.length);
    // One read per full page and one that comes back short (or empty).
    expect(reads).toBe(Math.floor(lines / 5) + 1);
    expect(download!.fileName).toBe(statementFileName(doc, "csv"));
  });

  it("stops reading when the client has gone", async () => {
    const { id, actor } = await octoberOfBoston();
    const gone = new AbortController();
    const download = await statementCsvDownload(db, actor, id, t, { linesPerRead: 5, signal: gone.signal });
    const chunks: string[] = [];
    for await (const chunk of download!.chunks) {
      chunks.push(chunk);
      gone.abort();
    }
    expect(chunks).toEqual([statementCsvHeader()]);
  });

  it("is not there for someone who may not see the statement", async () => {
    const { id } = await octoberOfBoston();
    const other = await db.selectFrom("users").selectAll().where("username", "=", "alpen-hq").executeTakeFirstOrThrow();
    expect(await statementCsvDownload(db, await loadActor(db, other), id, t)).toBeNull();
  });
});

describe("dueMonths", () => {
  const account = { id: 1, timeZone: "Europe/Berlin", currency: "EUR", createdAt: new Date("2020-01-01T00:00:00Z") };
  it("reaches back at most twelve months, and no further than the first activity", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    const all = dueMonths(account, null, now);
    expect(all).toHaveLength(12);
    expect(all[0]).toEqual({ year: 2025, month: 11 });
    expect(all.at(-1)).toEqual({ year: 2026, month: 10 });
    const recent = dueMonths({ ...account, createdAt: new Date("2026-09-15T00:00:00Z") }, null, now);
    expect(recent).toEqual([
      { year: 2026, month: 9 },
      { year: 2026, month: 10 },
    ]);
    // Charges older than the account record count as activity.
    const earlier = dueMonths({ ...account, createdAt: now }, new Date("2026-08-31T22:30:00Z"), now);
    expect(earlier[0]).toEqual({ year: 2026, month: 9 }); // 00:30 on 1 September in Berlin
  });
});

describe("paperless enrolment", () => {
  const now = new Date("2026-11-23T10:00:00Z");
  async function actorOf(username: string) {
    const user = await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
    return loadActor(db, user);
  }

  it("a location user may not enrol, not even its own account (SPEC 1: an org_admin action); nothing is recorded", async () => {
    const location = await actorOf("alpen-muc");
    const muc = idOf(ids.accounts, "alpen-muc");
    const before = await db.selectFrom("paperless_enrolments").select("id").where("account_id", "=", muc).execute();
    const paperlessBefore = (await db.selectFrom("accounts").select("paperless").where("id", "=", muc).executeTakeFirstOrThrow()).paperless;
    for (const enrolled of [true, false]) {
      expect(await setPaperless(db, location, muc, enrolled, now)).toEqual({
        ok: false,
        status: 403,
        problems: [{ field: "form", key: "paperless.notAllowed" }],
      });
    }
    expect(await db.selectFrom("paperless_enrolments").select("id").where("account_id", "=", muc).execute()).toEqual(before);
    expect((await db.selectFrom("accounts").select("paperless").where("id", "=", muc).executeTakeFirstOrThrow()).paperless).toBe(
      paperlessBefore,
    );
    // Another location's account does not exist for this user.
    expect(await setPaperless(db, location, idOf(ids.accounts, "alpen-gap"), true, now)).toMatchObject({ ok: false, status: 404 });
  });

  it("the org_admin enrols a location's account; it is recorded with date, user and an audit row", async () => {
    const actor = await actorOf("alpen-hq");
    const muc = idOf(ids.accounts, "alpen-muc");
    // The seed left its account enrolled: take it out first, then enrol it again.
    await setPaperless(db, actor, muc, false, now);
    const result = await setPaperless(db, actor, muc, true, now);
    expect(result).toEqual({ ok: true, changed: true, appliesFrom: "2026-12", accountName: "Alpenblick Hotel München" });
    const last = await db
      .selectFrom("paperless_enrolments")
      .selectAll()
      .where("account_id", "=", muc)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ enrolled: 1, at: now.toISOString(), by_user_id: actor.userId });
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "paperless_enrolled")
      .where("entity_id", "=", String(muc))
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(itemAt(audit, 0).details)).toEqual({ from: false, to: true, appliesFrom: "2026-12" });
    // Asking again changes nothing and records nothing.
    expect(await setPaperless(db, actor, muc, true, now)).toMatchObject({ ok: true, changed: false });
  });

  it("the org_admin enrols any of the organisation's accounts; head office without admin rights may not", async () => {
    const admin = await actorOf("alpen-hq");
    const gap = idOf(ids.accounts, "alpen-gap");
    expect(await setPaperless(db, admin, gap, true, now)).toMatchObject({ ok: true, changed: true });
    expect((await db.selectFrom("accounts").select("paperless").where("id", "=", gap).executeTakeFirstOrThrow()).paperless).toBe(1);
    expect(await setPaperless(db, admin, idOf(ids.accounts, "noord-ams"), true, now)).toMatchObject({ ok: false, status: 404 });

    const headOffice = await actorOf("noord-hq");
    expect(await setPaperless(db, headOffice, idOf(ids.accounts, "noord-ams"), true, now)).toMatchObject({ ok: false, status: 403 });
    const analyst = await actorOf("analyst");
    expect(await setPaperless(db, analyst, idOf(ids.accounts, "noord-ams"), true, now)).toMatchObject({ ok: false, status: 403 });
  });
});
