import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { documentAlternatives, problemText } from "~/components/case-view";
import { ErrorSummary, TextField, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import type { ReasonCode } from "~/domain/reason-codes";
import { REQUIRED_DOCUMENT_CODES } from "~/domain/response-rules";
import { openCaseSchema } from "~/forms/disputes";
import { parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { loadOpenCaseForm, submitOpenCaseForm } from "~/services/disputes/open-case-form.server";
import { fieldErrorsOf, refusalResponse, type Problem } from "~/services/result";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const form = await loadOpenCaseForm(getDb(), actor);
  if (!form.ok) throw refusalResponse(form);
  // "Show the proposed documents" without JavaScript: the form comes back by GET, as typed.
  const query = new URL(request.url).searchParams;
  const typed = query.has("reasonCode") ? Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? ""])) : null;
  return { accounts: form.accounts, reasonCodes: form.reasonCodes, typed };
}

type ActionData = { errors?: FieldErrors; problems?: Problem[]; values: Record<string, string> };

const FIELDS = [
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

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireRole(request, ["analyst"]);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, openCaseSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const values = Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, String(v)]));
  const documents = formData.getAll("documents").filter((d): d is string => typeof d === "string");
  const result = await submitOpenCaseForm(getDb(), actor, parsed.data, documents, systemClock());
  if (result.ok) return redirect(`/review/${result.caseNumber}`);
  if (result.status === 403) throw refusalResponse(result);
  // Problems of a field show beside it; the rest above the form.
  const atFields = result.problems.filter((p) => FIELDS.includes(p.field));
  return data<ActionData>(
    { errors: fieldErrorsOf({ ...result, problems: atFields }), problems: result.problems.filter((p) => !atFields.includes(p)), values },
    { status: result.status },
  );
}

export default function OpenCasePage() {
  const { accounts, reasonCodes, typed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const values: Record<string, string> = actionData?.values ?? typed ?? {};
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
  return (
    <div className="narrow">
      <p>
        <Link to="/review">← {t("home.review.title")}</Link>
      </p>
      <h1>{t("review.new.title")}</h1>
      <ErrorSummary errors={FIELDS.map((f) => form.errorOf(f))} />
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
        <TextField
          label={t("review.new.reasonCode")}
          error={form.errorOf("reasonCode")}
          list="known-reason-codes"
          {...form.field("reasonCode")}
        />
        <datalist id="known-reason-codes">
          {reasonCodes.map((r) => (
            <option key={r.code} value={r.code}>
              {`${t(`reason.network.${r.network}`)} ${r.code}: ${r.title}`}
            </option>
          ))}
        </datalist>
        <TextField label={t("review.new.reasonText")} error={form.errorOf("reasonText")} {...form.field("reasonText")} />
        <fieldset className="field">
          <legend>{t("review.new.documents")}</legend>
          <Proposal reasonCodes={reasonCodes} typed={typedReasonCode(form.watch("reasonCode"), values.reasonCode)} />
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

/** The documents the reason-code table proposes for the typed code (SPEC 3.10), with their levels. */
function Proposal({ reasonCodes, typed }: { reasonCodes: ReasonCode[]; typed: string }) {
  const { t } = useI18n();
  const code = typed.trim().toUpperCase();
  const reason = code ? reasonCodes.find((r) => r.code === code) : undefined;
  return (
    <div className="hint" aria-live="polite" data-testid="document-proposal">
      {reason ? (
        <>
          <p>{t("review.new.proposal", { network: t(`reason.network.${reason.network}`), code: reason.code, title: reason.title })}</p>
          <ul>
            {reason.documents
              .filter((d) => d.level === "required")
              .map((d) => (
                <li key={d.code}>
                  {t(`document.${d.code}` as MessageKey)} ({t("checklist.level.required")})
                </li>
              ))}
            {[...new Set(reason.documents.filter((d) => d.level === "one_of").map((d) => d.group))].map((group) => (
              <li key={`group-${group}`}>
                {t("checklist.oneOf", {
                  documents: documentAlternatives(
                    reason.documents.filter((d) => d.group === group).map((d) => d.code),
                    t,
                  ),
                })}
              </li>
            ))}
            {reason.documents
              .filter((d) => d.level === "optional")
              .map((d) => (
                <li key={d.code}>
                  {t(`document.${d.code}` as MessageKey)} ({t("checklist.level.optional")})
                </li>
              ))}
          </ul>
          <p>{t("review.new.proposal.hint")}</p>
        </>
      ) : code ? (
        <p>{t("review.new.proposal.none")}</p>
      ) : null}
      <noscript>
        <button type="submit" formMethod="get" className="secondary">
          {t("review.new.proposal.show")}
        </button>
      </noscript>
    </div>
  );
}

/** What is in the reason-code field now (with JavaScript), or what was posted or typed before. */
function typedReasonCode(watched: unknown, fallback: string | undefined): string {
  return typeof watched === "string" ? watched : (fallback ?? "");
}
