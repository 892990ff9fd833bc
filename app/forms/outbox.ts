import { z } from "zod";

// Shared by the outbox pages (browser and server): the browser never loads *.server modules.
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatusName = (typeof OUTBOX_STATUSES)[number];

export function isOutboxStatus(value: unknown): value is OutboxStatusName {
  return typeof value === "string" && (OUTBOX_STATUSES as readonly string[]).includes(value);
}

const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());
const idText = text.pipe(
  z
    .string()
    .regex(/^[1-9][0-9]{0,11}$/, "form.required")
    .transform(Number),
);

export const retrySchema = z.object({ intent: z.literal("retry"), id: idText });

/** An id from a URL: digits only; null when it cannot be one. */
export function parseOutboxId(value: string | null | undefined): number | null {
  const parsed = idText.safeParse(value ?? "");
  return parsed.success ? parsed.data : null;
}
