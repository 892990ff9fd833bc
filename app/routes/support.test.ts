import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idOf } from "../../db/demo/organisations";
import { openTestCase } from "../../tests/setup/disputes";
import { responseOf, statusOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { createSession, sessionCookie } from "~/utils/session.server";
import { action as requestAction, loader as requestLoader } from "./support.$requestNumber";
import { loader as listLoader } from "./support._index";
import { action as newAction, loader as newLoader } from "./support.new";

// The merchant's support pages through their loaders and actions (SPEC 9, issue 14 item 2).

let ctx: Awaited<ReturnType<typeof useRouteTestDatabase>>;
let caseNumber = "";
beforeAll(async () => {
  ctx = await useRouteTestDatabase();
  caseNumber = (await openTestCase(ctx.db, idOf(ctx.ids.accounts, "alpen-muc"), "inquiry", { at: new Date(), documents: [] })).caseNumber;
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
type Page = {
  data: {
    request: { requestNumber: string; status: string; version: number };
    messages: { authorKind: string; body: string }[];
    allowed: string[];
  };
};

const complaint = () => ({
  intent: "file",
  category: "complaint",
  subject: "The chargeback was not ours",
  description: "We refunded the guest in person.",
  replyChannel: "portal",
  caseNumber,
  accountId: "",
});

describe("/support for merchants", () => {
  it("files a complaint about a case, acknowledged at once; a second one about the case joins the first", async () => {
    const form = (await responseOf(async () => newLoader(args(await get("alpen-muc", `/support/new?case=${caseNumber}`))))) as {
      data: { caseNumber: string | null };
    };
    expect(form.data.caseNumber).toBe(caseNumber);
    const filed = await responseOf(async () => newAction(args(await post("alpen-muc", "/support/new", complaint()))));
    expect(statusOf(filed as Response)).toBe(302);
    const location = (filed as Response).headers.get("Location")!;
    expect(location).toMatch(/^\/support\/[A-Z0-9-]+\?filed=1$/);
    const requestNumber = location.slice("/support/".length, location.indexOf("?"));
    const page = (await responseOf(async () =>
      requestLoader(args(await get("alpen-muc", `/support/${requestNumber}`), { requestNumber })),
    )) as Page;
    expect(page.data.request.requestNumber).toBe(requestNumber);
    expect(page.data.messages.some((m) => m.authorKind === "system" && m.body.includes(requestNumber))).toBe(true);

    const again = await responseOf(async () =>
      newAction(args(await post("alpen-muc", "/support/new", { ...complaint(), description: "And one more thing." }))),
    );
    expect((again as Response).headers.get("Location")).toBe(`/support/${requestNumber}?added=1`);
    const after = (await responseOf(async () =>
      requestLoader(args(await get("alpen-muc", `/support/${requestNumber}`), { requestNumber })),
    )) as Page;
    expect(after.data.messages.map((m) => m.body)).toContain("And one more thing.");

    // The head office sees its location's request; another organisation gets a 404, the network a 403.
    const list = (await responseOf(async () => listLoader(args(await get("alpen-hq", "/support"))))) as {
      data: { rows: { requestNumber: string }[] };
    };
    expect(list.data.rows.map((r) => r.requestNumber)).toContain(requestNumber);
    expect(
      statusOf(await responseOf(async () => requestLoader(args(await get("noord-ams", `/support/${requestNumber}`), { requestNumber })))),
    ).toBe(404);
    expect(statusOf(await responseOf(async () => listLoader(args(await get("analyst", "/support")))))).toBe(403);
    expect(statusOf(await responseOf(async () => newAction(args(await post("admin", "/support/new", complaint())))))).toBe(403);

    // A reply on the current version is added; one on a version seen before someone else's change is refused.
    const { version } = after.data.request;
    const replied = await responseOf(async () =>
      requestAction(
        args(
          await post("alpen-muc", `/support/${requestNumber}`, {
            intent: "reply",
            message: "Here is the receipt number: 4711.",
            version: String(version),
          }),
          { requestNumber },
        ),
      ),
    );
    expect((replied as Response).headers.get("Location")).toBe(`/support/${requestNumber}?saved=reply`);
    const rated = await responseOf(async () =>
      requestAction(
        args(await post("alpen-muc", `/support/${requestNumber}`, { intent: "rate", rating: "4", comment: "", version: String(version) }), {
          requestNumber,
        }),
      ),
    );
    expect(statusOf(rated as Response)).toBeGreaterThanOrEqual(400);
    expect(statusOf(rated as Response)).toBeLessThan(500);
  });

  it("keeps what was typed and says what is wrong, whatever the browser sent", async () => {
    const answer = (await responseOf(async () =>
      newAction(
        args(await post("alpen-muc", "/support/new", { ...complaint(), subject: "", category: "gossip", caseNumber: "CB-2026-999999" })),
      ),
    )) as { data: { errors: Record<string, string>; values: Record<string, string> }; init: ResponseInit };
    expect(answer.init.status).toBe(400);
    expect(answer.data.errors).toMatchObject({ subject: "support.error.subject", category: "support.error.category" });
    expect(answer.data.values).toMatchObject({ description: "We refunded the guest in person.", caseNumber: "CB-2026-999999" });
    const unknownCase = (await responseOf(async () =>
      newAction(args(await post("alpen-muc", "/support/new", { ...complaint(), category: "information", caseNumber: "CB-2026-999999" }))),
    )) as { data: { errors: Record<string, string>; values: Record<string, string> }; init: ResponseInit };
    expect(unknownCase.init.status).toBe(400);
    expect(unknownCase.data.errors.caseNumber).toBe("support.error.caseUnknown");
    expect(unknownCase.data.values.subject).toBe("The chargeback was not ours");
    const nonsense = await responseOf(async () =>
      requestAction(args(await post("alpen-muc", "/support/SR-0", { intent: "explode" }), { requestNumber: "SR-0" })),
    );
    expect(statusOf(nonsense as Response)).toBe(400);
  });
});
