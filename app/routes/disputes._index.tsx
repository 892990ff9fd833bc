import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AccountTable } from "~/components/account-table";
import { useT } from "~/components/i18n";
import { MERCHANT_ROLES } from "~/domain/permissions";
import { listVisibleAccounts } from "~/models/account.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  return { accounts: await listVisibleAccounts(getDb(), actor) };
}

export default function DisputesPage() {
  const { accounts } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("home.disputes.title")}</h1>
      <h2>{t("home.disputes.accounts")}</h2>
      <AccountTable accounts={accounts} caption={t("home.disputes.accounts")} />
    </>
  );
}
