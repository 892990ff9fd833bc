import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AccountTable } from "~/components/account-table";
import { useT } from "~/components/i18n";
import { listVisibleAccounts } from "~/models/account.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["head_office", "org_admin"]);
  return { accounts: await listVisibleAccounts(getDb(), actor) };
}

export default function OverviewPage() {
  const { accounts } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("home.overview.title")}</h1>
      <AccountTable accounts={accounts} caption={t("home.overview.title")} />
    </>
  );
}
