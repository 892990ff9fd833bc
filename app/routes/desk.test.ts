import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf, seedSupportDesk } from "../../db/demo/organisations";
import { openTestCase } from "../../tests/setup/disputes";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { hashPassword } from "~/services/auth.server";
import { fileRequest } from "~/services/support.server";
import { loadActor } from "~/models/user.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as caseAction } from "./disputes.$caseNumber._index";
import { action as requestAction, loader as requestLoader } from "./desk.$requestNumber";
import { loader as queueLoader } from "./desk._index";
import { action as templatesAction, loader as templatesLoader } from "./desk.templates";

// The desk's pages through their loaders and actions (SPEC 9, issue 14 item 3).

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
let caseNumber = "";
let requestNumber = "";
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  await seedSupportDesk(ctx.db, ctx.ids, new Date(), hashPassword);
  caseNumber = (await openTestCase(ctx.db, idOf(ctx.ids.accounts, "noord-ams"), "inquiry", { at: new Date(), documents: [] })).caseNumber;
  const user = await ctx.db.selectFrom("users").selectAll().where("username", "=", "noord-ams").executeTakeFirstOrThrow();
  const filed = await fileRequest(
    ctx.db,
    await loadActor(ctx.db, user),
    { category: "complaint", subject: "Inquiry", description: "Why?", replyChannel: "portal", caseNumber, accountId: null, locale: "en" },
    new Date(),
  );
  if (!filed.ok) throw new Error("filing failed");
  requestNumber = filed.requestNumber;
});
afterAll(async () => {
  await ctx.destroy();
});

async function cookieOf(username: string) {
  const session = await createSession(ctx.db, idOf(ctx.ids.users, username), new Date());
  return sessionCookie.serialize(session.token);
}
const get = async (username: string, path: string) =>
  new Request(`http://localhost${path}`, { headers: { Cookie: await cookieOf(username) } });
const post = async (username: string, path: string, fields: Record<string, string>) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: await cookieOf(username) },
  });
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
type Refusal = { data: { errors: Record<string, string>; values: Record<string, string> }; init: ResponseInit };

describe("/desk", () => {
  it("is for the support desk only; the desk may not answer a dispute", async () => {
    expect(statusOf(await responseOf(async () => queueLoader(args(await get("noord-hq", "/desk")))))).toBe(403);
    expect(statusOf(await responseOf(async () => queueLoader(args(await get("analyst", "/desk?queue=breached")))))).toBe(403);
    expect(statusOf(await responseOf(async () => queueLoader(args(await get("support-n1", "/desk?queue=nonsense")))))).toBe(200);
    expect(
      statusOf(await responseOf(async () => requestLoader(args(await get("noord-ams", `/desk/${requestNumber}`), { requestNumber })))),
    ).toBe(403);
    expect(
      statusOf(await responseOf(async () => requestLoader(args(await get("support-n1", "/desk/SR-1"), { requestNumber: "SR-1" })))),
    ).toBe(404);
    const respond = await responseOf(async () =>
      caseAction(args(await post("support-n1", `/disputes/${caseNumber}`, { intent: "respond", comment: "Desk answer" }), { caseNumber })),
    );
    expect(statusOf(respond)).toBe(403);
  });

  it("shows the linked case beside the request, and keeps what was typed when a form is refused", async () => {
    const page = (await responseOf(async () =>
      requestLoader(args(await get("support-n1", `/desk/${requestNumber}`), { requestNumber })),
    )) as { data: { linkedCase: { caseNumber: string } | null; request: { version: number } } };
    expect(page.data.linkedCase?.caseNumber).toBe(caseNumber);
    const version = String(page.data.request.version);

    const emptyReply = (await responseOf(async () =>
      requestAction(args(await post("support-n1", `/desk/${requestNumber}`, { intent: "solve", body: "   ", version }), { requestNumber })),
    )) as Refusal;
    expect(emptyReply.init.status).toBe(400);
    expect(emptyReply.data.errors.body).toBe("desk.error.replyRequired");

    const bareEscalation = (await responseOf(async () =>
      requestAction(args(await post("support-n1", `/desk/${requestNumber}`, { intent: "escalate", note: "", version }), { requestNumber })),
    )) as Refusal;
    expect(bareEscalation.init.status).toBe(400);
    expect(bareEscalation.data.errors.note).toBe("desk.error.noteRequired");

    const badAgent = (await responseOf(async () =>
      requestAction(
        args(await post("support-n1", `/desk/${requestNumber}`, { intent: "hand_over", toUserId: "99999", note: "For you", version }), {
          requestNumber,
        }),
      ),
    )) as Refusal;
    expect(badAgent.init.status).toBe(400);
    expect(badAgent.data.errors.toUserId).toBe("desk.error.agentUnknown");
    expect(badAgent.data.values.note).toBe("For you");

    const nonsense = await responseOf(async () =>
      requestAction(args(await post("support-n1", `/desk/${requestNumber}`, { intent: "explode" }), { requestNumber })),
    );
    expect(statusOf(nonsense)).toBe(400);

    const noted = await responseOf(async () =>
      requestAction(
        args(await post("support-n1", `/desk/${requestNumber}`, { intent: "note", body: "Checked the case", version }), { requestNumber }),
      ),
    );
    expect((noted as Response).headers.get("Location")).toBe(`/desk/${requestNumber}?saved=note`);
    const stale = (await responseOf(async () =>
      requestAction(
        args(await post("support-n1", `/desk/${requestNumber}`, { intent: "note", body: "Again", version }), { requestNumber }),
      ),
    )) as Refusal;
    expect(stale.init.status).toBe(409);
    expect(stale.data.values.body).toBe("Again");
  });

  it("keeps reply templates per language and refuses a placeholder it cannot fill", async () => {
    const refused = (await responseOf(async () =>
      templatesAction(args(await post("support-n1", "/desk/templates", { intent: "save", locale: "en", name: "Hi", body: "Hi {name}" }))),
    )) as Refusal & { data: { params: Record<string, string> } };
    expect(refused.init.status).toBe(400);
    expect(refused.data.errors.body).toBe("desk.template.error.placeholder");
    expect(refused.data.params.names).toBe("{name}");
    expect(refused.data.values).toMatchObject({ name: "Hi", body: "Hi {name}" });
    const wrongLocale = (await responseOf(async () =>
      templatesAction(args(await post("support-n1", "/desk/templates", { intent: "save", locale: "fr", name: "Hi", body: "Hi" }))),
    )) as Refusal;
    expect(wrongLocale.data.errors.locale).toBe("desk.template.error.locale");
    const saved = await responseOf(async () =>
      templatesAction(
        args(await post("support-n1", "/desk/templates", { intent: "save", locale: "en", name: "Hi", body: "Hi {merchantName}" })),
      ),
    );
    expect((saved as Response).headers.get("Location")).toBe("/desk/templates?saved=created");
    const list = (await responseOf(async () => templatesLoader(args(await get("support-n2", "/desk/templates"))))) as {
      data: { templates: { name: string }[] };
    };
    expect(list.data.templates.map((t) => t.name)).toContain("Hi");
    expect(statusOf(await responseOf(async () => templatesLoader(args(await get("noord-hq", "/desk/templates")))))).toBe(403);
  });
});
