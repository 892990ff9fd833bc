import type { LoaderFunctionArgs } from "@remix-run/node";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { parseId } from "~/forms/statements";
import { translator } from "~/i18n";
import { csvBodyOf, csvResponse } from "~/services/csv-stream.server";
import { statementCsvDownload } from "~/services/statements.server";
import { loadShell } from "~/services/shell.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// GET /statements/:id/csv — RFC 4180, amounts in major units with a '.', a header row. Streamed:
// the lines are read a page at a time as the client takes them, so a long statement costs the
// server no more memory than a short one.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const id = parseId(params.id);
  if (id === null) throw notFound();
  const t = translator((await loadShell(request)).locale);
  const download = await statementCsvDownload(getDb(), actor, id, t, {
    beforeRead: context.responseDrained,
    signal: request.signal,
  });
  if (!download) throw notFound();
  return csvResponse(csvBodyOf(download.chunks), download.fileName);
}
