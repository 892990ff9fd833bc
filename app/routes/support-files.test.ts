import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf, seedSupportDesk } from "../../db/demo/organisations";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { hashPassword } from "~/services/auth.server";
import { cleanUpAttachments, CLEANUP_GRACE_MS } from "~/services/disputes/attachment-cleanup.server";
import { attachmentPath, dataDir as storeRoot } from "~/services/disputes/attachment-store.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as deskAction, loader as deskPage } from "./desk.$requestNumber";
import { loader as deskDownload } from "./desk.$requestNumber.attachments.$id";
import { action as requestAction, loader as requestLoader } from "./support.$requestNumber";
import { loader as download } from "./support.$requestNumber.attachments.$id";
import { action as newAction } from "./support.new";

// Files on support requests (SPEC 9 "attachments (rules of 3.5)"): filed with the request or a
// reply, downloaded by those who see the request and by the desk, kept by the clean-up job.

// Files go to the test run's DATA_DIR (storeRoot()), shared with the other route tests.

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  await seedSupportDesk(ctx.db, ctx.ids, new Date(), hashPassword);
});
afterAll(async () => {
  await ctx.destroy();
});

async function cookieOf(username: string) {
  const session = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
  return sessionCookie.serialize(session.token);
}
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const get = async (username: string, url: string) =>
  new Request(`http://localhost${url}`, { headers: { Cookie: await cookieOf(username) } });
async function postFiles(username: string, url: string, fields: Record<string, string>, files: { name: string; bytes: string }[]) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append("files", new File([f.bytes], f.name));
  return new Request(`http://localhost${url}`, { method: "POST", body, headers: { Cookie: await cookieOf(username) } });
}
const filing = {
  intent: "file",
  category: "incident",
  subject: "Statement PDF broken",
  description: "See the file.",
  replyChannel: "portal",
  caseNumber: "",
  accountId: "",
};
type Refusal = {
  data: { errors: Record<string, string>; values: Record<string, string>; fileProblems: { key: string; params: Record<string, string> }[] };
  init: ResponseInit;
};

describe("support request files", () => {
  it("are filed with the request and a reply, and downloaded by the organisation and the desk only", async () => {
    const filed = await responseOf(async () =>
      newAction(args(await postFiles("noord-ams", "/support/new", filing, [{ name: "screen.pdf", bytes: "%PDF-1.7 the screenshot" }]))),
    );
    expect(statusOf(filed)).toBe(302);
    const location = (filed as Response).headers.get("Location")!;
    const requestNumber = location.slice("/support/".length, location.indexOf("?"));
    const page = (await responseOf(async () =>
      requestLoader(args(await get("noord-ams", `/support/${requestNumber}`), { requestNumber })),
    )) as {
      data: { attachments: { id: number; originalName: string }[]; request: { version: number } };
    };
    expect(page.data.attachments.map((a) => a.originalName)).toEqual(["screen.pdf"]);

    const replied = await responseOf(async () =>
      requestAction(
        args(
          await postFiles(
            "noord-hq",
            `/support/${requestNumber}`,
            { intent: "reply", message: "And the statement itself.", version: String(page.data.request.version) },
            [{ name: "statement.pdf", bytes: "%PDF-1.7 the statement" }],
          ),
          { requestNumber },
        ),
      ),
    );
    expect(statusOf(replied)).toBe(302);
    const after = (await responseOf(async () =>
      requestLoader(args(await get("noord-ams", `/support/${requestNumber}`), { requestNumber })),
    )) as {
      data: { attachments: { id: number; originalName: string }[] };
    };
    expect(after.data.attachments.map((a) => a.originalName)).toEqual(["screen.pdf", "statement.pdf"]);

    const id = String(after.data.attachments[0]!.id);
    const mine = await responseOf(async () =>
      download(args(await get("noord-hq", `/support/${requestNumber}/attachments/${id}`), { requestNumber, id })),
    );
    expect(statusOf(mine)).toBe(200);
    expect((mine as Response).headers.get("Content-Disposition")).toContain("attachment");
    expect(await (mine as Response).text()).toBe("%PDF-1.7 the screenshot");
    const foreign = await responseOf(async () =>
      download(args(await get("alpen-hq", `/support/${requestNumber}/attachments/${id}`), { requestNumber, id })),
    );
    expect(statusOf(foreign)).toBe(404);
    const desk = await responseOf(async () =>
      deskDownload(args(await get("support-n1", `/desk/${requestNumber}/attachments/${id}`), { requestNumber, id })),
    );
    expect(statusOf(desk)).toBe(200);
    const merchantOnDesk = await responseOf(async () =>
      deskDownload(args(await get("noord-ams", `/desk/${requestNumber}/attachments/${id}`), { requestNumber, id })),
    );
    expect(statusOf(merchantOnDesk)).toBe(403);

    // The desk answers with a file too; the merchant gets it with the reply.
    const onDesk = (await responseOf(async () => deskPage(args(await get("support-n1", `/desk/${requestNumber}`), { requestNumber })))) as {
      data: { request: { version: number } };
    };
    const deskReply = await responseOf(async () =>
      deskAction(
        args(
          await postFiles(
            "support-n1",
            `/desk/${requestNumber}`,
            { intent: "reply", body: "Here is the corrected statement.", version: String(onDesk.data.request.version) },
            [{ name: "corrected.pdf", bytes: "%PDF-1.7 corrected" }],
          ),
          { requestNumber },
        ),
      ),
    );
    expect(statusOf(deskReply)).toBe(302);
    const withDeskFile = (await responseOf(async () =>
      requestLoader(args(await get("noord-ams", `/support/${requestNumber}`), { requestNumber })),
    )) as { data: { attachments: { originalName: string }[] } };
    expect(withDeskFile.data.attachments.map((a) => a.originalName)).toEqual(["screen.pdf", "statement.pdf", "corrected.pdf"]);

    // An old file a support request names is kept by the clean-up job.
    const row = await ctx.db.selectFrom("support_attachments").select("sha256").where("id", "=", Number(id)).executeTakeFirstOrThrow();
    const old = new Date(Date.now() - CLEANUP_GRACE_MS - 60_000);
    fs.utimesSync(attachmentPath(row.sha256), old, old);
    await cleanUpAttachments(ctx.db, new Date());
    expect(fs.existsSync(attachmentPath(row.sha256))).toBe(true);
  });

  it("refuses a file that is not what it claims, keeping what was typed and storing nothing", async () => {
    const before = await ctx.db.selectFrom("support_requests").select("id").execute();
    const staging = path.join(storeRoot(), "tmp-uploads");
    const stagedBefore = fs.existsSync(staging) ? fs.readdirSync(staging) : [];
    const refused = (await responseOf(async () =>
      newAction(args(await postFiles("noord-ams", "/support/new", filing, [{ name: "invoice.pdf", bytes: "<html>not a pdf</html>" }]))),
    )) as Refusal;
    expect(refused.init.status).toBe(400);
    expect(refused.data.fileProblems.map((p) => [p.key, p.params.file])).toEqual([["upload.error.bad_type", "invoice.pdf"]]);
    expect(refused.data.values).toMatchObject({ subject: "Statement PDF broken", description: "See the file." });
    expect(await ctx.db.selectFrom("support_requests").select("id").execute()).toHaveLength(before.length);
    expect(fs.readdirSync(staging).filter((n) => !stagedBefore.includes(n))).toEqual([]);
  });
});
