import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiStatementList } from "~/services/api/statements.server";
import { apiJson, apiProblem, methodNotAllowed, withApiKey } from "~/utils/api.server";
import { getDb } from "~/utils/db.server";

// GET /api/v1/statements: the key's accounts' statements, newest month first, with a cursor.
export function loader({ request }: LoaderFunctionArgs) {
  return withApiKey(request, "read", async (caller) => {
    const result = await apiStatementList(getDb(), caller.actor, new URL(request.url).searchParams);
    return result.ok ? apiJson(result.body) : apiProblem(request, result);
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, "GET");
}
