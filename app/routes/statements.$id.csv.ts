import type { LoaderFunctionArgs } from "@remix-run/node";
import { lineDescription } from "~/domain/statement-format";
import { statementCsv, UTF8_BOM } from "~/domain/csv";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { parseId } from "~/forms/statements";
import { translator } from "~/i18n";
import { loadStatementDocument, statementFileName, toDomainStatement } from "~/services/statements.server";
import { loadShell } from "~/services/shell.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// GET /statements/:id/csv — RFC 4180, amounts in major units with a '.', a header row.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const id = parseId(params.id);
  if (id === null) throw notFound();
  const doc = await loadStatementDocument(getDb(), actor, id);
  if (!doc) throw notFound();
  const t = translator((await loadShell(request)).locale);
  const statement = toDomainStatement(doc);
  const lines = statement.lines.map((line) => ({ ...line, description: lineDescription(line, t) }));
  const csv = statementCsv(
    { ...statement, lines },
    {
      timeZone: doc.account.timeZone,
      totalLabels: {
        charges: t("statement.total.charges"),
        credits: t("statement.total.credits"),
        chargebacks: t("statement.total.chargebacks"),
        reversals: t("statement.total.reversals"),
        fees: t("statement.total.fees"),
        net: t("statement.total.net"),
      },
      headerLabels: {
        date: t("statement.csv.date"),
        kind: t("statement.csv.kind"),
        description: t("statement.csv.description"),
        reference: t("statement.csv.reference"),
        amount: t("statement.csv.amount"),
        currency: t("statement.csv.currency"),
      },
    },
  );
  // The byte-order mark lets spreadsheet programs read umlauts in descriptions as UTF-8.
  return new Response(UTF8_BOM + csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="${statementFileName(doc, "csv")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
