// The portal's HTTP server: Remix behind Express, with the checks every request gets
// (Origin on state-changing requests, security headers) and the background jobs.
// Compiled to build/bin/server.js (`npm run build`). It imports no app module itself: the app's
// code is loaded once, from the Remix build, and what this file needs comes from its entry module.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pathToFileURL } from "node:url";
// The adapter's request conversion only; its response writer is replaced below.
import { createRemixRequest } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import express from "express";
import type * as ServerEntry from "./entry.server";

// Relative to the working directory, like DATABASE_PATH: npm's scripts run in the project root.
const root = process.cwd();
const buildDir = process.env.PORTAL_BUILD_DIR ? path.resolve(process.env.PORTAL_BUILD_DIR) : null;
const buildFile = buildDir ? path.join(buildDir, "index.js") : path.join(root, "build/index.js");
const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
const assetsDir = buildDir ? path.join(buildDir, "assets") : path.join(root, "public/build");
const {
  addressedToPublicHost,
  consumeRateLimit,
  getDb,
  getEnv,
  isSameOriginRequest,
  MAX_FORM_BODY_BYTES,
  MAX_IMPORT_BODY_BYTES,
  securityHeaders,
  startBackgroundJobs,
  tooManyRequestsPage,
} = build.entry.module as unknown as typeof ServerEntry;

const env = getEnv();
const allowedOrigins = [new URL(env.APP_URL).origin];

const app = express();
app.disable("x-powered-by");
// req.ip and req.protocol believe X-Forwarded-* only from the proxies configured.
app.set("trust proxy", env.TRUST_PROXY);
app.use(securityHeaders(env));
// /api/v1 authenticates by bearer key only, never by the session cookie, so a cross-site request
// there carries nothing a browser adds on its own: the Origin check is for the forms. The API
// counts its requests per key (app/utils/api.server.ts) instead of per address.
const API_PATH = /^\/api\/v1(\/|$)/;
app.use((req, res, next) => {
  if (API_PATH.test(req.path)) return next();
  if (!isSameOriginRequest(req.method, req.headers, allowedOrigins)) {
    res.status(403).type("text/plain").send("Forbidden: this request did not come from a page of the portal.");
    return;
  }
  next();
});
app.use(addressedToPublicHost(env));
// U+0000 is never typed and PostgreSQL cannot store it in text: an address that carries it is
// refused here, before any loader; form fields lose it in readFormData and the upload parser.
app.use((req, res, next) => {
  if (/%00|\0/.test(req.originalUrl)) {
    res.status(400).type("text/plain").send("Bad Request: the address contains a NUL character.");
    return;
  }
  next();
});
// Every state-changing request counts against its address; sign-in and password reset have
// tighter limits of their own in their actions (app/utils/rate-limit.server.ts).
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS" || API_PATH.test(req.path)) return next();
  consumeRateLimit("post", req.ip ?? "unknown")
    .then((verdict) => {
      if (verdict.ok) return next();
      res.setHeader("Retry-After", String(verdict.retryAfterSeconds));
      res.status(429).type("html").send(tooManyRequestsPage(req.headers["accept-language"], verdict.retryAfterSeconds));
    })
    .catch(next);
});
// Bodies are capped before a byte is read: 64 KiB for every form, except the response upload
// (POST /disputes/:caseNumber, also as single fetch's `.data`), whose parser enforces the
// attachment limits itself. The connection is closed, since the unread body cannot be skipped.
// A body without a declared length is counted as it is read (readFormData) and answered 413 at
// the cap; its connection is closed too, so the rest is never drained.
// The API's response with files (multipart) is the same upload, capped by the same parser.
// The case intake's CSV upload has a cap of its own (2 MiB), as has the API's batch of cases.
const UPLOAD_PATH = /^\/disputes\/[^/]+\/?$/;
const API_UPLOAD_PATH = /^\/api\/v1\/cases\/[^/]+\/responses\/?$/;
const IMPORT_PATH = /^\/review\/import(\.data)?\/?$|^\/api\/v1\/network\/cases\/?$/;
const isMultipart = (req: express.Request) => /^multipart\/form-data\b/i.test(req.headers["content-type"] ?? "");
// A support request and a reply to one (the merchant's or the desk's) carry files too (SPEC 9),
// under the same parser's limits.
const SUPPORT_UPLOAD_PATH = /^\/(support\/(new|SR-[0-9-]+)|desk\/SR-[0-9-]+)(\.data)?\/?$/;
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || UPLOAD_PATH.test(req.path)) return next();
  if ((API_UPLOAD_PATH.test(req.path) || SUPPORT_UPLOAD_PATH.test(req.path)) && isMultipart(req)) return next();
  const declared = req.headers["content-length"];
  if (declared === undefined) {
    if (req.headers["transfer-encoding"]) res.setHeader("Connection", "close");
    return next();
  }
  const length = Number(declared);
  const cap = IMPORT_PATH.test(req.path) ? MAX_IMPORT_BODY_BYTES : MAX_FORM_BODY_BYTES;
  if (Number.isFinite(length) && length > cap) {
    res.setHeader("Connection", "close");
    res
      .status(413)
      .type("text/plain")
      .send(`Payload too large: this form sends at most ${cap / 1024} KiB.`);
    return;
  }
  next();
});
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
// Favicon and robots.txt: public files that change rarely, cached a week. Only the files that are
// there go to the static handler: for every other path it would ask the file system first.
const publicDir = path.join(root, "public");
const publicFiles = new Set(fs.existsSync(publicDir) ? fs.readdirSync(publicDir).map((name) => `/${name}`) : []);
const servePublic = express.static(publicDir, { maxAge: "7d" });
app.use((req, res, next) => {
  if (publicFiles.has(req.path)) servePublic(req, res, next);
  else next();
});
const remix = createRequestHandler(build, env.NODE_ENV);
// Remix's Express adapter writes a streamed body without waiting for the socket to drain: for a
// client slower than the database, a large CSV export (SPEC 14) would pile up in memory. Piping
// waits for each chunk to be taken, so the export reads its next page only then.
async function handleRequest(req: express.Request, res: express.Response): Promise<void> {
  const response = await remix(createRemixRequest(req, res), {
    cspNonce: res.locals.cspNonce as string,
    clientAddress: req.ip,
    responseDrained: () => drained(res),
  });
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (!response.body) {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch (error) {
    // A client that leaves mid-download is no server error (the stream is cancelled with it).
    if ((error as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
  }
}

/** Resolves once the socket has taken what was written (or is gone); after each piece the event loop runs once. */
function drained(res: express.Response): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!res.writableNeedDrain || res.destroyed) return void setImmediate(resolve);
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
// Express 4 ignores a handler's promise; a rejection goes to Express's error handler, not nowhere.
app.all("*", (req, res, next) => {
  handleRequest(req, res).catch(next);
});

const server = app.listen(env.PORT, () => {
  console.log(`Dispute Portal listening on http://localhost:${env.PORT}`);
});

const jobs = env.JOBS === "on" ? startBackgroundJobs(getDb(), { everyMs: env.JOBS_EVERY_MS }) : { stop: async () => {} };

function shutdown() {
  server.close();
  void jobs.stop().finally(() => process.exit(0));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
