import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { deskAttachmentDownload } from "~/services/support-desk.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// A file of a support request, for the desk; always a download.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["support"]);
  const number = (params.requestNumber ?? "").toUpperCase();
  const download = await deskAttachmentDownload(getDb(), actor, number, params.id ?? "");
  if (!download.ok) throw notFound();
  return new Response(createReadableStreamFromReadable(fs.createReadStream(download.file)), { headers: download.headers });
}
