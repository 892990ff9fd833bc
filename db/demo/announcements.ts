import { addDays, format } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { ANNOUNCEMENT_TIME_ZONE } from "../../app/domain/announcements";
import { dateFnsLocale } from "../../app/i18n/formats";
import { insertAnnouncement } from "../../app/models/announcement.server";
import type { DB } from "../connection";

/**
 * The demo's notice (SPEC 10, issue 14 item 7): planned maintenance on the coming Sunday night,
 * 22:00 to 02:00 Berlin time, announced an hour before `now` so it is current and the notice board
 * and /status show it at once. It stays up until the maintenance is over.
 */
export async function seedAnnouncementsDemo(db: DB, now: Date, adminUserId: number): Promise<number> {
  const today = new TZDate(now.getTime(), ANNOUNCEMENT_TIME_ZONE);
  const sunday = addDays(today, 7 - today.getDay());
  const from = new TZDate(sunday.getFullYear(), sunday.getMonth(), sunday.getDate(), 22, 0, ANNOUNCEMENT_TIME_ZONE);
  const until = new TZDate(sunday.getFullYear(), sunday.getMonth(), sunday.getDate() + 1, 2, 0, ANNOUNCEMENT_TIME_ZONE);
  const day = (locale: "en" | "de" | "nl") =>
    format(from, locale === "de" ? "EEEE, d. MMMM" : "EEEE d MMMM", { locale: dateFnsLocale(locale) });
  return insertAnnouncement(
    db,
    {
      kind: "maintenance",
      severity: "minor",
      startsAt: new Date(now.getTime() - 60 * 60 * 1000),
      endsAt: new Date(until.getTime()),
      texts: {
        en: {
          title: "Planned maintenance on Sunday night",
          body: `On ${day("en")} from 22:00 to 02:00 (Berlin time) the portal is being updated. It may be unavailable for a few minutes at a time; answers due that night can be sent before or after.`,
        },
        de: {
          title: "Geplante Wartung in der Nacht zum Montag",
          body: `Am ${day("de")}, von 22:00 bis 02:00 Uhr (Berliner Zeit) wird das Portal aktualisiert. Es kann zeitweise für einige Minuten nicht erreichbar sein; in dieser Nacht fällige Antworten können Sie davor oder danach senden.`,
        },
        nl: {
          title: "Gepland onderhoud zondagnacht",
          body: `Op ${day("nl")} van 22:00 tot 02:00 (Berlijnse tijd) wordt het portaal bijgewerkt. Het kan af en toe enkele minuten onbereikbaar zijn; antwoorden die die nacht verlopen, kunt u ervoor of erna versturen.`,
        },
      },
    },
    adminUserId,
    now,
  );
}
