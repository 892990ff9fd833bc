import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import Busboy from "busboy";
import type { DB } from "../../../db/connection";
import type { AttachmentMediaType } from "../../../db/schema";
import { MIB, PLATFORM_SETTINGS, type AttachmentLimits } from "~/domain/settings";
import type { StoredAttachment } from "~/models/case.server";
import { getAttachmentLimits } from "~/models/settings.server";
import { getEnv } from "~/utils/env.server";
import { withoutNul } from "~/utils/http.server";

// Attachments (SPEC 3.5): streamed to a temporary file while hashing and counting, typed by their
// first bytes, then moved to DATA_DIR/attachments/<sha[0..2]>/<sha>: content-addressed, outside
// public/, never buffered whole. A refused file is drained and reported, the other fields kept.

// The limits are platform settings (/admin/settings); this is the default file size.
export const MAX_FILE_BYTES = PLATFORM_SETTINGS.attachmentMaxFileMib.defaultValue * MIB;
const MAX_TEXT_FIELD_BYTES = 64 * 1024;

/** All files at their largest plus the text fields and multipart framing; anything larger is cut off. */
export function maxRequestBytes(limits: AttachmentLimits): number {
  return limits.maxFiles * limits.maxFileBytes + 2 * MIB;
}

export type UploadRejection = { fileName: string; reason: "too_large" | "bad_type" | "too_many" | "empty" | "incomplete" };

export interface StagedUpload {
  tempPath: string;
  fieldName: string;
  sha256: string;
  originalName: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  requiredDocument: string | null;
}

export interface ParsedUpload {
  form: FormData;
  files: StagedUpload[];
  rejections: UploadRejection[];
  /** The form broke off where no file was being read (a malformed part): some fields may be missing. */
  unreadable: boolean;
}

export class RequestTooLargeError extends Error {}

/** The type from the content's magic bytes; null for anything else (HTML named .pdf included). */
export function detectMediaType(head: Uint8Array): AttachmentMediaType | null {
  const starts = (bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return "image/tiff";
  return null;
}

export function dataDir(): string {
  return path.resolve(getEnv().DATA_DIR);
}

export function attachmentPath(sha256: string, root: string = dataDir()): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("not a SHA-256");
  return path.join(root, "attachments", sha256.slice(0, 2), sha256);
}

function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // Control characters would break the Content-Disposition header later.
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .trim()
    .slice(0, 200);
  return cleaned || "attachment";
}

/**
 * Parses a multipart response form with busboy (RFC 7578 names: "invoice=2026.pdf", "Rechnung;
 * Kopie.pdf", UTF-8). Files go to temporary files under DATA_DIR; the result lists accepted files
 * and refused ones (with the reason), and the text fields, each cut at 64 KiB (the form's own rules
 * then refuse an over-long value with the rest kept). The body is read to its end, so the
 * connection stays usable; only a body over the request limit is abandoned: RequestTooLargeError,
 * and the answer must close the connection. Response 400 when it is not a multipart form at all.
 * Limits not given are read from the platform settings in `db`.
 */
export async function parseResponseUpload(
  request: Request,
  options: { db?: DB; root?: string; limits?: AttachmentLimits; maxRequestBytes?: number },
): Promise<ParsedUpload> {
  const root = options.root ?? dataDir();
  const limits = options.limits ?? (options.db ? await getAttachmentLimits(options.db) : null);
  if (!limits) throw new Error("parseResponseUpload: give the limits or the database to read them from");
  const { maxFileBytes, maxFiles } = limits;
  const requestLimit = options.maxRequestBytes ?? maxRequestBytes(limits);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > requestLimit) throw new RequestTooLargeError();
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !request.body) {
    throw new Response("Bad Request: expected a multipart form.", { status: 400 });
  }

  const tmpDir = path.join(root, "tmp-uploads");
  fs.mkdirSync(tmpDir, { recursive: true });
  const form = new FormData();
  const files: (StagedUpload & { order: number })[] = [];
  const rejections: UploadRejection[] = [];
  const writes: Promise<void>[] = [];
  let fileCount = 0;

  let parser: Busboy.Busboy;
  try {
    // Names are UTF-8 as browsers send them; busboy's default would read them as Latin-1.
    parser = Busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: { fieldSize: MAX_TEXT_FIELD_BYTES, fields: 64, parts: 64 + 2 * maxFiles },
    });
  } catch {
    throw new Response("Bad Request: the form could not be read.", { status: 400 });
  }
  const body = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
  let totalBytes = 0;

  parser.on("field", (name, value) => form.append(name, withoutNul(value)));
  parser.on("file", (name, stream, info) => {
    // An empty file input still sends a part, with no name and no bytes.
    if (!info.filename) {
      stream.resume();
      return;
    }
    const originalName = safeFileName(info.filename);
    fileCount += 1;
    if (fileCount > maxFiles) {
      rejections.push({ fileName: originalName, reason: "too_many" });
      stream.resume();
      return;
    }
    writes.push(stageFile(tmpDir, name, originalName, stream, maxFileBytes, files, rejections));
  });

  let unreadable = false;
  try {
    await new Promise<void>((resolve, reject) => {
      body.on("data", (chunk: Buffer) => {
        totalBytes += chunk.byteLength;
        if (totalBytes > requestLimit) {
          reject(new RequestTooLargeError());
          body.unpipe(parser);
          body.destroy();
          parser.destroy();
        }
      });
      body.on("error", reject);
      // A malformed part or a body that ends early: keep what was read (the file being read is
      // named as incomplete), and read the rest of the body (still counted) so the connection stays usable.
      parser.on("error", () => {
        unreadable = true;
        body.unpipe(parser);
        if (body.readableEnded) resolve();
        else {
          body.once("end", resolve);
          body.resume();
        }
      });
      parser.on("close", () => {
        if (!unreadable) resolve();
      });
      body.pipe(parser);
    });
    await Promise.all(writes);
  } catch (error) {
    await Promise.allSettled(writes);
    discardUploads(files);
    if (error instanceof RequestTooLargeError) throw error;
    throw new Response("Bad Request: the form could not be read.", { status: 400 });
  }
  // A broken part with a file in it already names that file; otherwise the form says so.
  if (unreadable && rejections.some((r) => r.reason === "incomplete")) unreadable = false;
  // Files in the order of their parts, whatever order their writes finished in.
  files.sort((a, b) => a.order - b.order);
  return { form, files: files.map(({ order: _order, ...f }) => f), rejections, unreadable };
}

let partOrder = 0;

/** Streams one file part to a temporary file, hashing and counting; refused files leave nothing. */
async function stageFile(
  tmpDir: string,
  fieldName: string,
  originalName: string,
  stream: Readable,
  maxFileBytes: number,
  files: (StagedUpload & { order: number })[],
  rejections: UploadRejection[],
): Promise<void> {
  const order = partOrder++;
  const tempPath = path.join(tmpDir, randomUUID());
  const out = fs.createWriteStream(tempPath);
  const hash = createHash("sha256");
  let size = 0;
  let head = new Uint8Array(0);
  let rejection: UploadRejection["reason"] | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (rejection) continue; // keep reading to reach the next fields, write nothing
      if (head.byteLength < 8) head = Buffer.concat([head, chunk]).subarray(0, 8);
      size += chunk.byteLength;
      if (size > maxFileBytes) {
        rejection = "too_large";
        continue;
      }
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
  } catch {
    // The form broke off in this file (cut off, malformed, over the request limit): no partial file.
    // The file may still be opening: removed only once the stream has closed, or the late open
    // would leave an empty file behind.
    await new Promise<void>((resolve) => {
      if (out.closed) resolve();
      else out.once("close", () => resolve());
      out.destroy();
    });
    fs.rmSync(tempPath, { force: true });
    rejections.push({ fileName: originalName, reason: "incomplete" });
    return;
  } finally {
    if (!out.destroyed) await new Promise<void>((resolve) => out.end(resolve));
  }
  if (!rejection && size === 0) rejection = "empty";
  const mediaType = rejection ? null : detectMediaType(head);
  if (rejection || !mediaType) {
    fs.rmSync(tempPath, { force: true });
    rejections.push({ fileName: originalName, reason: rejection ?? "bad_type" });
    return;
  }
  files.push({ order, tempPath, fieldName, sha256: hash.digest("hex"), originalName, mediaType, sizeBytes: size, requiredDocument: null });
}

export function discardUploads(files: readonly StagedUpload[]): void {
  for (const f of files) fs.rmSync(f.tempPath, { force: true });
}

/** Moves staged files into the content-addressed store (same content, same file, kept once). */
export async function promoteUploads(files: readonly StagedUpload[], root: string = dataDir()): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  for (const f of files) {
    const target = attachmentPath(f.sha256, root);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Renamed over a file of the same content too: the fresh file's time tells the clean-up job
    // that a submission is using it, however old the file left there by an earlier one.
    await fs.promises.rename(f.tempPath, target);
    stored.push({
      sha256: f.sha256,
      originalName: f.originalName,
      mediaType: f.mediaType,
      sizeBytes: f.sizeBytes,
      requiredDocument: f.requiredDocument,
    });
  }
  return stored;
}

/** Stores bytes already in memory (demo data); the same layout as uploads. */
export function storeBytes(bytes: Uint8Array, root: string = dataDir()): string {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const target = attachmentPath(sha256, root);
  if (!fs.existsSync(target)) {
    // Written beside and renamed into place, so a crash never leaves half a file under the name.
    const staging = path.join(root, "tmp-uploads");
    fs.mkdirSync(staging, { recursive: true });
    const temp = path.join(staging, randomUUID());
    fs.writeFileSync(temp, bytes);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(temp, target);
  }
  return sha256;
}
