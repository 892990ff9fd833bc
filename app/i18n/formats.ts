import type { Locale as DateFnsLocale } from "date-fns";
import { de } from "date-fns/locale/de";
import { enGB } from "date-fns/locale/en-GB";
import { nl } from "date-fns/locale/nl";
import type { Locale } from "./index";

// How each interface language writes numbers and dates. A Record over Locale, so a new language
// cannot silently fall back to English formats (a missing entry is a type error).
const FORMATS: Record<Locale, { tag: string; dateFns: DateFnsLocale; longDate: string }> = {
  en: { tag: "en-GB", dateFns: enGB, longDate: "d MMMM yyyy" },
  de: { tag: "de-DE", dateFns: de, longDate: "d. MMMM yyyy" },
  nl: { tag: "nl-NL", dateFns: nl, longDate: "d MMMM yyyy" },
};

/** The BCP 47 tag for Intl (money): "en-GB", "de-DE", "nl-NL". */
export function localeTag(locale: Locale): string {
  return FORMATS[locale].tag;
}

/** The date-fns locale for month and weekday names. */
export function dateFnsLocale(locale: Locale): DateFnsLocale {
  return FORMATS[locale].dateFns;
}

/** A date written out: "30 November 2026", "30. November 2026", "30 november 2026". */
export function longDatePattern(locale: Locale): string {
  return FORMATS[locale].longDate;
}
