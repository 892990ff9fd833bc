import { z } from "zod";
import {
  ANNOUNCEMENT_BODY_MAX,
  ANNOUNCEMENT_KINDS,
  ANNOUNCEMENT_SEVERITIES,
  ANNOUNCEMENT_TITLE_MAX,
  parseLocalDateTime,
  type AnnouncementText,
  type AnnouncementTexts,
} from "~/domain/announcements";

// /admin/announcements: the post form and the "end now" button. Start and end are typed as
// Berlin wall-clock time (datetime-local); whether the window is still ahead is the service's call.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

const title = text.pipe(z.string().trim().max(ANNOUNCEMENT_TITLE_MAX, "announcements.error.titleLength"));
const body = text.pipe(z.string().trim().max(ANNOUNCEMENT_BODY_MAX, "announcements.error.bodyLength"));
// English is what every reader falls back to, so it is required on its own field.
const requiredTitle = text.pipe(
  z.string().trim().min(1, "announcements.error.titleRequired").max(ANNOUNCEMENT_TITLE_MAX, "announcements.error.titleLength"),
);
const requiredBody = text.pipe(
  z.string().trim().min(1, "announcements.error.bodyRequired").max(ANNOUNCEMENT_BODY_MAX, "announcements.error.bodyLength"),
);

/** Empty: null (start now / until further notice); else a wall-clock time that exists in Berlin. */
const localTime = text.pipe(
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      const at = parseLocalDateTime(value);
      if (at) return at;
      ctx.addIssue({ code: "custom", message: "announcements.error.dateTime" });
      return z.NEVER;
    }),
);

export const ANNOUNCEMENT_FIELDS = [
  "kind",
  "severity",
  "titleEn",
  "bodyEn",
  "titleDe",
  "bodyDe",
  "titleNl",
  "bodyNl",
  "startsAt",
  "endsAt",
] as const;

export const postAnnouncementSchema = z
  .object({
    kind: text.pipe(z.enum(ANNOUNCEMENT_KINDS, "announcements.error.kind")),
    severity: text.pipe(z.enum(ANNOUNCEMENT_SEVERITIES, "announcements.error.severity")),
    titleEn: requiredTitle,
    bodyEn: requiredBody,
    titleDe: title,
    bodyDe: body,
    titleNl: title,
    bodyNl: body,
    startsAt: localTime,
    endsAt: localTime,
  })
  .transform((form, ctx) => {
    // Another language is optional, but a title without its text (or the reverse) is a slip.
    const pair = (t: string, b: string, field: "De" | "Nl"): AnnouncementText | undefined => {
      if (t === "" && b === "") return undefined;
      if (t === "") ctx.addIssue({ code: "custom", path: [`title${field}`], message: "announcements.error.titleRequired" });
      if (b === "") ctx.addIssue({ code: "custom", path: [`body${field}`], message: "announcements.error.bodyRequired" });
      return { title: t, body: b };
    };
    const texts: AnnouncementTexts = { en: { title: form.titleEn, body: form.bodyEn } };
    const de = pair(form.titleDe, form.bodyDe, "De");
    const nl = pair(form.titleNl, form.bodyNl, "Nl");
    if (de) texts.de = de;
    if (nl) texts.nl = nl;
    return { kind: form.kind, severity: form.severity, texts, startsAt: form.startsAt, endsAt: form.endsAt };
  });

export type PostAnnouncementForm = z.output<typeof postAnnouncementSchema>;

export const endAnnouncementSchema = z.object({
  id: text.pipe(
    z
      .string()
      .regex(/^\d{1,9}$/, "error.notFound")
      .transform(Number),
  ),
});
