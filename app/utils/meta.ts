import { isLocale, translate, type Locale, type MessageKey, type Params } from "~/i18n";

interface MatchLike {
  id: string;
  data?: unknown;
}

/** The page's language, as the root loader chose it (user setting, else Accept-Language). */
export function localeOf(matches: readonly MatchLike[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : "en";
}

/** A <title> in the page's language: "<page> · Dispute Portal". */
export function pageTitle(matches: readonly MatchLike[], key: MessageKey | null, params?: Params, text?: string) {
  const locale = localeOf(matches);
  const page = text ?? (key ? translate(locale, key, params) : "");
  return [{ title: page ? `${page} · ${translate(locale, "app.name")}` : translate(locale, "app.name") }];
}
