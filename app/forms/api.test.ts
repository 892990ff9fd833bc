import { describe, expect, it } from "vitest";
import { statementFormatOf } from "./api";

describe("statementFormatOf (the Accept header of GET /api/v1/statements/{id})", () => {
  it.each([
    [null, "json"],
    ["", "json"],
    ["application/pdf", "pdf"],
    ["text/csv", "csv"],
    ["text/csv;q=0.4, application/pdf;q=0.8", "pdf"],
    ["application/json, application/pdf", "json"],
    ["application/pdf;q=0, text/csv", "csv"],
    ["*/*", "json"],
    ["image/png", "json"],
    ["application/pdf;q=abc", "json"],
  ])("%j → %s", (accept, format) => {
    expect(statementFormatOf(accept)).toBe(format);
  });
});
