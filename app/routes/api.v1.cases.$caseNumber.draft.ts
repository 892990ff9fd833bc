import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiDraftBodySchema } from "~/forms/api";
import { apiSaveDraft } from "~/services/api/cases.server";
import { idempotentPost } from "~/utils/api-answer.server";
import { methodNotAllowed } from "~/utils/api.server";

// POST /api/v1/cases/:caseNumber/draft: save the draft response, as the form's "Save draft" does.
export function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, "POST");
  return idempotentPost(request, apiDraftBodySchema, (trx, caller, body, now) =>
    apiSaveDraft(
      trx,
      caller.actor,
      params.caseNumber ?? "",
      { comment: body.comment ?? "", credit: body.credit ?? "", draftVersion: body.draftVersion },
      now,
    ),
  );
}

export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, "POST");
}
