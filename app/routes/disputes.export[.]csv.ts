import type { LoaderFunctionArgs } from "@remix-run/node";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { translator } from "~/i18n";
import { csvResponse, refusedAsText } from "~/services/csv-stream.server";
import { exportCaseList } from "~/services/disputes/case-export.server";
import { loadShell } from "~/services/shell.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

// GET /disputes/export.csv?<the list's filters>: every case the /disputes list shows for them, streamed.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const t = translator((await loadShell(request)).locale);
  const result = await exportCaseList(getDb(), actor, new URL(request.url).searchParams, systemClock(), t);
  if (!result.ok) return refusedAsText(result, t);
  return csvResponse(result.body, result.fileName);
}
