import { data } from "@remix-run/node";
import { negotiateLocale } from "~/i18n";

/** Every form of the portal but the response upload fits in this; app/server.ts refuses larger declared bodies. */
export const MAX_FORM_BODY_BYTES = 64 * 1024;
/** The case intake's CSV upload (/review/import): up to 1 000 rows. */
export const MAX_IMPORT_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The posted form, or a 400 when the body is not a form at all (never a 500 from bad input).
 * Read chunk by chunk and refused with a 413 at the cap, so a body without a declared length
 * (chunked) is never held whole either.
 */
export async function readFormData(request: Request, maxBytes: number = MAX_FORM_BODY_BYTES): Promise<FormData> {
  const body = await readCapped(request, maxBytes);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "Content-Type": request.headers.get("Content-Type") ?? "" } }).formData();
  } catch {
    throw new Response("Bad Request: expected a form submission.", { status: 400 });
  }
  const cleaned = new FormData();
  for (const [name, value] of form) cleaned.append(name, typeof value === "string" ? withoutNul(value) : value);
  return cleaned;
}

/** A form field without U+0000: no keyboard types it, and PostgreSQL cannot store it in text. */
export function withoutNul(value: string): string {
  return value.includes("\0") ? value.replaceAll("\0", "") : value;
}

async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not cancelled: that would tear down the connection before the 413 is sent. The rest stays
      // unread (the stream pauses) and app/server.ts has asked for the connection to be closed.
      reader.releaseLock();
      throw refusal(request, 413);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * A refusal thrown before the page's loaders run (the root error page shows it): it carries the
 * visitor's language, since the root loader that knows it is skipped after a thrown action.
 */
export function refusal(request: Request, status: number, details: Record<string, number> = {}, headers: HeadersInit = {}) {
  return data({ ...details, locale: negotiateLocale(request.headers.get("Accept-Language")) }, { status, headers });
}
