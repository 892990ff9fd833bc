import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { networkIntakePost } from "~/utils/api-answer.server";
import { methodNotAllowed } from "~/utils/api.server";

// POST /api/v1/network/cases: the network's batch of up to 1 000 cases (an intake key), imported
// row by row by the CSV import's service; the answer is its per-row report.
export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, "POST");
  return networkIntakePost(request);
}

export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, "POST");
}
