// The one cursor encoding of every keyset-paged list: the sort key of the last row shown, its
// parts joined and base64url-encoded so it survives a URL. Decoding checks only the shape; each
// list validates its own parts and treats anything else as "start at the top".

const SEPARATOR = "|";

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(parts.join(SEPARATOR), "utf8").toString("base64url");
}

/** The parts, or null when the text is not a cursor with exactly `count` parts. */
export function decodeCursor(text: string | null | undefined, count: number): string[] | null {
  if (!text || text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const parts = Buffer.from(text, "base64url").toString("utf8").split(SEPARATOR);
  return parts.length === count ? parts : null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant as toISOString() writes it, and a real one: PostgreSQL refuses 2026-13-45T… outright. */
export function isIsoInstant(text: string | undefined): text is string {
  if (text === undefined || !ISO_INSTANT.test(text)) return false;
  const time = Date.parse(text);
  return Number.isFinite(time) && new Date(time).toISOString() === text;
}

export function positiveId(text: string | undefined): number | null {
  const id = Number(text);
  return text !== undefined && /^\d{1,15}$/.test(text) && Number.isSafeInteger(id) && id > 0 ? id : null;
}
