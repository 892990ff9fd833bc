import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PasswordLinkPage, type PasswordLinkActionData } from "~/components/password-link-page";
import { resetSchema } from "~/forms/auth";
import { parseForm } from "~/forms/validation";
import { isResetTokenUsable, resetPassword } from "~/services/auth.server";
import { fieldErrorsOf } from "~/services/result";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "reset.title"),
  // The token is in the URL: keep it out of other sites' logs.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: await isResetTokenUsable(getDb(), params.token ?? "", systemClock()) };
}

type ActionData = PasswordLinkActionData;

export async function action({ request, params, context }: ActionFunctionArgs) {
  await enforceRateLimit("resetLink", request, context);
  const parsed = parseForm(await readFormData(request), resetSchema, { secrets: ["password", "confirm"] });
  if (!parsed.ok) return data<ActionData>({ done: false, invalid: false, errors: parsed.errors }, { status: 400 });
  const result = await resetPassword(getDb(), params.token ?? "", parsed.data.password, systemClock());
  if (result.ok) return data<ActionData>({ done: true });
  if (result.status === 410) return data<ActionData>({ done: false, invalid: true, errors: {} }, { status: 410 });
  return data<ActionData>({ done: false, invalid: false, errors: fieldErrorsOf(result) }, { status: result.status });
}

export default function ResetPage() {
  const { usable } = useLoaderData<typeof loader>();
  return (
    <PasswordLinkPage
      usable={usable}
      actionData={useActionData<typeof action>()}
      texts={{ title: "reset.title", done: "reset.done", invalid: "reset.invalid", submit: "reset.submit" }}
      renewal={{ to: "/forgot", label: "forgot.title" }}
    />
  );
}
