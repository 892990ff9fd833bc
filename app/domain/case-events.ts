import { z } from "zod";
import { CASE_EVENT_TYPES, type CaseEventType, type Decision } from "./case-state";

// What each kind of timeline event carries in `case_events.details`, one shape per kind. The
// model parses the stored JSON once, when it reads the timeline; pages narrow on `eventType`
// instead of probing `typeof details.x`.

export const CASE_ORIGINS = ["manual", "decision", "no_reply"] as const;
export type CaseOrigin = (typeof CASE_ORIGINS)[number];

export type CaseEventDetails =
  | { eventType: "opened"; details: { origin: CaseOrigin; amountMinor: number; currency: string } }
  | {
      eventType: "respond" | "accept";
      details: {
        responseId: number;
        comment?: string;
        creditMinor?: number;
        currency: string;
        attachments?: number;
        /** A draft submitted by the deadline job on behalf of the event's actor (SPEC 3.7). */
        onBehalf?: "deadline_job";
      };
    }
  | { eventType: "request_information"; details: { message: string; respondBy: string } }
  | { eventType: "decide"; details: { decision: Decision; note: string } }
  | { eventType: "deadline_passed" | "flag_urgent" | "unflag_urgent" | "comment"; details: Record<string, never> };

export type CaseEventKind = CaseEventDetails["eventType"];

/** A stored event whose kind or details this code does not know: shown without details. */
export type UnreadableCaseEvent = { eventType: "unreadable"; storedType: string; details: Record<string, never> };

const DECISIONS = ["resolve", "charge_back", "won", "lost"] as const satisfies readonly Decision[];
const none = z.object({}).strip() as unknown as z.ZodType<Record<string, never>>;

type DetailsOf<K extends CaseEventKind> = CaseEventDetails extends infer E
  ? E extends { eventType: infer T; details: infer D }
    ? K extends T
      ? D
      : never
    : never
  : never;

const SCHEMAS: { [K in CaseEventKind]: z.ZodType<DetailsOf<K>> } = {
  opened: z.object({ origin: z.enum(CASE_ORIGINS), amountMinor: z.number().int(), currency: z.string() }),
  respond: z.object({
    responseId: z.number().int(),
    comment: z.string().optional(),
    creditMinor: z.number().int().optional(),
    currency: z.string(),
    attachments: z.number().int().optional(),
    onBehalf: z.literal("deadline_job").optional(),
  }),
  accept: z.object({
    responseId: z.number().int(),
    comment: z.string().optional(),
    creditMinor: z.number().int().optional(),
    currency: z.string(),
    attachments: z.number().int().optional(),
  }),
  request_information: z.object({ message: z.string(), respondBy: z.string() }),
  decide: z.object({ decision: z.enum(DECISIONS), note: z.string() }),
  deadline_passed: none,
  flag_urgent: none,
  unflag_urgent: none,
  comment: none,
};

export function isCaseEventKind(value: string): value is CaseEventKind {
  return value in SCHEMAS;
}

/** The typed details of a stored event; an unknown kind or a shape that does not fit is "unreadable". */
export function parseCaseEventDetails(eventType: string, json: string): CaseEventDetails | UnreadableCaseEvent {
  const unreadable: UnreadableCaseEvent = { eventType: "unreadable", storedType: eventType, details: {} };
  if (!isCaseEventKind(eventType)) return unreadable;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return unreadable;
  }
  const parsed = SCHEMAS[eventType].safeParse(value);
  return parsed.success ? ({ eventType, details: parsed.data } as CaseEventDetails) : unreadable;
}

// Every state-machine event has a shape here (a type error otherwise).
const _everyTransitionEvent: readonly CaseEventKind[] = CASE_EVENT_TYPES satisfies readonly CaseEventType[];
