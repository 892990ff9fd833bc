import { TZDate } from "@date-fns/tz";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { format } from "date-fns";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { categoriesFor, renderNotification } from "~/domain/notifications";
import { notificationActionSchema, parseCentreQuery } from "~/forms/notifications";
import { parseForm } from "~/forms/validation";
import type { MessageKey } from "~/i18n";
import { dateFnsLocale } from "~/i18n/formats";
import { loadNotificationCentre, markAllNotificationsRead, markNotificationRead } from "~/services/notifications.server";
import { refusalResponse } from "~/services/result";
import { requireSignedIn } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

function badRequest(): Response {
  return new Response("Bad Request", { status: 400 });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireSignedIn(request);
  const query = parseCentreQuery(new URL(request.url).searchParams);
  if (!query) throw badRequest();
  const centre = await loadNotificationCentre(getDb(), user.id, query);
  return { ...centre, category: query.category, paged: query.before !== null, categories: categoriesFor(user.role) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireSignedIn(request);
  const parsed = parseForm(await readFormData(request), notificationActionSchema);
  if (!parsed.ok) throw badRequest();
  const now = systemClock();
  if (parsed.data.intent === "read") {
    const marked = await markNotificationRead(getDb(), user.id, parsed.data.id, now);
    if (!marked.ok) throw refusalResponse(marked);
    return data({ done: "read" as const });
  }
  const category = parsed.data.category || null;
  const query = parseCentreQuery(new URLSearchParams(category ? { category } : {}));
  if (!query) throw badRequest();
  await markAllNotificationsRead(getDb(), user.id, now, query.category);
  return data({ done: "read_all" as const });
}

export default function NotificationsPage() {
  const { items, nextCursor, unread, category, paged, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  const dateLocale = dateFnsLocale(locale);
  const filter = category ? `category=${category}&` : "";

  return (
    <>
      <h1>{t("notifications.title")}</h1>
      <p>
        {t("notifications.intro")} <Link to="/settings/notifications">{t("notifications.settingsLink")}</Link>
      </p>
      {actionData?.done === "read_all" ? <Notice tone="success">{t("notifications.markedAllRead")}</Notice> : null}

      <div className="card">
        <Form method="get" className="filter-form">
          <div className="field">
            <label htmlFor="category-filter">{t("notifications.filter.category")}</label>
            <select id="category-filter" name="category" defaultValue={category ?? ""}>
              <option value="">{t("notifications.filter.all")}</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {t(`notify.category.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t("notifications.filter.submit")}
          </button>
        </Form>
        {unread > 0 ? (
          <Form method="post" className="inline-form">
            {category ? <input type="hidden" name="category" value={category} /> : null}
            <button type="submit" name="intent" value="read_all" disabled={busy}>
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>

      {items.length === 0 ? (
        <p>{t("notifications.none")}</p>
      ) : (
        <ul className="notification-list" aria-label={t("notifications.list.caption")}>
          {items.map((item) => {
            const { title, summary } = renderNotification(item.message, item.facts, locale);
            const when = format(new TZDate(new Date(item.createdAt).getTime(), item.facts.timeZone), "PPp", { locale: dateLocale });
            return (
              <li key={item.id} className={`card notification${item.read ? "" : " notification-unread"}`} data-notification={item.id}>
                <p>
                  {item.read ? null : <span className="tag tag-urgent">{t("notifications.unread")}</span>}{" "}
                  <span className="tag">{t(`notify.category.${item.category}` as MessageKey)}</span> <span className="muted">{when}</span>
                </p>
                <h2 className="notification-title">{item.link ? <Link to={item.link}>{title}</Link> : title}</h2>
                <p>{summary}</p>
                {item.read ? null : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="id" value={item.id} />
                    <button type="submit" name="intent" value="read" className="secondary" disabled={busy}>
                      {t("notifications.markRead")}
                      <span className="sr-only">: {title}</span>
                    </button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p>
        {paged ? <Link to={category ? `/notifications?category=${category}` : "/notifications"}>{t("notifications.newest")}</Link> : null}{" "}
        {nextCursor !== null ? <Link to={`/notifications?${filter}before=${nextCursor}`}>{t("notifications.older")}</Link> : null}
      </p>
    </>
  );
}
