import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { attachmentDisposition, downloadFileName } from "~/domain/attachments";
import { findVisibleAttachment } from "~/models/case.server";
import { attachmentPath } from "~/services/disputes/attachment-store.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// An attachment, only for users who can see its case; always a download, never rendered inline,
// under its name with the extension of its real type. `X-Content-Type-Options: nosniff` comes
// from the server's headers on every response (app/server.ts); set here too, it would be sent twice.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["location", "head_office", "org_admin", "analyst"]);
  const id = Number(params.id);
  if (!/^\d{1,12}$/.test(params.id ?? "") || !Number.isSafeInteger(id)) throw notFound();
  const attachment = await findVisibleAttachment(getDb(), actor, params.caseNumber ?? "", id);
  if (!attachment) throw notFound();
  const file = attachmentPath(attachment.sha256);
  if (!fs.existsSync(file)) throw notFound();
  return new Response(createReadableStreamFromReadable(fs.createReadStream(file)), {
    headers: {
      "Content-Type": attachment.mediaType,
      "Content-Length": String(attachment.sizeBytes),
      "Content-Disposition": attachmentDisposition(downloadFileName(attachment.originalName, attachment.mediaType)),
      "Cache-Control": "private, no-store",
    },
  });
}
