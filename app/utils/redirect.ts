const DUMMY_ORIGIN = "http://portal.invalid";

/** Decode only encoded slashes/backslashes, the ones a browser or proxy may later turn into a host. */
function decodeSlashes(value: string): string {
  return value.replace(/%2f/gi, "/").replace(/%5c/gi, "\\");
}

/** True if the path would be read as protocol-relative ("//host" or "/\host"). */
function looksProtocolRelative(path: string): boolean {
  const decoded = decodeSlashes(path);
  return decoded.startsWith("//") || decoded.startsWith("/\\");
}

/**
 * Where to go after signing in: only a path on this site. Anything else (another host,
 * "//evil.example", "/\\evil.example", "/.//evil.example", "/%2f%2fevil.example", a
 * javascript: URL) falls back to the default. The result is the normalised
 * pathname + search + hash, never something that starts with "//" or "/\".
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith("/") || looksProtocolRelative(to)) return fallback;
  // Backslashes, tabs, newlines and other control characters (incl. DEL).
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  try {
    const url = new URL(to, DUMMY_ORIGIN);
    if (url.origin !== DUMMY_ORIGIN) return fallback;
    // Dot segments ("/.//x", "/a/..//x") can normalise into a protocol-relative path.
    if (!url.pathname.startsWith("/") || looksProtocolRelative(url.pathname)) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
