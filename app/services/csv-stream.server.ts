import { UTF8_BOM } from "~/domain/csv";
import type { MessageKey, Translate } from "~/i18n";
import type { Refused } from "./result";

// A CSV download streamed page by page (SPEC 14: any size with flat memory). The next keyset page
// is read only when the reader asks for more (highWaterMark 0), so at most one page of rows is
// held at a time, and a client that goes away stops the reading.

export type CsvPage<C> = { records: string; next: C | null };

export function csvStream<C>(header: string, readPage: (cursor: C | null) => Promise<CsvPage<C>>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: C | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          // The byte-order mark lets spreadsheet programs read umlauts as UTF-8.
          controller.enqueue(encoder.encode(UTF8_BOM + header));
          return;
        }
        const page = await readPage(cursor);
        if (page.records) controller.enqueue(encoder.encode(page.records));
        if (page.next === null) controller.close();
        else cursor = page.next;
      },
    },
    { highWaterMark: 0 },
  );
}

/** A CSV produced as text chunks (the first the header row), as a byte stream with the byte-order mark. */
export function csvBodyOf(chunks: AsyncGenerator<string, void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let prefix = UTF8_BOM;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(prefix + next.value));
      prefix = "";
    },
    async cancel() {
      await chunks.return();
    },
  });
}

export function csvResponse(body: ReadableStream<Uint8Array>, fileName: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** A refused export as plain text in the reader's language (a download has no page to show it on). */
export function refusedAsText(refusal: Refused, t: Translate): Response {
  return new Response(`${refusal.problems.map((p) => t(p.key, p.params)).join("\n")}\n`, {
    status: refusal.status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

/** The translated header of each export column (texts `export.col.<column>`). */
export function columnLabels<C extends string>(columns: readonly C[], t: Translate): Record<C, string> {
  return Object.fromEntries(columns.map((c) => [c, t(`export.col.${c}` as MessageKey)])) as Record<C, string>;
}
