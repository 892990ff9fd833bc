import { z } from "zod";
import { isWebhookEventType, WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX } from "~/domain/webhooks";

// /settings/webhooks: the add form (the checked events arrive joined by commas, see withJoinedList)
// and the buttons of an endpoint's page. The URL's own rules are the service's (webhookUrlProblem).
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());
const id = (message: "webhooks.error.notFound") => text.pipe(z.string().regex(/^\d{1,9}$/, message));

export const createWebhookSchema = z.object({
  url: text.pipe(z.string().trim().min(1, "webhooks.error.url").max(WEBHOOK_URL_MAX, "webhooks.error.url")),
  description: text.pipe(z.string().trim().max(WEBHOOK_DESCRIPTION_MAX, "webhooks.error.description")),
  events: text.pipe(
    z
      .string()
      .transform((v) => v.split(",").filter(Boolean))
      .pipe(
        z
          .array(z.string())
          .min(1, "webhooks.error.events")
          .refine((list) => list.every(isWebhookEventType), "webhooks.error.events")
          .transform((list) => list.filter(isWebhookEventType)),
      ),
  ),
});

export const endpointActionSchema = z.object({
  intent: text.pipe(z.enum(["enable", "disable", "delete", "test", "resend"], "webhooks.error.notFound")),
  deliveryId: z.preprocess(
    (v) => (typeof v === "string" ? v : undefined),
    z
      .string()
      .regex(/^\d{1,9}$/, "webhooks.error.notFound")
      .optional(),
  ),
});

export const endpointIdSchema = z.object({ id: id("webhooks.error.notFound") });
