import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";

// app/server.ts takes what it needs from the app through this module of the Remix build, so one
// process holds one copy of the app's modules (one database connection, one set of job timers).
export { startBackgroundJobs } from "./jobs/scheduler.server";
export { getDb } from "./utils/db.server";
export { getEnv } from "./utils/env.server";
export { MAX_FORM_BODY_BYTES, MAX_IMPORT_BODY_BYTES } from "./utils/http.server";
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
  // Every inline script carries the nonce of the page's Content-Security-Policy (app/server.ts).
  const nonce = loadContext.cspNonce ?? "";
  // The whole page is rendered before it is sent, in one piece. The portal defers no data, so a
  // streamed page would arrive no sooner, only in hundreds of small writes (React's 2 KiB chunks
  // piped through two streams to the socket), which cost more than the rendering on long pages.
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        // Pages show the user's cases and money: never kept by the browser or a proxy.
        if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "no-store");
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
        callback();
      },
    });
    const page = (
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>
    );
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      onShellReady() {
        shellRendered = true;
      },
      onAllReady() {
        pipe(body);
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error("The page shell failed to render", { cause: error }));
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    const timer = setTimeout(abort, ABORT_DELAY);
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
