import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PasswordLinkPage, type PasswordLinkActionData } from "~/components/password-link-page";
import { resetSchema } from "~/forms/auth";
import { parseForm } from "~/forms/validation";
import { isResetTokenUsable, setPasswordWithLink } from "~/services/auth.server";
import { fieldErrorsOf } from "~/services/result";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { pageTitle } from "~/utils/meta";

// The link of an invitation from /settings/users: the invited user chooses their first password.
// Only invitation links work here (and only reset links on /reset/:token).

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "invite.title"),
  // The token is in the URL: keep it out of other sites' logs.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: await isResetTokenUsable(getDb(), params.token ?? "", systemClock(), "invitation") };
}

type ActionData = PasswordLinkActionData;

export async function action({ request, params, context }: ActionFunctionArgs) {
  await enforceRateLimit("resetLink", request, context);
  const parsed = parseForm(await readFormData(request), resetSchema, { secrets: ["password", "confirm"] });
  if (!parsed.ok) return data<ActionData>({ done: false, invalid: false, errors: parsed.errors }, { status: 400 });
  const result = await setPasswordWithLink(getDb(), params.token ?? "", "invitation", parsed.data.password, systemClock());
  if (result.ok) return data<ActionData>({ done: true });
  if (result.status === 410) return data<ActionData>({ done: false, invalid: true, errors: {} }, { status: 410 });
  return data<ActionData>({ done: false, invalid: false, errors: fieldErrorsOf(result) }, { status: result.status });
}

export default function InvitationPage() {
  const { usable } = useLoaderData<typeof loader>();
  return (
    <PasswordLinkPage
      usable={usable}
      actionData={useActionData<typeof action>()}
      texts={{ title: "invite.title", intro: "invite.intro", done: "invite.done", invalid: "invite.invalid", submit: "invite.submit" }}
    />
  );
}
