import { describe, expect, it } from "vitest";
import { csvStream } from "./csv-stream.server";

// The export reads a page only when its reader asks for more: memory holds about one page, and a
// reader that stops (a slow or departed client) stops the reading.

function pages(count: number) {
  const asked: (number | null)[] = [];
  const stream = csvStream<number>("h\r\n", (cursor) => {
    asked.push(cursor);
    const n = (cursor ?? 0) + 1;
    return Promise.resolve({ records: `row ${n}\r\n`, next: n < count ? n : null });
  });
  return { stream, asked };
}

describe("csvStream", () => {
  it("reads no page before it is asked for, then one page per chunk taken", async () => {
    const { stream, asked } = pages(1000);
    const reader = stream.getReader();
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual([]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode((await reader.read()).value)).toBe("\uFEFFh\r\n");
    expect(asked).toEqual([]);
    await reader.read();
    await reader.read();
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual([null, 1]);
    await reader.cancel();
    expect(asked.length).toBe(2);
  });

  it("ends after the page without a next cursor", async () => {
    const { stream, asked } = pages(3);
    expect(await new Response(stream).text()).toBe("h\r\nrow 1\r\nrow 2\r\nrow 3\r\n");
    expect(asked).toEqual([null, 1, 2]);
  });
});
