import { z } from "zod";
import { LOCALES } from "~/i18n";
import { SUPPORT_CATEGORIES } from "~/domain/support-request";
import { MESSAGE_MAX_LENGTH } from "./support";

// Form schemas of the desk (/desk, /desk/templates), shared by the browser and the server.
const text = z.preprocess((v) => (typeof v === "string" ? v : ""), z.string());

export const NOTE_MAX_LENGTH = 5000;
export const TEMPLATE_NAME_MAX_LENGTH = 80;

const optionalNote = text.pipe(z.string().trim().max(NOTE_MAX_LENGTH, "desk.error.noteTooLong"));
const requiredNote = text.pipe(z.string().trim().min(1, "desk.error.noteRequired").max(NOTE_MAX_LENGTH, "desk.error.noteTooLong"));

export const DESK_INTENTS = [
  "take",
  "hand_over",
  "escalate",
  "flag_management",
  "recategorise",
  "note",
  "reply",
  "ask_merchant",
  "solve",
] as const;
export type DeskIntent = (typeof DESK_INTENTS)[number];

export const takeSchema = z.object({ version: text, intent: text });

export const handOverSchema = z.object({
  toUserId: text.pipe(z.string().regex(/^\d{1,9}$/, "desk.error.agentUnknown")),
  note: optionalNote,
  version: text,
  intent: text,
});

/** Escalation and the management flag say why, for the next tier (SPEC 9 "with a note"). */
export const escalateSchema = z.object({ note: requiredNote, version: text, intent: text });

export const recategoriseSchema = z.object({
  category: text.pipe(z.enum(SUPPORT_CATEGORIES, { error: "support.error.category" })),
  note: optionalNote,
  version: text,
  intent: text,
});

export const noteSchema = z.object({ body: requiredNote, version: text, intent: text });

export const deskReplySchema = z.object({
  body: text.pipe(z.string().trim().min(1, "desk.error.replyRequired").max(MESSAGE_MAX_LENGTH, "support.error.messageTooLong")),
  version: text,
  intent: text,
});

export const templateSchema = z.object({
  locale: text.pipe(z.enum(LOCALES, { error: "desk.template.error.locale" })),
  name: text.pipe(z.string().trim().min(1, "desk.template.error.name").max(TEMPLATE_NAME_MAX_LENGTH, "desk.template.error.nameTooLong")),
  body: text.pipe(z.string().trim().min(1, "desk.template.error.body").max(MESSAGE_MAX_LENGTH, "support.error.messageTooLong")),
  id: text,
  version: text,
  intent: text,
});

export const templateDeleteSchema = z.object({ id: text, version: text, intent: text });
