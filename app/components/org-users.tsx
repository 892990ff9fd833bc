import { MERCHANT_ROLES } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";
import { FieldError } from "./form";
import { useT } from "./i18n";

// The fields the invitation form and a user's page share on /settings/users.

interface Form {
  errorOf: (name: string) => MessageKey | undefined;
  /** register() plus the typed value (see useValidatedForm). */
  field: (name: string) => { defaultValue?: string };
}

export function RoleSelect({ form, defaultValue }: { form: Form; defaultValue?: string }) {
  const t = useT();
  const error = form.errorOf("role");
  const field = form.field("role");
  return (
    <div className="field">
      <label htmlFor="role">{t("users.role")}</label>
      <p className="hint" id="role-hint">
        {t("users.role.hint")}
      </p>
      <select
        id="role"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "role-hint role-error" : "role-hint"}
        {...field}
        defaultValue={field.defaultValue ?? defaultValue ?? ""}
      >
        <option value="">—</option>
        {MERCHANT_ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </select>
      <FieldError id="role-error" error={error} />
    </div>
  );
}

export function AccountChoices({
  form,
  accounts,
  checked,
}: {
  form: Form;
  accounts: readonly { id: number; name: string; merchantNumber: string }[];
  checked: ReadonlySet<string>;
}) {
  const t = useT();
  const error = form.errorOf("accounts");
  // Each box is checked from the list, not from the field's one typed value.
  const { defaultValue: _typed, ...register } = form.field("accounts");
  return (
    <fieldset aria-describedby={error ? "accounts-hint accounts-error" : "accounts-hint"}>
      <legend>{t("users.accountsField")}</legend>
      <p className="hint" id="accounts-hint">
        {t("users.accountsField.hint")}
      </p>
      {accounts.map((a) => (
        <div key={a.id} className="choice">
          <label>
            <input type="checkbox" value={a.id} defaultChecked={checked.has(String(a.id))} {...register} /> {a.name} ({a.merchantNumber})
          </label>
        </div>
      ))}
      <FieldError id="accounts-error" error={error} />
    </fieldset>
  );
}

export function StatusTag({ deactivatedAt, invitedAt }: { deactivatedAt: string | null; invitedAt: string | null }) {
  const t = useT();
  if (deactivatedAt) return <span className="tag tag-urgent">{t("users.status.deactivated")}</span>;
  if (invitedAt) return <span className="tag tag-due">{t("users.status.invited")}</span>;
  return <span className="tag tag-ok">{t("users.status.active")}</span>;
}
