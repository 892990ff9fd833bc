import { describe, expect, it } from "vitest";
import { fieldErrorsOf, isRefused, refusalResponse, refused } from "./result";

describe("the one result shape", () => {
  it("a refusal shows as field errors, the first problem of each field", () => {
    const r = refused(409, [
      { field: "username", key: "admin.users.error.usernameTaken" },
      { field: "email", key: "admin.users.error.emailTaken" },
      { field: "username", key: "error.forbidden" },
    ]);
    expect(isRefused(r)).toBe(true);
    expect(isRefused({ ok: true })).toBe(false);
    expect(fieldErrorsOf(r)).toEqual({ username: "admin.users.error.usernameTaken", email: "admin.users.error.emailTaken" });
  });

  it("a refusal thrown by a loader is the bare status page", async () => {
    const forbidden = refusalResponse(refused(403, [{ field: "form", key: "error.forbidden" }]));
    expect([forbidden.status, await forbidden.text()]).toEqual([403, "Forbidden"]);
    const missing = refusalResponse(refused(404, [{ field: "form", key: "error.notFound" }]));
    expect([missing.status, await missing.text()]).toEqual([404, "Not Found"]);
  });
});
