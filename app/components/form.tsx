import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { forwardRef, useEffect, useId, type FormEvent, type InputHTMLAttributes, type ReactNode } from "react";
import { useForm, type FieldValues, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import type { FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { useT } from "./i18n";

/**
 * react-hook-form on a real <Form method="post">: without JavaScript the browser posts the form
 * and the server's checks answer; with JavaScript the same schema checks first and the form is
 * then submitted through Remix. Server errors (after either path) show on the same fields.
 */
export function useValidatedForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  options: { defaultValues?: Record<string, string>; serverErrors?: FieldErrors | null },
): UseFormReturn<z.input<S>> & {
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  errorOf: (name: string) => MessageKey | undefined;
  field: (name: string) => ReturnType<UseFormReturn<FieldValues>["register"]> & { defaultValue?: string };
} {
  // No defaultValues for react-hook-form itself: the server-rendered inputs carry them as
  // attributes, and react-hook-form then reads each input's current value when it attaches. So
  // whatever someone typed before the page's JavaScript loaded is kept, not reset to the default.
  const form = useForm<z.input<S>>({
    resolver: zodResolver(schema as never) as never,
    mode: "onTouched",
  });
  const submit = useSubmit();
  const { serverErrors } = options;
  useEffect(() => {
    if (!serverErrors) return;
    for (const [name, message] of Object.entries(serverErrors)) form.setError(name as never, { type: "server", message });
  }, [serverErrors, form]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    // Submitting the clicked button (not just the form) keeps its name/value, e.g. an `intent`.
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? element))(event);
  };
  const errorOf = (name: string): MessageKey | undefined => {
    const fieldError = (form.formState.errors as Record<string, { message?: string } | undefined>)[name];
    return (fieldError?.message as MessageKey | undefined) ?? serverErrors?.[name];
  };
  // register() plus the value as an attribute, so the server-rendered page (and a browser without
  // JavaScript) shows what the user typed before a refused submission.
  const field = (name: string) => ({
    ...(form.register as unknown as UseFormReturn<FieldValues>["register"])(name),
    defaultValue: options.defaultValues?.[name],
  });
  return { ...form, onSubmit, errorOf, field };
}

type TextFieldProps = { label: string; hint?: string; error?: MessageKey } & InputHTMLAttributes<HTMLInputElement>;

/** A labelled input with its hint and error wired up for screen readers. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ label, hint, error, ...input }, ref) {
  const t = useT();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {error ? (
        <p className="field-error" id={errorId}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
});

export function ErrorSummary({ errors }: { errors: Array<MessageKey | undefined> }) {
  const t = useT();
  const shown = [...new Set(errors.filter((e): e is MessageKey => Boolean(e)))];
  if (shown.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <p>{t("form.errorSummary")}</p>
      <ul>
        {shown.map((e) => (
          <li key={e}>{t(e)}</li>
        ))}
      </ul>
    </div>
  );
}

export function Notice({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "success" | "warning" }) {
  return (
    <div className={`notice notice-${tone}`} role="status">
      {children}
    </div>
  );
}

/** A field's problem under it; `id` is what the field's aria-describedby names. */
export function FieldError({ id, error }: { id: string; error: MessageKey | undefined }) {
  const t = useT();
  return error ? (
    <p className="field-error" id={id}>
      {t(error)}
    </p>
  ) : null;
}
