import "@remix-run/server-runtime";

// What app/server.ts hands every loader and action besides the request.
declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** The nonce of this response's Content-Security-Policy, for Remix's inline scripts. */
    cspNonce?: string;
    /** The client's address (`req.ip`, through the proxies TRUST_PROXY names), for rate limits. */
    clientAddress?: string;
    /**
     * Resolves once the response has room again (at once when it has): a body written in pieces
     * waits here before making the next, so a slow client does not make the server hold it all.
     */
    responseDrained?: () => Promise<void>;
  }
}
