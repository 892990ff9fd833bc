const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard: a state-changing request must come from a page of this site.
 * Browsers send Origin on every POST; where a proxy strips it, Referer stands in. Neither → refused.
 * Compared with the configured public address (APP_URL) only: the Host header is the client's to
 * choose, so an origin built from it would accept any site that sends its own name.
 */
export function isSameOriginRequest(
  method: string,
  headers: { origin?: string | undefined; referer?: string | undefined },
  allowedOrigins: readonly string[],
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const claimed = headers.origin ?? originOf(headers.referer);
  if (!claimed || claimed === "null") return false;
  return allowedOrigins.includes(claimed.toLowerCase());
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
