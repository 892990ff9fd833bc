const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard: a state-changing request must come from a page of this site.
 * Browsers send Origin on every POST; where a proxy strips it, Referer stands in. Neither → refused.
 */
export function isSameOriginRequest(
  method: string,
  headers: { origin?: string | undefined; referer?: string | undefined; host?: string | undefined },
  allowedOrigins: readonly string[],
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const claimed = headers.origin ?? originOf(headers.referer);
  if (!claimed || claimed === "null") return false;
  const own = headers.host ? [`http://${headers.host}`, `https://${headers.host}`] : [];
  return [...allowedOrigins, ...own].includes(claimed.toLowerCase());
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
