import { Form, Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import type { FieldErrors } from "~/forms/validation";
import { resetSchema } from "~/forms/auth";
import { ErrorSummary, Notice, TextField, useValidatedForm } from "./form";
import { useT } from "./i18n";

/** What the action of a password link page answers: done, the link gone, or the fields refused. */
export type PasswordLinkActionData = { done: true } | { done: false; invalid: boolean; errors: FieldErrors };

/**
 * The page a password link opens (a reset link, an invitation): choose a password, or be told
 * the link no longer works. The two pages differ only in their words and where a dead link leads.
 */
export function PasswordLinkPage(props: {
  usable: boolean;
  actionData: PasswordLinkActionData | undefined;
  texts: { title: MessageKey; intro?: MessageKey; done: MessageKey; invalid: MessageKey; submit: MessageKey };
  /** Where someone with a dead link can get a new one, if they can themselves. */
  renewal?: { to: string; label: MessageKey };
}) {
  const { usable, actionData, texts, renewal } = props;
  const t = useT();
  const form = useValidatedForm(resetSchema, {
    defaultValues: { password: "", confirm: "" },
    serverErrors: actionData && !actionData.done ? actionData.errors : null,
  });
  if (actionData?.done) {
    return (
      <div className="narrow">
        <h1>{t(texts.title)}</h1>
        <Notice tone="success">{t(texts.done)}</Notice>
        <Link to="/login">{t("login.title")}</Link>
      </div>
    );
  }
  if (!usable || (actionData && !actionData.done && actionData.invalid)) {
    return (
      <div className="narrow">
        <h1>{t(texts.title)}</h1>
        <div className="error-summary" role="alert">
          <p>{t(texts.invalid)}</p>
        </div>
        {renewal ? <Link to={renewal.to}>{t(renewal.label)}</Link> : null}
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t(texts.title)}</h1>
      {texts.intro ? <p>{t(texts.intro)}</p> : null}
      <ErrorSummary errors={[form.errorOf("password"), form.errorOf("confirm")]} />
      <Form method="post" noValidate onSubmit={form.onSubmit} className="card">
        <TextField
          label={t("reset.password")}
          hint={t("password.rules")}
          type="password"
          autoComplete="new-password"
          error={form.errorOf("password")}
          {...form.field("password")}
        />
        <TextField
          label={t("reset.confirm")}
          type="password"
          autoComplete="new-password"
          error={form.errorOf("confirm")}
          {...form.field("confirm")}
        />
        <button type="submit">{t(texts.submit)}</button>
      </Form>
    </div>
  );
}
