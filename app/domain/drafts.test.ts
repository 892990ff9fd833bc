import { describe, expect, it } from "vitest";
import { draftFileCountProblem, draftIsStale, inDraftDeadlineWindow, nextDraftVersion, NO_DRAFT } from "./drafts";

describe("draft versions (optimistic: a stale save never overwrites)", () => {
  it("a form rendered without a draft may create one, but not over a draft saved meanwhile", () => {
    expect(draftIsStale(null, NO_DRAFT)).toBe(false);
    expect(draftIsStale(1, NO_DRAFT)).toBe(true);
  });
  it("a save against the stored version is fresh; against an older one or a discarded draft it is stale", () => {
    expect(draftIsStale(3, 3)).toBe(false);
    expect(draftIsStale(4, 3)).toBe(true);
    expect(draftIsStale(null, 3)).toBe(true);
  });
  it("each save counts up", () => {
    expect(nextDraftVersion(null)).toBe(1);
    expect(nextDraftVersion(4)).toBe(5);
  });
});

describe("the deadline job's window: the last hour before respond-by", () => {
  const respondBy = new Date("2026-12-05T22:59:59.999Z");
  it("is open from one hour before respond-by up to respond-by itself", () => {
    expect(inDraftDeadlineWindow(respondBy, new Date("2026-12-05T21:59:59.999Z"))).toBe(true);
    expect(inDraftDeadlineWindow(respondBy, new Date("2026-12-05T22:30:00Z"))).toBe(true);
    expect(inDraftDeadlineWindow(respondBy, respondBy)).toBe(true);
  });
  it("is closed earlier, and once the deadline has passed", () => {
    expect(inDraftDeadlineWindow(respondBy, new Date("2026-12-05T21:59:59.998Z"))).toBe(false);
    expect(inDraftDeadlineWindow(respondBy, new Date("2026-12-05T23:00:00Z"))).toBe(false);
  });
});

describe("files of a draft", () => {
  it("kept plus new files stay within the submission's limit", () => {
    expect(draftFileCountProblem(8, 2, 10)).toBeNull();
    expect(draftFileCountProblem(9, 2, 10)).toEqual({ maxFiles: 10 });
  });
});
