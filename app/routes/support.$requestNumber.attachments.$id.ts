import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { supportAttachmentDownload } from "~/services/support.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// A file of a support request the merchant may see, always a download.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const number = (params.requestNumber ?? "").toUpperCase();
  const download = await supportAttachmentDownload(getDb(), actor, number, params.id ?? "");
  if (!download.ok) throw notFound();
  return new Response(createReadableStreamFromReadable(fs.createReadStream(download.file)), { headers: download.headers });
}
