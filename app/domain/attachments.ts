// The name an attachment is downloaded under (SPEC 3.5). The type was decided by the content's
// first bytes at upload; the name the uploader chose is only a label. A misleading extension
// ("poly.html" that is a PDF) or characters that reorder or hide text ("\u202Efdp.exe" shows as
// "exe.pdf") must not reach the user's file manager. Pure.

export type AttachmentType = "application/pdf" | "image/png" | "image/jpeg" | "image/tiff";

/** Extensions each type is known by; the first is the one a download gets when the name has none of them. */
const EXTENSIONS: Record<AttachmentType, readonly string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/tiff": ["tif", "tiff"],
};

const MAX_NAME_LENGTH = 200;

// Control characters (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates,
// zero-width characters, the byte-order mark) and line or paragraph separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
// An extension is a short run after the last dot with at least one letter ("v1.2" keeps its "2").
const EXTENSION = /\.[\p{L}\p{N}]*\p{L}[\p{L}\p{N}]*$/u;

/**
 * The stored name without invisible or reordering characters, path parts and trailing dots,
 * ending in an extension of the type its content has: `poly.html` (a PDF) is `poly.pdf`,
 * `scan.JPEG` stays `scan.JPEG`, a name with nothing left is `attachment.pdf`.
 */
export function downloadFileName(originalName: string, type: AttachmentType): string {
  const visible = originalName.replace(INVISIBLE, "");
  const base = (visible.split(/[\\/]/).pop() ?? "").replace(/\s+/g, " ").replace(/^[.\s]+|[.\s]+$/g, "");
  const known = EXTENSIONS[type];
  const match = EXTENSION.exec(base);
  if (match && match.index > 0 && base.length <= MAX_NAME_LENGTH && known.includes(match[0].slice(1).toLowerCase())) return base;
  const stem =
    (match ? base.slice(0, match.index) : base)
      .slice(0, MAX_NAME_LENGTH - 5)
      .replace(/[.\s]+$/, "")
      .trim() || "attachment";
  return `${stem}.${known[0]}`;
}

/**
 * `Content-Disposition: attachment` with the name twice (RFC 6266): an ASCII fallback for old
 * clients, and the UTF-8 name (RFC 8187) that current browsers use.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
