import type { ActionFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "~/forms/api-openapi";
import { apiJson, methodNotAllowed } from "~/utils/api.server";
import { getEnv } from "~/utils/env.server";

// GET /api/v1/openapi.json: public, like the processors' own API references.
export function loader() {
  return apiJson(openApiDocument(new URL(getEnv().APP_URL).origin));
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, "GET");
}
