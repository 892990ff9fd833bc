import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCase } from "~/services/api/cases.server";
import { apiJson, apiProblem, methodNotAllowed, withApiKey } from "~/utils/api.server";
import { getDb } from "~/utils/db.server";

// GET /api/v1/cases/:caseNumber: the case with documents, responses and timeline.
export function loader({ request, params }: LoaderFunctionArgs) {
  return withApiKey(request, "read", async (caller, now) => {
    const result = await apiCase(getDb(), caller.actor, params.caseNumber ?? "", now);
    return result.ok ? apiJson(result.body) : apiProblem(request, result);
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, "GET");
}
