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
const { getDb, getEnv, isSameOriginRequest, startBackgroundJobs } = build.entry.module as unknown as typeof ServerEntry;

const env = getEnv();

const app = express();
app.disable("x-powered-by");
app.use((req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  if (!isSameOriginRequest(req.method, req.headers, [new URL(env.APP_URL).origin])) {
    res.status(403).type("text/plain").send("Forbidden: this request did not come from a page of the portal.");
    return;
  }
  next();
});
// Bodies are capped before a byte is read: 64 KiB for every form, except the response upload
// (POST /disputes/:caseNumber, also as single fetch's `.data`), whose parser enforces the
// attachment limits itself. The connection is closed, since the unread body cannot be skipped.
const MAX_FORM_BODY_BYTES = 64 * 1024;
const UPLOAD_PATH = /^\/disputes\/[^/]+\/?$/;
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || UPLOAD_PATH.test(req.path)) return next();
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > MAX_FORM_BODY_BYTES) {
    res.setHeader("Connection", "close");
    res.status(413).type("text/plain").send("Payload too large: a form of the portal sends at most 64 KiB.");
    return;
  }
  next();
});
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
// Favicon and robots.txt: public files that change rarely, cached a week.
app.use(express.static(path.join(root, "public"), { maxAge: "7d" }));
const handleRequest = createRequestHandler({ build, mode: env.NODE_ENV });
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
