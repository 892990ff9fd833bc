import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n";
import { exportAuditTrail } from "~/services/audit-trail.server";
import { csvResponse, refusedAsText } from "~/services/csv-stream.server";
import { loadShell } from "~/services/shell.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

// GET /settings/audit/export.csv?<the trail's filters>: the organisation's audit trail, streamed.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["org_admin"]);
  const t = translator((await loadShell(request)).locale);
  const result = await exportAuditTrail(getDb(), actor, new URL(request.url).searchParams, systemClock(), t);
  if (!result.ok) return refusedAsText(result, t);
  return csvResponse(result.body, result.fileName);
}
