import fs from "node:fs";
import type { DB } from "../../../db/connection";
import { attachmentDisposition, downloadFileName, type AttachmentType } from "~/domain/attachments";
import type { Actor } from "~/domain/permissions";
import { findVisibleAttachment } from "~/models/case.server";
import { refused, type ServiceResult } from "../result";
import { attachmentPath } from "./attachment-store.server";

export type AttachmentDownload = { file: string; headers: Record<string, string> };

/**
 * An attachment for a user who can see its case: the stored file and the headers of a download
 * (never inline) under its name with the extension of its real type. Missing, not visible or not
 * on disk: the same 404, so attachment ids of others don't leak.
 */
export async function attachmentDownload(
  db: DB,
  actor: Actor,
  caseNumber: string,
  idText: string,
): Promise<ServiceResult<AttachmentDownload>> {
  const notFound = refused(404, [{ field: "form", key: "disputes.error.notFound" }]);
  const id = Number(idText);
  if (!/^\d{1,12}$/.test(idText) || !Number.isSafeInteger(id)) return notFound;
  const attachment = await findVisibleAttachment(db, actor, caseNumber, id);
  if (!attachment) return notFound;
  return storedFileDownload(attachment) ?? notFound;
}

/** A stored file as a download (never inline) under its name with its real type's extension; null when not on disk. */
export function storedFileDownload(attachment: {
  sha256: string;
  originalName: string;
  mediaType: AttachmentType;
  sizeBytes: number;
}): (AttachmentDownload & { ok: true }) | null {
  const file = attachmentPath(attachment.sha256);
  if (!fs.existsSync(file)) return null;
  return {
    ok: true,
    file,
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Length": String(attachment.sizeBytes),
      "Content-Disposition": attachmentDisposition(downloadFileName(attachment.originalName, attachment.mediaType)),
      "Cache-Control": "private, no-store",
    },
  };
}
