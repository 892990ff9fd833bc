import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiDeleteWebhookEndpoint } from "~/services/api/webhooks.server";
import { apiProblem, methodNotAllowed, withApiKey } from "~/utils/api.server";
import { getDb } from "~/utils/db.server";

// DELETE /api/v1/webhook-endpoints/{id}: the endpoint hears nothing more (its waiting events are given up).
export function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "DELETE") return methodNotAllowed(request, "DELETE");
  return withApiKey(request, "respond", async (caller, now) => {
    const id = /^\d{1,9}$/.test(params.id ?? "") ? Number(params.id) : 0;
    const answer = await apiDeleteWebhookEndpoint(getDb(), caller, id, now);
    return "ok" in answer ? apiProblem(request, answer) : new Response(null, { status: 204 });
  });
}

export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, "DELETE");
}
