import type { DB } from "../../../db/connection";
import { canWorkDisputes, type Actor } from "~/domain/permissions";
import { deadlineDays } from "~/models/case.server";
import { forbidden, refused, type ServiceResult } from "../result";
import type { CasePage } from "./case-page";
import { loadCasePage } from "./case-page.server";

// The disputes team's /review/:caseNumber: the case page plus the default days a request for
// more information gives the merchant (a platform setting).

export async function loadReviewCase(
  db: DB,
  actor: Actor,
  caseNumber: string,
  now: Date,
): Promise<ServiceResult<{ page: CasePage; requestDays: number }>> {
  if (!canWorkDisputes(actor)) return forbidden();
  const [page, requestDays] = await Promise.all([loadCasePage(db, actor, caseNumber, now), deadlineDays(db, "information_request")]);
  if (!page) return refused(404, [{ field: "form", key: "disputes.error.notFound" }]);
  return { ok: true, page, requestDays };
}
