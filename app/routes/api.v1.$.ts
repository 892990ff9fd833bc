import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiProblem } from "~/utils/api.server";

// Any other address under /api/v1: a problem+json 404, not the HTML error page.
const notFound = (request: Request) => apiProblem(request, { status: 404, problems: [{ field: "form", key: "api.error.notFoundRoute" }] });

export function loader({ request }: LoaderFunctionArgs) {
  return notFound(request);
}

export function action({ request }: ActionFunctionArgs) {
  return notFound(request);
}
