// The portal's HTTP server: Remix behind Express, with the checks every request gets
// (Origin on state-changing requests, security headers) and the background jobs.
// Compiled to build/bin/server.js (`npm run build`). It imports no app module itself: the app's
// code is loaded once, from the Remix build, and what this file needs comes from its entry module.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
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
app.use((req, res, next) => {
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
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
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
const UPLOAD_PATH = /^\/disputes\/[^/]+\/?$/;
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || UPLOAD_PATH.test(req.path)) return next();
  const declared = req.headers["content-length"];
  if (declared === undefined) {
    if (req.headers["transfer-encoding"]) res.setHeader("Connection", "close");
    return next();
  }
  const length = Number(declared);
  if (Number.isFinite(length) && length > MAX_FORM_BODY_BYTES) {
    res.setHeader("Connection", "close");
    res.status(413).type("text/plain").send("Payload too large: a form of the portal sends at most 64 KiB.");
    return;
  }
  next();
});
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
// Favicon and robots.txt: public files that change rarely, cached a week.
app.use(express.static(path.join(root, "public"), { maxAge: "7d" }));
const handleRequest = createRequestHandler({
  build,
  mode: env.NODE_ENV,
  getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientAddress: req.ip }),
});
// Express 4 ignores a handler's promise; a rejection goes to Express's error handler, not nowhere.
app.all("*", (req, res, next) => {
  handleRequest(req, res, next).catch(next);
});

const server = app.listen(env.PORT, () => {
  console.log(`Dispute Portal listening on http://localhost:${env.PORT}`);
});

const jobs = env.JOBS === "on" ? startBackgroundJobs(getDb()) : { stop: async () => {} };

function shutdown() {
  server.close();
  void jobs.stop().finally(() => process.exit(0));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
