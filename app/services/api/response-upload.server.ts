import { createHash } from "node:crypto";
import { API_RESPONSE_DOCUMENT_FIELD, API_RESPONSE_FILE_FIELD, apiResponseFormSchema } from "~/forms/api";
import type { MessageKey } from "~/i18n";
import { MIB, type AttachmentLimits } from "~/domain/settings";
import { problemsOfIssues } from "~/utils/api.server";
import { discardUploads, parseResponseUpload, RequestTooLargeError, type StagedUpload } from "../disputes/attachment-store.server";
import { refused, type Problem, type Refused } from "../result";

// POST /api/v1/cases/{caseNumber}/responses as multipart/form-data (SPEC 3.5, 13): the page's
// upload parser (types by content, size and count limits from the platform settings, streamed to
// disk), the text fields checked with the API's schema, each `file` part tagged by the `document`
// field of the same position. The rules of the answer itself stay with the response service.

export interface ApiUploadSubmission {
  comment: string;
  credit: string;
  version: number;
  attachments: StagedUpload[];
  /**
   * What "the same body" means for an Idempotency-Key here: a hash over the parsed parts (each text
   * field's name and value in order, each file's field, name and SHA-256 in order), not over the raw
   * bytes, whose multipart boundary a client picks afresh on every try (curl does).
   */
  partsHash: string;
}

/** Reads the upload under the limits; a refusal has discarded every staged file. */
export async function readApiResponseUpload(request: Request, limits: AttachmentLimits): Promise<ApiUploadSubmission | Refused> {
  const limitParams = { maxMib: Math.round(limits.maxFileBytes / MIB), maxFiles: limits.maxFiles };
  let upload: Awaited<ReturnType<typeof parseResponseUpload>>;
  try {
    upload = await parseResponseUpload(request, { limits });
  } catch (error) {
    if (error instanceof RequestTooLargeError)
      return refused(413, [{ field: "attachments", key: "upload.error.requestTooLarge", params: limitParams }]);
    if (error instanceof Response) return refused(400, [{ field: "form", key: "api.error.form" }]);
    throw error;
  }
  const problems: Problem[] = upload.rejections.map((r) => ({
    field: "attachments",
    key: `upload.error.${r.reason}` as MessageKey,
    params: { file: r.fileName, ...limitParams },
  }));
  if (upload.unreadable) problems.push({ field: "form", key: "upload.error.unreadable" });
  // Text fields once each (the tags may repeat); a file under any other name is not taken.
  const fields: Record<string, string | string[]> = {};
  const documents: string[] = [];
  let malformed = upload.files.some((f) => f.fieldName !== API_RESPONSE_FILE_FIELD);
  for (const [name, value] of upload.form) {
    if (typeof value !== "string") continue;
    if (name === API_RESPONSE_DOCUMENT_FIELD) documents.push(value);
    else if (Object.hasOwn(fields, name)) malformed = true;
    else fields[name] = value;
  }
  if (documents.length > 0) fields[API_RESPONSE_DOCUMENT_FIELD] = documents;
  const parsed = apiResponseFormSchema.safeParse(fields);
  if (!parsed.success) problems.push(...problemsOfIssues(parsed.error, "api.error.form"));
  // A tag for every file, or none at all: a tag without its file would silently fall off.
  const filesSent = upload.files.length + upload.rejections.length;
  if (malformed || (documents.length > 0 && documents.length !== filesSent)) problems.push({ field: "form", key: "api.error.form" });
  if (problems.length > 0 || !parsed.success) {
    discardUploads(upload.files);
    return refused(400, problems);
  }
  for (const [index, file] of upload.files.entries()) file.requiredDocument = (documents[index] ?? "").trim().slice(0, 64) || null;
  const hash = createHash("sha256");
  for (const [name, value] of upload.form) if (typeof value === "string") hash.update(`field\0${name}\0${value}\n`);
  for (const f of upload.files) hash.update(`file\0${f.fieldName}\0${f.originalName}\0${f.sha256}\n`);
  return {
    comment: parsed.data.comment ?? "",
    credit: parsed.data.credit ?? "",
    version: parsed.data.version,
    attachments: upload.files,
    partsHash: hash.digest("hex"),
  };
}
