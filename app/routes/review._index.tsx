import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AccountTable } from "~/components/account-table";
import { useT } from "~/components/i18n";
import { listVisibleAccounts } from "~/models/account.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  return { accounts: await listVisibleAccounts(getDb(), actor) };
}

export default function ReviewPage() {
  const { accounts } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("home.review.title")}</h1>
      <h2>{t("home.review.accounts")}</h2>
      <AccountTable accounts={accounts} caption={t("home.review.accounts")} showOrganisation />
    </>
  );
}
