import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiWebhookEndpointBodySchema } from "~/forms/api";
import { apiCreateWebhookEndpoint, apiWebhookEndpoints } from "~/services/api/webhooks.server";
import { idempotentPost } from "~/utils/api-answer.server";
import { apiJson, apiProblem, methodNotAllowed, withApiKey } from "~/utils/api.server";
import { getDb } from "~/utils/db.server";

// GET /api/v1/webhook-endpoints lists the organisation's endpoints; POST adds one (its signing
// secret in the answer). Both for a key with the respond scope and every account.
export function loader({ request }: LoaderFunctionArgs) {
  return withApiKey(request, "read", async (caller) => {
    const answer = await apiWebhookEndpoints(getDb(), caller);
    return "ok" in answer ? apiProblem(request, answer) : apiJson(answer.body, answer.status);
  });
}

export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, "GET, POST");
  return idempotentPost(request, apiWebhookEndpointBodySchema, (trx, caller, body, now) =>
    apiCreateWebhookEndpoint(trx, caller, body, now),
  );
}
