import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { openTestCase } from "../../tests/setup/disputes";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as caseAction, loader as caseLoader } from "./disputes.$caseNumber._index";

// "Accept the chargeback" closes a case for good, so it asks first (issue 12 item 6): a post
// without confirmed=yes answers with the confirmation step and writes nothing; only the
// confirmed post accepts, keeping the optional comment on the timeline.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-accept-"));
process.env.DATA_DIR = dataDir;

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  for (const username of ["alpen-muc", "noord-hq"]) {
    const { token } = await createSession(ctx.db, ctx.ids.users[username]!, new Date());
    cookies[username] = await sessionCookie.serialize(token);
  }
});
afterAll(async () => {
  await ctx.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function open(accountKey: string, type: "inquiry" | "chargeback"): Promise<string> {
  return (await openTestCase(ctx.db, ctx.ids.accounts[accountKey]!, type, { documents: ["signed_receipt"], at: new Date() })).caseNumber;
}

function post(caseNumber: string, as: string, fields: Record<string, string>, file?: { name: string; body: Buffer }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file_0", new Blob([new Uint8Array(file.body)], { type: "application/pdf" }), file.name);
  const request = new Request(new URL(`/disputes/${caseNumber}`, "http://localhost"), {
    method: "POST",
    body: form,
    headers: { Cookie: cookies[as]! },
  });
  return responseOf(() => caseAction({ request, params: { caseNumber }, context: {} }));
}

type CasePage = {
  case: { status: string; outcome: string | null };
  timeline: { eventType: string; details: { comment?: string } }[];
};

async function pageOf(caseNumber: string, as = "alpen-muc"): Promise<CasePage> {
  const request = new Request(new URL(`/disputes/${caseNumber}`, "http://localhost"), { headers: { Cookie: cookies[as]! } });
  const result = (await caseLoader({ request, params: { caseNumber }, context: {} })) as { page: CasePage };
  return result.page;
}

type Answer = {
  data: { confirmAccept?: boolean; problems: { key: string }[]; values: { comment: string; version?: string }; hadFiles: boolean };
};

const responsesOf = async (caseNumber: string) =>
  (
    await ctx.db
      .selectFrom("case_responses")
      .innerJoin("cases", "cases.id", "case_responses.case_id")
      .select("case_responses.id")
      .where("cases.case_number", "=", caseNumber)
      .execute()
  ).length;

describe("accepting a chargeback asks for confirmation", () => {
  it("without confirmed=yes answers with the confirmation step, keeps the comment and leaves the case open", async () => {
    const caseNumber = await open("alpen-muc", "chargeback");
    const result = await post(caseNumber, "alpen-muc", { intent: "accept", version: "1", comment: "We refunded in cash." });
    expect(statusOf(result as Response)).toBe(200);
    const answer = result as Answer;
    expect(answer.data.confirmAccept).toBe(true);
    expect(answer.data.problems).toEqual([]);
    expect(answer.data.values).toMatchObject({ comment: "We refunded in cash.", version: "1" });
    expect(answer.data.hadFiles).toBe(false);
    const page = await pageOf(caseNumber);
    expect(page.case).toMatchObject({ status: "awaiting_response", outcome: null });
    expect(page.timeline.map((e) => e.eventType)).not.toContain("accept");
    expect(await responsesOf(caseNumber)).toBe(0);
    // "confirmed" must say yes: any other value is no confirmation.
    const other = (await post(caseNumber, "alpen-muc", { intent: "accept", version: "1", confirmed: "1" })) as Answer;
    expect(other.data.confirmAccept).toBe(true);
    expect((await pageOf(caseNumber)).case.status).toBe("awaiting_response");
  });

  it("with confirmed=yes accepts: the case is closed as accepted and the comment is on the timeline", async () => {
    const caseNumber = await open("alpen-muc", "chargeback");
    const result = await post(caseNumber, "alpen-muc", {
      intent: "accept",
      confirmed: "yes",
      version: "1",
      comment: "Refunded the guest.",
    });
    expect(result).toBeInstanceOf(Response);
    expect(statusOf(result as Response)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe(`/disputes/${caseNumber}?done=accepted`);
    const page = await pageOf(caseNumber);
    expect(page.case).toMatchObject({ status: "closed", outcome: "accepted" });
    const accepted = page.timeline.find((e) => e.eventType === "accept");
    expect(accepted?.details.comment).toBe("Refunded the guest.");
    expect(await responsesOf(caseNumber)).toBe(1);
  });

  it("the comment is optional", async () => {
    const caseNumber = await open("alpen-muc", "chargeback");
    const result = await post(caseNumber, "alpen-muc", { intent: "accept", confirmed: "yes", version: "1", comment: "" });
    expect(statusOf(result as Response)).toBe(302);
    expect((await pageOf(caseNumber)).case).toMatchObject({ status: "closed", outcome: "accepted" });
  });

  it("files posted with an unconfirmed acceptance are not kept, and the confirmation says so", async () => {
    const caseNumber = await open("alpen-muc", "chargeback");
    const result = (await post(
      caseNumber,
      "alpen-muc",
      { intent: "accept", version: "1" },
      { name: "x.pdf", body: Buffer.from("%PDF-1.4\n%x\n") },
    )) as Answer;
    expect(result.data).toMatchObject({ confirmAccept: true, hadFiles: true });
    expect((await pageOf(caseNumber)).case.status).toBe("awaiting_response");
  });

  it("a case that cannot be accepted gets its refusal, not the confirmation", async () => {
    // An inquiry is never accepted (the state machine refuses it).
    const inquiry = await open("alpen-muc", "inquiry");
    const refusedInquiry = (await post(inquiry, "alpen-muc", { intent: "accept", version: "1" })) as Answer & { init: ResponseInit };
    expect(statusOf(refusedInquiry)).toBe(400);
    expect(refusedInquiry.data.confirmAccept).toBe(false);
    expect(refusedInquiry.data.problems.map((p) => p.key)).toEqual(["case.refusal.not_allowed_for_type"]);

    // An accepted chargeback cannot be accepted again.
    const done = await open("alpen-muc", "chargeback");
    await post(done, "alpen-muc", { intent: "accept", confirmed: "yes", version: "1" });
    const again = (await post(done, "alpen-muc", { intent: "accept", version: "2" })) as Answer & { init: ResponseInit };
    expect(statusOf(again)).toBe(400);
    expect(again.data.confirmAccept).toBe(false);

    // Local handling: the head office may look but not answer (SPEC 2), confirmed or not.
    const local = await open("noord-ams", "chargeback");
    for (const confirmed of ["", "yes"]) {
      const r = await post(local, "noord-hq", { intent: "accept", version: "1", confirmed });
      expect(statusOf(r as Response)).toBe(403);
    }
    expect((await pageOf(local, "noord-hq")).case.status).toBe("awaiting_response");
  });
});
