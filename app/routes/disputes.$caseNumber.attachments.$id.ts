import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { attachmentDownload } from "~/services/disputes/download.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// An attachment, always a download. `X-Content-Type-Options: nosniff` comes from the server's
// headers on every response (app/server.ts); set here too, it would be sent twice.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["location", "head_office", "org_admin", "analyst"]);
  const download = await attachmentDownload(getDb(), actor, params.caseNumber ?? "", params.id ?? "");
  if (!download.ok) throw notFound();
  return new Response(createReadableStreamFromReadable(fs.createReadStream(download.file)), { headers: download.headers });
}
