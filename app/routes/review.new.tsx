import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { problemText } from "~/components/case-view";
import { ErrorSummary, TextField, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { parseMajorAmount, type MajorAmount } from "~/domain/money";
import { REQUIRED_DOCUMENT_CODES } from "~/domain/response-rules";
import { openCaseSchema } from "~/forms/disputes";
import { parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { findVisibleAccount, listVisibleAccounts } from "~/models/account.server";
import type { Problem } from "~/services/disputes/common.server";
import { openCaseByHand } from "~/services/disputes/open-case.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Open a case · Dispute Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const accounts = await listVisibleAccounts(getDb(), actor);
  return { accounts: accounts.map((a) => ({ id: a.id, label: `${a.organisationName} · ${a.name} (${a.merchantNumber}, ${a.currency})` })) };
}

type ActionData = { errors?: FieldErrors; problems?: Problem[]; values: Record<string, string> };

// An amount the user must retype: ambiguous grouping gets its own explanation (three-decimal currencies).
function amountError(parsed: MajorAmount): MessageKey | null {
  if (parsed.ok && parsed.minor > 0) return null;
  return !parsed.ok && parsed.reason === "ambiguous_grouping" ? "money.error.ambiguousGrouping" : "disputes.error.amount";
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const db = getDb();
  const formData = await readFormData(request);
  const parsed = parseForm(formData, openCaseSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const values = Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, String(v)]));
  const f = parsed.data;
  const account = await findVisibleAccount(db, actor, Number(f.accountId));
  if (!account) return data<ActionData>({ errors: { accountId: "disputes.error.accountUnknown" }, values }, { status: 400 });
  const amount = parseMajorAmount(f.amount, account.currency);
  const amountProblem = amountError(amount);
  if (amountProblem || !amount.ok)
    return data<ActionData>({ errors: { amount: amountProblem ?? "disputes.error.amount" }, values }, { status: 400 });
  const amountMinor = amount.minor;
  let newTransaction = null;
  if (!f.networkReference) {
    const tx = parseMajorAmount(f.txAmount, account.currency);
    const txProblem = amountError(tx);
    const occurredAt = new Date(`${f.txDate}T12:00:00Z`);
    if (txProblem || !tx.ok)
      return data<ActionData>({ errors: { txAmount: txProblem ?? "disputes.error.amount" }, values }, { status: 400 });
    const txAmount = tx.minor;
    if (Number.isNaN(occurredAt.getTime())) return data<ActionData>({ errors: { txDate: "disputes.error.date" }, values }, { status: 400 });
    newTransaction = { occurredAt, amountMinor: txAmount, cardLast4: f.txCard, description: f.txDescription || "Card payment" };
  }
  const documents = formData.getAll("documents").filter((d): d is string => typeof d === "string");
  const result = await openCaseByHand(
    db,
    actor,
    {
      type: f.type,
      accountId: account.id,
      networkReference: f.networkReference || null,
      newTransaction,
      amountMinor,
      reasonCode: f.reasonCode,
      reasonText: f.reasonText,
      requiredDocuments: documents,
    },
    systemClock(),
  );
  if (!result.ok) return data<ActionData>({ problems: result.problems, values }, { status: result.status });
  return redirect(`/review/${result.caseNumber}`);
}

export default function OpenCasePage() {
  const { accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const values = actionData?.values ?? {};
  const form = useValidatedForm(openCaseSchema, {
    defaultValues: {
      type: values.type ?? "inquiry",
      accountId: values.accountId ?? "",
      networkReference: values.networkReference ?? "",
      txDate: values.txDate ?? "",
      txAmount: values.txAmount ?? "",
      txCard: values.txCard ?? "",
      txDescription: values.txDescription ?? "",
      amount: values.amount ?? "",
      reasonCode: values.reasonCode ?? "",
      reasonText: values.reasonText ?? "",
    },
    serverErrors: actionData?.errors,
  });
  const fields = [
    "type",
    "accountId",
    "networkReference",
    "txDate",
    "txAmount",
    "txCard",
    "txDescription",
    "amount",
    "reasonCode",
    "reasonText",
  ];
  return (
    <div className="narrow">
      <p>
        <Link to="/review">← {t("home.review.title")}</Link>
      </p>
      <h1>{t("review.new.title")}</h1>
      <ErrorSummary errors={fields.map((f) => form.errorOf(f))} />
      {actionData?.problems?.length ? (
        <div className="error-summary" role="alert">
          <ul>
            {actionData.problems.map((p, i) => (
              <li key={i}>{problemText(p, t, locale)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" noValidate onSubmit={form.onSubmit} className="card">
        <div className="field">
          <label htmlFor="type">{t("review.new.type")}</label>
          <select id="type" {...form.field("type")}>
            <option value="inquiry">{t("case.type.inquiry")}</option>
            <option value="chargeback">{t("case.type.chargeback")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="accountId">{t("review.new.account")}</label>
          <select id="accountId" aria-invalid={form.errorOf("accountId") ? true : undefined} {...form.field("accountId")}>
            <option value="">—</option>
            {accounts.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <TextField label={t("review.new.reference")} error={form.errorOf("networkReference")} {...form.field("networkReference")} />
        <fieldset className="field">
          <legend>{t("review.new.orNew")}</legend>
          <TextField label={t("review.new.txDate")} type="date" error={form.errorOf("txDate")} {...form.field("txDate")} />
          <TextField label={t("review.new.txAmount")} inputMode="decimal" error={form.errorOf("txAmount")} {...form.field("txAmount")} />
          <TextField
            label={t("review.new.txCard")}
            inputMode="numeric"
            maxLength={4}
            error={form.errorOf("txCard")}
            {...form.field("txCard")}
          />
          <TextField label={t("review.new.txDescription")} error={form.errorOf("txDescription")} {...form.field("txDescription")} />
        </fieldset>
        <TextField label={t("review.new.amount")} inputMode="decimal" error={form.errorOf("amount")} {...form.field("amount")} />
        <TextField label={t("review.new.reasonCode")} error={form.errorOf("reasonCode")} {...form.field("reasonCode")} />
        <TextField label={t("review.new.reasonText")} error={form.errorOf("reasonText")} {...form.field("reasonText")} />
        <fieldset className="field">
          <legend>{t("review.new.documents")}</legend>
          {REQUIRED_DOCUMENT_CODES.map((code) => (
            <label key={code} className="choice">
              <input type="checkbox" name="documents" value={code} /> {t(`document.${code}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("review.new.submit")}
        </button>
      </Form>
    </div>
  );
}
