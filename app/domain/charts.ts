// Bar charts as plain SVG shapes, laid out here and drawn by app/components/chart.tsx on the
// server: no script, no charting library. Every chart's numbers are also shown as a table, so the
// SVG itself is decoration for sighted readers (aria-hidden) and the colours only need to tell the
// series apart from the white page (WCAG 1.4.11: 3:1 for graphics, 4.5:1 for the labels' text).

export interface Series {
  key: string;
  label: string;
  colour: string;
}

/** Dark blue and dark orange: distinguishable with the common colour-vision deficiencies, ≥ 4.5:1 on white. */
export const PALETTE = ["#1f4e79", "#9a4a00", "#2e6b30", "#6b2d72"] as const;
export const TEXT_COLOUR = "#1a1a1a";
export const AXIS_COLOUR = "#595959";
export const BACKGROUND = "#ffffff";

export type Shape =
  | { kind: "rect"; x: number; y: number; width: number; height: number; fill: string; title: string }
  | { kind: "text"; x: number; y: number; text: string; anchor: "start" | "middle" | "end"; fill: string }
  | { kind: "line"; x1: number; y1: number; x2: number; y2: number; stroke: string };

export interface ChartLayout {
  width: number;
  height: number;
  shapes: Shape[];
}

/** WCAG 2 relative luminance of a "#rrggbb" colour. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h!, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A round upper end for the value axis (1, 2 or 5 times a power of ten), at least 1. */
export function niceMaximum(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Vertical bars per category (e.g. month), the series side by side. `values[i][s]` is category
 * i's value of series s; `format` writes a value for the bar's tooltip and the axis.
 */
export function columnChart(
  categories: readonly string[],
  series: readonly Series[],
  values: readonly (readonly number[])[],
  format: (n: number) => string,
): ChartLayout {
  const left = 48;
  const bottom = 28;
  const top = 12;
  const plotHeight = 180;
  const band = Math.max(24, Math.min(64, 560 / Math.max(1, categories.length)));
  const width = left + band * Math.max(1, categories.length) + 8;
  const height = top + plotHeight + bottom;
  const max = niceMaximum(Math.max(0, ...values.flat()));
  const shapes: Shape[] = [];
  const baseline = top + plotHeight;
  for (const fraction of [0, 0.5, 1]) {
    const y = round(baseline - fraction * plotHeight);
    shapes.push({ kind: "line", x1: left, y1: y, x2: width - 8, y2: y, stroke: AXIS_COLOUR });
    shapes.push({ kind: "text", x: left - 4, y: y + 4, text: format(max * fraction), anchor: "end", fill: TEXT_COLOUR });
  }
  const barWidth = (band - 6) / Math.max(1, series.length);
  categories.forEach((category, i) => {
    const x0 = left + i * band + 3;
    series.forEach((s, j) => {
      const value = values[i]?.[j] ?? 0;
      const h = round((Math.max(0, value) / max) * plotHeight);
      shapes.push({
        kind: "rect",
        x: round(x0 + j * barWidth),
        y: round(baseline - h),
        width: round(barWidth),
        height: h,
        fill: s.colour,
        title: `${category}, ${s.label}: ${format(value)}`,
      });
    });
    shapes.push({ kind: "text", x: round(x0 + (band - 6) / 2), y: baseline + 18, text: category, anchor: "middle", fill: TEXT_COLOUR });
  });
  return { width, height, shapes };
}

/**
 * Horizontal bars of a share (0..1) per row, e.g. win rate per reason code. A row without a value
 * (nothing decided) gets no bar and the text of `empty`.
 */
export function shareBarChart(rows: readonly { label: string; value: number | null }[], colour: string, empty: string): ChartLayout {
  const labelWidth = 180;
  const plotWidth = 320;
  const rowHeight = 24;
  const top = 8;
  const width = labelWidth + plotWidth + 56;
  const height = top + rowHeight * Math.max(1, rows.length) + 8;
  const shapes: Shape[] = [];
  rows.forEach((r, i) => {
    const y = top + i * rowHeight;
    const label = r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label;
    shapes.push({ kind: "text", x: labelWidth - 6, y: y + 16, text: label, anchor: "end", fill: TEXT_COLOUR });
    const percent = r.value === null ? empty : `${Math.round(r.value * 100)} %`;
    const w = r.value === null ? 0 : round(Math.min(1, Math.max(0, r.value)) * plotWidth);
    if (w > 0)
      shapes.push({
        kind: "rect",
        x: labelWidth,
        y: y + 4,
        width: w,
        height: rowHeight - 8,
        fill: colour,
        title: `${r.label}: ${percent}`,
      });
    shapes.push({ kind: "text", x: labelWidth + w + 4, y: y + 16, text: percent, anchor: "start", fill: TEXT_COLOUR });
  });
  shapes.push({ kind: "line", x1: labelWidth, y1: top, x2: labelWidth, y2: height - 8, stroke: AXIS_COLOUR });
  return { width, height, shapes };
}
