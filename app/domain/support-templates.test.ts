import { describe, expect, it } from "vitest";
import { renderTemplate, unknownPlaceholders } from "./support-templates";

describe("reply templates", () => {
  const values = { merchantName: "Anna de Vries", requestNumber: "SR-2026-000042", caseNumber: "CB-2026-000101" };

  it("fills every placeholder, as often as it appears", () => {
    expect(renderTemplate("Dear {merchantName}, about {requestNumber} ({caseNumber}): {requestNumber}.", values)).toBe(
      "Dear Anna de Vries, about SR-2026-000042 (CB-2026-000101): SR-2026-000042.",
    );
  });

  it("shows a dash for a case number the request does not have", () => {
    expect(renderTemplate("Case {caseNumber}", { ...values, caseNumber: null })).toBe("Case –");
  });

  it("leaves text in braces that is no placeholder alone, and names it when the template is saved", () => {
    expect(renderTemplate("{merchant} {requestNumber}", values)).toBe("{merchant} SR-2026-000042");
    expect(unknownPlaceholders("{merchant} {requestNumber} {merchant} {Case}")).toEqual(["merchant", "Case"]);
    expect(unknownPlaceholders("Dear {merchantName}")).toEqual([]);
  });
});
