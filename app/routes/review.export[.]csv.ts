import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n";
import { csvResponse, refusedAsText } from "~/services/csv-stream.server";
import { exportReviewQueue } from "~/services/disputes/case-export.server";
import { loadShell } from "~/services/shell.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

// GET /review/export.csv?<the queue's filters>: every case of the review queue for them, streamed.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const t = translator((await loadShell(request)).locale);
  const result = await exportReviewQueue(getDb(), actor, new URL(request.url).searchParams, systemClock(), t);
  if (!result.ok) return refusedAsText(result, t);
  return csvResponse(result.body, result.fileName);
}
