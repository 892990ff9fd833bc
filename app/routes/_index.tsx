import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { homePath } from "~/domain/permissions";
import { getSignedIn } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(request);
  throw redirect(signedIn ? homePath(signedIn.actor.role) : "/login");
}
