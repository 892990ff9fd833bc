import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/domain/csv";
import { INTAKE_COLUMNS, INTAKE_EXAMPLE } from "~/services/disputes/intake.server";
import { requireRole } from "~/utils/auth.server";

// The case intake's template: the columns /review/import reads, and one example row.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["analyst"]);
  const csv = toCsv([[...INTAKE_COLUMNS], INTAKE_COLUMNS.map((c) => INTAKE_EXAMPLE[c])]);
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="case-import-template.csv"' },
  });
}
