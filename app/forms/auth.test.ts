import { describe, expect, it } from "vitest";
import { loginSchema, resetSchema } from "./auth";
import { parseForm } from "./validation";

function form(entries: Record<string, string | Blob>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
}

describe("sign-in form", () => {
  it("accepts a username and password", () => {
    const result = parseForm(form({ username: " alpen-muc ", password: "x" }), loginSchema);
    expect(result).toEqual({ ok: true, data: { username: "alpen-muc", password: "x" } });
  });

  it("says what is missing and keeps the username but never the password", () => {
    const result = parseForm(form({ username: "alpen-muc", password: "" }), loginSchema, { secrets: ["password"] });
    expect(result).toEqual({ ok: false, errors: { password: "login.error.required" }, values: { username: "alpen-muc" } });
  });

  it("refuses a 10 000-character username with a message", () => {
    const result = parseForm(form({ username: "a".repeat(10_000), password: "x" }), loginSchema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.username).toBe("login.error.tooLong");
  });

  it("treats a file posted as a username as empty", () => {
    const result = parseForm(form({ username: new Blob(["x"]), password: "x" }), loginSchema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.username).toBe("login.error.required");
  });
});

describe("new password form", () => {
  it("requires both fields to match", () => {
    const result = parseForm(form({ password: "a long enough secret", confirm: "another one entirely" }), resetSchema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual({ confirm: "password.error.mismatch" });
  });
});
