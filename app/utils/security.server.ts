import { randomBytes } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import type { Env } from "./env.server";

/**
 * The security headers of every response (helmet): a Content-Security-Policy that runs only the
 * portal's own scripts and the inline ones carrying this response's nonce (Remix's hydration
 * data, handed on through the load context), no framing, HSTS in production, `nosniff`.
 */
export function securityHeaders(env: Pick<Env, "NODE_ENV" | "APP_URL">): RequestHandler[] {
  const https = new URL(env.APP_URL).protocol === "https:";
  const policy = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only where the portal is served over HTTPS: on a plain-HTTP demo it would break every asset.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // A development machine on http://localhost must not learn to insist on HTTPS.
    strictTransportSecurity: env.NODE_ENV === "production" ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
  });
  // The headers are the same on every response but for the nonce: helmet builds them once, for a
  // response that records them, and each response gets copies with its own nonce put in.
  const headers = recordedHeaders(policy);
  return [
    (_req, res, next) => {
      const nonce = randomBytes(16).toString("base64");
      res.locals.cspNonce = nonce;
      for (const [name, value] of headers) res.setHeader(name, value.replaceAll(NONCE_PLACEHOLDER, nonce));
      next();
    },
  ];
}

const NONCE_PLACEHOLDER = "__nonce__";

function recordedHeaders(middleware: RequestHandler): [string, string][] {
  const headers: [string, string][] = [];
  const response = {
    locals: { cspNonce: NONCE_PLACEHOLDER },
    setHeader: (name: string, value: string | number | readonly string[]) => void headers.push([name, String(value)]),
    removeHeader: () => {},
  };
  let done = false;
  middleware({} as Request, response as unknown as Response, () => (done = true));
  if (!done) throw new Error("The security headers could not be worked out once for every response");
  return headers;
}

/**
 * Remix refuses an action itself (an empty 500) when Origin names another host than Host or
 * X-Forwarded-Host, as behind a proxy that rewrites Host. The Origin check before this has already
 * compared Origin with APP_URL, the one public address; so Remix is shown the request as addressed
 * to APP_URL, and the forwarded host, which any client can send, is believed by nobody.
 */
export function addressedToPublicHost(env: Pick<Env, "APP_URL">): RequestHandler {
  const publicHost = new URL(env.APP_URL).host;
  return (req, _res, next) => {
    req.headers.host = publicHost;
    delete req.headers["x-forwarded-host"];
    next();
  };
}
