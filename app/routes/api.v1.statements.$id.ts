import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { statementFormatOf } from "~/forms/api";
import { negotiateLocale, translator } from "~/i18n";
import { apiStatement } from "~/services/api/statements.server";
import { csvBodyOf, csvResponse } from "~/services/csv-stream.server";
import { statementPdfResponse } from "~/services/statement-pdf.server";
import { statementCsvDownload } from "~/services/statements.server";
import { apiJson, apiProblem, methodNotAllowed, withApiKey } from "~/utils/api.server";
import { getDb } from "~/utils/db.server";

// GET /api/v1/statements/:id: the statement with its lines as JSON, or the same PDF and CSV the
// statements page offers (Accept: application/pdf or text/csv), in the Accept-Language's words.
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return withApiKey(request, "read", async (caller) => {
    const db = getDb();
    const found = await apiStatement(db, caller.actor, params.id);
    if (!found.ok) return apiProblem(request, found);
    const { document } = found;
    const locale = negotiateLocale(request.headers.get("Accept-Language"));
    const format = statementFormatOf(request.headers.get("Accept"));
    if (format === "pdf") return statementPdfResponse(document, locale);
    if (format === "csv") {
      const download = await statementCsvDownload(db, caller.actor, document.statement.id, translator(locale), {
        beforeRead: context.responseDrained,
        signal: request.signal,
      });
      if (download) return csvResponse(csvBodyOf(download.chunks), download.fileName);
    }
    return apiJson(document);
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, "GET");
}
