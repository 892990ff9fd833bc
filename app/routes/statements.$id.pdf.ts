import type { LoaderFunctionArgs } from "@remix-run/node";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { parseId } from "~/forms/statements";
import { loadStatementDocument, statementFileName } from "~/services/statements.server";
import { renderStatementPdf } from "~/services/statement-pdf.server";
import { loadShell } from "~/services/shell.server";
import { notFound, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

// GET /statements/:id/pdf — only for users who may see the account; anyone else gets a 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const id = parseId(params.id);
  if (id === null) throw notFound();
  const doc = await loadStatementDocument(getDb(), actor, id);
  if (!doc) throw notFound();
  const { locale } = await loadShell(request);
  const pdf = await renderStatementPdf(doc, locale);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": `attachment; filename="${statementFileName(doc, "pdf")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
