import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { OutsideHoursNote } from "~/components/announcements";
import { AttachmentInput } from "~/components/support";
import { ErrorSummary, FieldError } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { MERCHANT_ROLES } from "~/domain/permissions";
import {
  REPLY_CHANNELS,
  replyChannelLabelKey,
  SUPPORT_CATEGORIES,
  supportCategoryHintKey,
  supportCategoryLabelKey,
} from "~/domain/support-request";
import { fileRequestSchema, MESSAGE_MAX_LENGTH, SUBJECT_MAX_LENGTH } from "~/forms/support";
import { echoValues, parseForm, type FieldErrors } from "~/forms/validation";
import { negotiateLocale } from "~/i18n";
import { loadServiceStatus } from "~/services/announcements.server";
import { fieldErrorsOf, refusalResponse, type Problem } from "~/services/result";
import { discardUploads } from "~/services/disputes/attachment-store.server";
import { fileRequest, loadFilingForm, readSupportUpload } from "~/services/support.server";
import { requireRole } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "support.new");

// Filing a support request (SPEC 9): a category explained in the user's words, a subject, a
// description, the channel of the answer, and optionally the case or the location it is about.
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireRole(request, MERCHANT_ROLES);
  const result = await loadFilingForm(getDb(), actor, new URL(request.url).searchParams.get("case"));
  if (!result.ok) throw refusalResponse(result);
  return {
    accounts: result.accounts,
    statements: result.statements,
    caseNumber: result.caseNumber,
    accountRequired: actor.role === "location",
    service: await loadServiceStatus(getDb(), systemClock()),
  };
}

type ActionData = { errors: FieldErrors; values: Record<string, string>; fileProblems?: Problem[] };

export async function action({ request }: ActionFunctionArgs) {
  const { actor, user } = await requireRole(request, MERCHANT_ROLES);
  const upload = await readSupportUpload(getDb(), request);
  const form = upload.form;
  const parsed = parseForm(form, fileRequestSchema);
  if (!upload.ok) {
    const errors = parsed.ok ? {} : parsed.errors;
    const close = upload.status === 413 ? { Connection: "close" } : undefined;
    return data<ActionData>({ errors, values: echoValues(form), fileProblems: upload.problems }, { status: upload.status, headers: close });
  }
  if (!parsed.ok) {
    discardUploads(upload.files);
    return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  }
  const { category, subject, description, replyChannel, caseNumber, accountId, statementId, transactionReference } = parsed.data;
  const result = await fileRequest(
    getDb(),
    actor,
    {
      category,
      subject,
      description,
      replyChannel,
      caseNumber,
      accountId: accountId ? Number(accountId) : null,
      statementId: statementId ? Number(statementId) : null,
      transactionReference,
      locale: user.locale ?? negotiateLocale(request.headers.get("Accept-Language")),
      attachments: upload.files,
    },
    systemClock(),
  );
  if (result.ok) return redirect(`/support/${result.requestNumber}?${result.addedTo ? "added" : "filed"}=1`);
  if (result.status === 403) throw refusalResponse(result);
  return data<ActionData>({ errors: fieldErrorsOf(result), values: echoValues(form) }, { status: result.status });
}

const FIELDS = [
  "category",
  "subject",
  "description",
  "replyChannel",
  "caseNumber",
  "statementId",
  "transactionReference",
  "accountId",
  "form",
] as const;

export default function NewSupportRequestPage() {
  const { accounts, statements, caseNumber, accountRequired, service } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const describedBy = (field: string, hint?: string) =>
    [hint, errors[field] ? `support-${field}-error` : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className="narrow">
      <p>
        <Link to="/support">← {t("support.request.back")}</Link>
      </p>
      <h1>{t("support.new")}</h1>
      <OutsideHoursNote service={service} />
      <ErrorSummary errors={FIELDS.map((f) => errors[f])} />
      <Form method="post" className="card" encType="multipart/form-data">
        <fieldset aria-describedby={describedBy("category")}>
          <legend>{t("support.form.category")}</legend>
          {SUPPORT_CATEGORIES.map((c) => (
            <div key={c} className="choice">
              <label>
                <input
                  type="radio"
                  name="category"
                  value={c}
                  defaultChecked={(values.category ?? (caseNumber ? "complaint" : "information")) === c}
                />{" "}
                {t(supportCategoryLabelKey(c))}
              </label>
              <p className="hint">{t(supportCategoryHintKey(c))}</p>
            </div>
          ))}
          <FieldError id="support-category-error" error={errors.category} />
        </fieldset>
        <div className="field">
          <label htmlFor="support-subject">{t("support.form.subject")}</label>
          <input
            id="support-subject"
            name="subject"
            maxLength={SUBJECT_MAX_LENGTH}
            defaultValue={values.subject ?? ""}
            aria-invalid={errors.subject ? true : undefined}
            aria-describedby={describedBy("subject")}
          />
          <FieldError id="support-subject-error" error={errors.subject} />
        </div>
        <div className="field">
          <label htmlFor="support-description">{t("support.form.description")}</label>
          <p className="hint" id="support-description-hint">
            {t("support.form.descriptionHint")}
          </p>
          <textarea
            id="support-description"
            name="description"
            rows={6}
            maxLength={MESSAGE_MAX_LENGTH}
            defaultValue={values.description ?? ""}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={describedBy("description", "support-description-hint")}
          />
          <FieldError id="support-description-error" error={errors.description} />
        </div>
        <div className="field">
          <label htmlFor="support-case">{t("support.form.case")}</label>
          <p className="hint" id="support-case-hint">
            {t("support.form.caseHint")}
          </p>
          <input
            id="support-case"
            name="caseNumber"
            maxLength={32}
            defaultValue={values.caseNumber ?? caseNumber ?? ""}
            aria-invalid={errors.caseNumber ? true : undefined}
            aria-describedby={describedBy("caseNumber", "support-case-hint")}
          />
          <FieldError id="support-caseNumber-error" error={errors.caseNumber} />
        </div>
        <div className="field">
          <label htmlFor="support-statement">{t("support.form.statement")}</label>
          <select
            id="support-statement"
            name="statementId"
            defaultValue={values.statementId ?? ""}
            aria-invalid={errors.statementId ? true : undefined}
            aria-describedby={describedBy("statementId")}
          >
            <option value="">{t("support.form.statementNone")}</option>
            {statements.map((st) => (
              <option key={st.id} value={String(st.id)}>
                {st.month} · {st.accountName}
              </option>
            ))}
          </select>
          <FieldError id="support-statementId-error" error={errors.statementId} />
        </div>
        <div className="field">
          <label htmlFor="support-transaction">{t("support.form.transaction")}</label>
          <p className="hint" id="support-transaction-hint">
            {t("support.form.transactionHint")}
          </p>
          <input
            id="support-transaction"
            name="transactionReference"
            maxLength={64}
            defaultValue={values.transactionReference ?? ""}
            aria-invalid={errors.transactionReference ? true : undefined}
            aria-describedby={describedBy("transactionReference", "support-transaction-hint")}
          />
          <FieldError id="support-transactionReference-error" error={errors.transactionReference} />
        </div>
        <div className="field">
          <label htmlFor="support-account">{t("support.form.account")}</label>
          <select
            id="support-account"
            name="accountId"
            defaultValue={values.accountId ?? (accountRequired && accounts.length === 1 ? String(accounts[0]!.id) : "")}
            aria-invalid={errors.accountId ? true : undefined}
            aria-describedby={describedBy("accountId")}
          >
            {accountRequired ? null : <option value="">{t("support.form.accountAny")}</option>}
            {accounts.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {a.name}
              </option>
            ))}
          </select>
          <FieldError id="support-accountId-error" error={errors.accountId} />
        </div>
        <fieldset aria-describedby={describedBy("replyChannel")}>
          <legend>{t("support.form.channel")}</legend>
          {REPLY_CHANNELS.map((c) => (
            <div key={c} className="choice">
              <label>
                <input type="radio" name="replyChannel" value={c} defaultChecked={(values.replyChannel ?? "portal") === c} />{" "}
                {t(replyChannelLabelKey(c))}
              </label>
            </div>
          ))}
          <FieldError id="support-replyChannel-error" error={errors.replyChannel} />
        </fieldset>
        <AttachmentInput problems={actionData?.fileProblems ?? []} />
        <input type="hidden" name="intent" value="file" />
        <button type="submit">{t("support.form.submit")}</button>
      </Form>
    </div>
  );
}
