import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiResponseBodySchema } from "~/forms/api";
import { apiAnswer } from "~/services/api/cases.server";
import { idempotentPost, idempotentResponseUpload, isMultipart } from "~/utils/api-answer.server";
import { methodNotAllowed } from "~/utils/api.server";

// POST /api/v1/cases/:caseNumber/responses: comment and, for an inquiry, a credit, as JSON; or the
// same fields with tagged files as multipart/form-data. The form's service either way.
export function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, "POST");
  if (isMultipart(request)) return idempotentResponseUpload(request, params.caseNumber ?? "");
  return idempotentPost(request, apiResponseBodySchema, (trx, caller, body, now) =>
    apiAnswer(
      trx,
      caller.actor,
      params.caseNumber ?? "",
      { comment: body.comment ?? "", credit: body.credit ?? "", accept: false, version: body.version },
      now,
    ),
  );
}

export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, "POST");
}
