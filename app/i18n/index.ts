import { admin } from "./admin";
import { analytics } from "./analytics";
import { announcements } from "./announcements";
import { api } from "./api";
import { audit } from "./audit";
import { auth } from "./auth";
import { common } from "./common";
import { desk } from "./desk";
import { disputes } from "./disputes";
import { help } from "./help";
import { intake } from "./intake";
import { notifications } from "./notifications";
import { reasonCodes } from "./reason-codes";
import { settings } from "./settings";
import { statements } from "./statements";
import { support } from "./support";
import { supportDashboard } from "./support-dashboard";
import { users } from "./users";
import { webhooks } from "./webhooks";

// Each area of the portal keeps its texts in its own file; they are merged here.
const areas = [
  common,
  auth,
  statements,
  settings,
  notifications,
  help,
  disputes,
  reasonCodes,
  admin,
  users,
  audit,
  analytics,
  support,
  api,
  webhooks,
  intake,
  announcements,
  desk,
  supportDashboard,
] as const;

export const LOCALES = ["en", "de", "nl"] as const;
export type Locale = (typeof LOCALES)[number];

type Area = (typeof areas)[number];
export type MessageKey = Area extends infer A ? (A extends { en: Record<infer K, string> } ? K : never) : never;

const catalogue = Object.fromEntries(
  LOCALES.map((locale) => [locale, Object.fromEntries(areas.flatMap((a) => Object.entries(a[locale])))]),
) as Record<Locale, Record<string, string>>;

/** Every text of one language, keyed by message key (for checks of the catalogue itself). */
export function allMessages(locale: Locale): Readonly<Record<string, string>> {
  return catalogue[locale];
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = catalogue[locale][key] ?? catalogue.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported language from an Accept-Language header (RFC 9110 quality values). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return "en";
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...paramsList] = part.trim().split(";");
      const q = paramsList.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { lang: tag.toLowerCase().split("-")[0], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { lang } of ranked) if (isLocale(lang)) return lang;
  return "en";
}
