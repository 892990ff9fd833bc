import { isLocale, negotiateLocale, type Locale } from "~/i18n";
import type { AnnouncementView } from "~/domain/announcements";
import { navigationFor, type NavItem, type Role } from "~/domain/permissions";
import { countUnread } from "~/models/notification.server";
import { organisationHeader } from "~/models/profile.server";
import { getDb } from "~/utils/db.server";
import { getSignedIn } from "~/utils/auth.server";
import { systemClock } from "~/utils/clock.server";
import { noticeBoard } from "./announcements.server";

export interface ShellData {
  locale: Locale;
  user: null | {
    displayName: string;
    username: string;
    role: Role;
    organisationName: string | null;
    disputeHandling: "central" | "local" | null;
    navigation: NavItem[];
    /** For the badge beside "Notifications" in the header. */
    unreadNotifications: number;
  };
  /** The notice board (SPEC 9): for everyone, signed in or not; empty unless asked for. */
  announcements: AnnouncementView[];
}

/**
 * What every page's frame needs: who is signed in, their organisation, navigation and language.
 * The root loader also asks for the notice board; routes that only want the language do not.
 */
export async function loadShell(request: Request, options: { announcements?: boolean } = {}): Promise<ShellData> {
  const [signedIn, announcements] = await Promise.all([
    getSignedIn(request),
    options.announcements ? noticeBoard(getDb(), systemClock()) : [],
  ]);
  const headerLocale = negotiateLocale(request.headers.get("Accept-Language"));
  if (!signedIn) return { locale: headerLocale, user: null, announcements };
  const { user } = signedIn;
  const db = getDb();
  const [organisation, unreadNotifications] = await Promise.all([
    user.organisation_id ? organisationHeader(db, user.organisation_id) : undefined,
    countUnread(db, user.id),
  ]);
  return {
    announcements,
    locale: isLocale(user.locale) ? user.locale : headerLocale,
    user: {
      displayName: user.display_name,
      username: user.username,
      role: signedIn.actor.role,
      organisationName: organisation?.name ?? null,
      disputeHandling: organisation?.disputeHandling ?? null,
      navigation: navigationFor(signedIn.actor.role),
      unreadNotifications,
    },
  };
}
