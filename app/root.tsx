import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { NoticeBoard } from "~/components/announcements";
import { I18nProvider, useT } from "~/components/i18n";
import { useNonce } from "~/components/nonce";
import { isLocale, type Locale, type MessageKey } from "~/i18n";
import { loadShell, type ShellData } from "~/services/shell.server";
import styles from "~/styles/app.css";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// The fallback title, in the page's language; each route names its page.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, null);

export async function loader({ request }: LoaderFunctionArgs) {
  return loadShell(request, { announcements: true });
}

export function useShell(): ShellData | undefined {
  return useRouteLoaderData<typeof loader>("root");
}

function Header({ shell }: { shell: ShellData }) {
  const t = useT();
  const { user } = shell;
  return (
    <header className="site-header">
      <div className="brand">
        <Link to="/">{t("app.name")}</Link>
      </div>
      {user ? (
        <>
          <nav aria-label={t("nav.main")} className="main-nav">
            <ul>
              {user.navigation.map((item) => (
                <li key={item}>
                  <NavLink to={`/${item}`} prefetch="intent">
                    {t(`nav.${item}` as MessageKey)}
                    {item === "notifications" && user.unreadNotifications > 0 ? (
                      <>
                        {" "}
                        {/* aria-label on a plain span is not announced everywhere: a hidden text is. */}
                        <span className="badge notifications-badge">
                          <span aria-hidden="true">{user.unreadNotifications}</span>
                          <span className="sr-only">{t("notifications.unreadCount", { count: user.unreadNotifications })}</span>
                        </span>
                      </>
                    ) : null}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="who">
            <span>{t("nav.signedInAs", { name: user.displayName })}</span>
            <span className="who-detail">
              {t(`role.${user.role}` as MessageKey)}
              {user.organisationName ? ` · ${user.organisationName}` : null}
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </header>
  );
}

function Document({ shell, children }: { shell: ShellData; children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang={shell.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider locale={shell.locale}>
          <SkipLink />
          <Header shell={shell} />
          <NoticeBoard notices={shell.announcements} />
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SkipLink() {
  const t = useT();
  return (
    <a className="skip-link" href="#main">
      {t("app.skipToContent")}
    </a>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const error = useRouteError();
  // When an action throws (413, 429), the root loader does not run: the refusal names the language.
  const shell = useShell() ?? { locale: localeOf(error), user: null, announcements: [] };
  return <Document shell={shell}>{children}</Document>;
}

function localeOf(error: unknown): Locale {
  const data: unknown = isRouteErrorResponse(error) ? error.data : null;
  const locale = typeof data === "object" && data !== null && "locale" in data ? data.locale : null;
  return isLocale(locale) ? locale : "en";
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let message: MessageKey = "error.unexpected";
  let params: Record<string, number> | undefined;
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) message = "error.notFound";
    else if (error.status === 403) message = "error.forbidden";
    else if (error.status === 400) message = "error.badRequest";
    else if (error.status === 413) message = "error.tooLarge";
    else if (error.status === 429) {
      message = "error.tooManyRequests";
      params = { minutes: retryMinutes(error.data) };
    }
  }
  return (
    <section className="error-page">
      <h1>{t("error.title")}</h1>
      <p>{t(message, params)}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  );
}

/** A 429 carries its wait in seconds (app/utils/rate-limit.server.ts); shown in whole minutes. */
function retryMinutes(data: unknown): number {
  const seconds = typeof data === "object" && data !== null && "retryAfterSeconds" in data ? Number(data.retryAfterSeconds) : 60;
  return Math.max(1, Math.ceil(seconds / 60));
}
