import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiAcceptBodySchema } from "~/forms/api";
import { apiAnswer } from "~/services/api/cases.server";
import { idempotentPost } from "~/utils/api-answer.server";
import { methodNotAllowed } from "~/utils/api.server";

// POST /api/v1/cases/:caseNumber/accept: accept a chargeback, as the form's "accept" does.
export function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, "POST");
  return idempotentPost(request, apiAcceptBodySchema, (trx, caller, body, now) =>
    apiAnswer(
      trx,
      caller.actor,
      params.caseNumber ?? "",
      { comment: body.comment ?? "", credit: "", accept: true, version: body.version },
      now,
    ),
  );
}

export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, "POST");
}
