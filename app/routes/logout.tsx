import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getSignedIn } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { invalidateSession, sessionCookie } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const signedIn = await getSignedIn(request);
  if (signedIn) await invalidateSession(getDb(), signedIn.sessionId);
  throw redirect("/login", { headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0 }) } });
}

// Signing out changes state, so it is a POST; a GET (an old bookmark) just goes to the sign-in page.
export function loader() {
  throw redirect("/login");
}
