import { z } from "zod";
import { isNotificationCategory, NOTIFICATION_CATEGORIES, type Channels, type NotificationCategory } from "~/domain/notifications";

// Shared by the browser (react-hook-form) and the server, which checks every post again.

/** A checkbox: absent (unticked, the browser sends nothing), "on" when posted, a boolean from react-hook-form. */
const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.boolean()], { error: "form.required" })
  .optional()
  .transform((v) => v === "on" || v === "true" || v === true);

export function preferenceField(channel: "email" | "inApp" | "daily", category: NotificationCategory): string {
  return `${channel}_${category}`;
}

export const preferencesSchema = z
  .object(
    Object.fromEntries(
      NOTIFICATION_CATEGORIES.flatMap((c) => [
        [preferenceField("email", c), checkbox],
        [preferenceField("inApp", c), checkbox],
        [preferenceField("daily", c), checkbox],
      ]),
    ) as Record<string, typeof checkbox>,
  )
  .transform(
    (v) =>
      Object.fromEntries(
        NOTIFICATION_CATEGORIES.map((c) => [
          c,
          { email: v[preferenceField("email", c)], inApp: v[preferenceField("inApp", c)], daily: v[preferenceField("daily", c)] },
        ]),
      ) as Record<NotificationCategory, Channels>,
  );

const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());
const idText = text.pipe(
  z
    .string()
    .regex(/^[1-9][0-9]{0,11}$/, "form.required")
    .transform(Number),
);

export const notificationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: idText }),
  z.object({ intent: z.literal("read_all"), category: text.optional() }),
]);

/** ?category=…&before=… of the notification centre; null when a value cannot be one (the route answers 400). */
export function parseCentreQuery(params: URLSearchParams): { category: NotificationCategory | null; before: number | null } | null {
  const category = params.get("category") || null;
  const before = params.get("before") || null;
  if (category !== null && !isNotificationCategory(category)) return null;
  let cursor: number | null = null;
  if (before !== null) {
    const parsed = idText.safeParse(before);
    if (!parsed.success) return null;
    cursor = parsed.data;
  }
  return { category, before: cursor };
}
