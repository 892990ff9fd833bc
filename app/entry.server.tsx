import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";

// app/server.ts takes what it needs from the app through this module of the Remix build, so one
// process holds one copy of the app's modules (one database connection, one set of job timers).
export { startBackgroundJobs } from "./jobs/scheduler.server";
export { getDb } from "./utils/db.server";
export { getEnv } from "./utils/env.server";
export { MAX_FORM_BODY_BYTES } from "./utils/http.server";
export { isSameOriginRequest } from "./utils/origin.server";
export { consumeRateLimit, tooManyRequestsPage } from "./utils/rate-limit.server";
export { addressedToPublicHost, securityHeaders } from "./utils/security.server";

const ABORT_DELAY = 5_000;

export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Bots and no-JS clients get the whole page at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  // Every inline script carries the nonce of the page's Content-Security-Policy (app/server.ts).
  const nonce = loadContext.cspNonce ?? "";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const page = (
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>
    );
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      [waitForAll ? "onAllReady" : "onShellReady"]() {
        shellRendered = true;
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        // Pages show the user's cases and money: never kept by the browser or a proxy.
        if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "no-store");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error instanceof Error ? error : new Error("The page shell failed to render", { cause: error }));
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}

// Data for signed-in pages (single fetch, .data) is no more cacheable than the pages themselves.
export function handleDataRequest(response: Response) {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
  return response;
}

// Only real server faults reach the log: a POST to a page without a form (405) or an aborted
// request is the client's doing, not ours.
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
}
