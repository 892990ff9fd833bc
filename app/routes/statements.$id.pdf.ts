import type { LoaderFunctionArgs } from "@remix-run/node";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { parseId } from "~/forms/statements";
import { statementPdfResponse } from "~/services/statement-pdf.server";
import { loadStatementDocument } from "~/services/statements.server";
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
  return statementPdfResponse(doc, locale);
}
