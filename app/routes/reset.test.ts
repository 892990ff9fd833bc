import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/connection";
import { formRequest, responseOf, useRouteTestDatabase } from "../../tests/setup/route-db";
import { itemAt } from "../../tests/setup/at";
import { requestPasswordReset } from "~/services/auth.server";
import { action, loader } from "./reset.$token";

let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => {
  ({ db, destroy } = await useRouteTestDatabase());
});
afterAll(async () => destroy());

async function freshLink(email: string): Promise<string> {
  await requestPasswordReset(db, email, { now: new Date(), appUrl: "http://localhost" });
  const row = await db
    .selectFrom("email_outbox")
    .select("text_body")
    .where("to_address", "=", email)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return itemAt(/\/reset\/(\S+)/.exec(row.text_body) ?? [], 1);
}

describe("/reset/$token", () => {
  it("refuses a spent link on the page, before anything is typed, and on a second post", async () => {
    const token = await freshLink("harbor-hq@harbor.example");
    expect(await loader({ request: new Request(`http://localhost/reset/${token}`), params: { token }, context: {} })).toEqual({
      usable: true,
    });
    const fields = { password: "harbour lights at dawn", confirm: "harbour lights at dawn" };
    const first = await responseOf(() => action({ request: formRequest(`/reset/${token}`, fields), params: { token }, context: {} }));
    expect(first).toMatchObject({ data: { done: true } });

    expect(await loader({ request: new Request(`http://localhost/reset/${token}`), params: { token }, context: {} })).toEqual({
      usable: false,
    });
    const again = await responseOf(() => action({ request: formRequest(`/reset/${token}`, fields), params: { token }, context: {} }));
    expect(again).toMatchObject({ data: { done: false, invalid: true }, init: { status: 410 } });
  });
});
