import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCaseList } from "~/services/api/cases.server";
import { apiJson, methodNotAllowed, withApiKey } from "~/utils/api.server";
import { getDb } from "~/utils/db.server";

// GET /api/v1/cases: the /disputes list (same filters, same cursor) for the key's accounts.
export function loader({ request }: LoaderFunctionArgs) {
  return withApiKey(request, "read", async (caller, now) =>
    apiJson(await apiCaseList(getDb(), caller.actor, new URL(request.url).searchParams, now)),
  );
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, "GET");
}
