import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Notice, useValidatedForm } from "~/components/form";
import { useI18n } from "~/components/i18n";
import {
  categoriesFor,
  DESK_CATEGORIES,
  DISPUTE_CATEGORIES,
  SUPPORT_CATEGORIES,
  type Channels,
  type NotificationCategory,
} from "~/domain/notifications";
import { preferenceField, preferencesSchema } from "~/forms/notifications";
import { parseForm, type FieldErrors } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { preferencesOf, updatePreferences } from "~/services/notifications.server";
import { requireSignedIn } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.notifications");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireSignedIn(request);
  // Only the categories this role can receive: merchants never see the desk's, the desk no disputes.
  return { preferences: await preferencesOf(getDb(), user.id), categories: categoriesFor(user.role) };
}

type ActionData = { errors?: FieldErrors; saved?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireSignedIn(request);
  const parsed = parseForm(await readFormData(request), preferencesSchema);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors }, { status: 400 });
  await updatePreferences(getDb(), user.id, parsed.data, systemClock());
  return data<ActionData>({ saved: true });
}

function CategoryChoices({
  category,
  channels,
  register,
}: {
  category: NotificationCategory;
  channels: Channels;
  register: (name: string) => Record<string, unknown>;
}) {
  const { t } = useI18n();
  const hintId = `hint-${category}`;
  return (
    <fieldset className="card" aria-describedby={hintId}>
      <legend>{t(`notify.category.${category}` as MessageKey)}</legend>
      <p className="hint" id={hintId}>
        {t(`notify.category.${category}.hint` as MessageKey)}
      </p>
      {(["email", "inApp"] as const).map((channel) => {
        const name = preferenceField(channel, category);
        return (
          <div className="choice" key={channel}>
            <label>
              <input type="checkbox" value="on" defaultChecked={channels[channel]} {...register(name)} />{" "}
              {t(channel === "email" ? "prefs.col.email" : "prefs.col.inApp")}
            </label>
          </div>
        );
      })}
      <div className="choice">
        <label>
          <input type="checkbox" value="on" defaultChecked={channels.daily} {...register(preferenceField("daily", category))} />{" "}
          {t("prefs.daily")}
        </label>
      </div>
    </fieldset>
  );
}

export default function NotificationSettingsPage() {
  const { preferences, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const navigation = useNavigation();
  const form = useValidatedForm(preferencesSchema, { serverErrors: actionData?.errors });
  const register = (name: string) => form.register(name as never) as unknown as Record<string, unknown>;
  const shown = (group: readonly NotificationCategory[]) => group.filter((c) => categories.includes(c));
  const section = (heading: MessageKey, group: readonly NotificationCategory[]) =>
    shown(group).length === 0 ? null : (
      <>
        <h2>{t(heading)}</h2>
        {shown(group).map((category) => (
          <CategoryChoices key={category} category={category} channels={preferences[category]} register={register} />
        ))}
      </>
    );
  return (
    <div className="narrow">
      <p>
        <Link to="/settings">← {t("settings.back")}</Link>
      </p>
      <h1>{t("prefs.title")}</h1>
      <p>{t("prefs.intro")}</p>
      {actionData?.saved ? <Notice tone="success">{t("prefs.saved")}</Notice> : null}
      <ErrorSummary errors={Object.values(actionData?.errors ?? {})} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        {section("prefs.disputes", DISPUTE_CATEGORIES)}
        {section("prefs.payments", ["payment"])}
        {section("prefs.support", SUPPORT_CATEGORIES)}
        {section("prefs.desk", DESK_CATEGORIES)}
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("prefs.save")}
        </button>
      </Form>
    </div>
  );
}
