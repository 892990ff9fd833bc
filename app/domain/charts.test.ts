import { describe, expect, it } from "vitest";
import { AXIS_COLOUR, BACKGROUND, columnChart, contrastRatio, niceMaximum, PALETTE, shareBarChart, TEXT_COLOUR } from "./charts";

describe("colours", () => {
  it("every series colour and the axis pass 3:1 against the page (WCAG 1.4.11), the text 4.5:1", () => {
    for (const colour of [...PALETTE, AXIS_COLOUR]) expect(contrastRatio(colour, BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(TEXT_COLOUR, BACKGROUND)).toBeGreaterThanOrEqual(7);
  });
  it("computes the WCAG ratio", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(() => contrastRatio("red", "#ffffff")).toThrow(RangeError);
  });
});

describe("value axis", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect(niceMaximum(0)).toBe(1);
    expect(niceMaximum(7)).toBe(10);
    expect(niceMaximum(12)).toBe(20);
    expect(niceMaximum(41)).toBe(50);
    expect(niceMaximum(100)).toBe(100);
  });
});

describe("column chart", () => {
  const series = [
    { key: "a", label: "Inquiries", colour: PALETTE[0] },
    { key: "b", label: "Chargebacks", colour: PALETTE[1] },
  ];
  it("draws one bar per category and series, heights in proportion, with a tooltip each", () => {
    const layout = columnChart(
      ["Nov", "Dec"],
      series,
      [
        [5, 10],
        [0, 2],
      ],
      String,
    );
    const bars = layout.shapes.filter((s) => s.kind === "rect");
    expect(bars).toHaveLength(4);
    const [nov1, nov2, dec1, dec2] = bars;
    expect(nov2!.height).toBe(180); // 10 of an axis to 10
    expect(nov1!.height).toBe(90);
    expect(dec1!.height).toBe(0);
    expect(dec2!.title).toBe("Dec, Chargebacks: 2");
    expect(nov1!.y + nov1!.height).toBe(nov2!.y + nov2!.height); // one baseline
    expect(layout.shapes.some((s) => s.kind === "text" && s.text === "Dec")).toBe(true);
  });
  it("an empty period draws an axis and no bar", () => {
    const layout = columnChart([], series, [], String);
    expect(layout.shapes.filter((s) => s.kind === "rect")).toHaveLength(0);
    expect(layout.width).toBeGreaterThan(0);
  });
});

describe("share bar chart", () => {
  it("bars in proportion of the share; a row without a value gets its text and no bar", () => {
    const layout = shareBarChart(
      [
        { label: "10.4", value: 0.5 },
        { label: "13.1", value: null },
        { label: "4853", value: 1 },
      ],
      PALETTE[0],
      "–",
    );
    const bars = layout.shapes.filter((s) => s.kind === "rect") as { width: number; title: string }[];
    expect(bars.map((b) => b.width)).toEqual([160, 320]);
    expect(bars[0]!.title).toBe("10.4: 50 %");
    expect(layout.shapes.filter((s) => s.kind === "text").map((s) => (s as { text: string }).text)).toEqual([
      "10.4",
      "50 %",
      "13.1",
      "–",
      "4853",
      "100 %",
    ]);
  });
});
