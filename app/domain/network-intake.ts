import type { Actor } from "./permissions";

// Case intake from the card network (SPEC 4): the columns of a delivered case (a CSV row at
// /review/import, an object in a batch at POST /api/v1/network/cases), and the network intake
// keys the platform admin makes. Pure.

export const INTAKE_COLUMNS = [
  "network_case_id",
  "type",
  "merchant_number",
  "network_reference",
  "transaction_date",
  "transaction_amount",
  "card_last4",
  "description",
  "amount",
  "reason_code",
  "reason_text",
  "required_documents",
] as const;

export const MAX_INTAKE_ROWS = 1000;

export const INTAKE_KEY_PREFIX = "dpn_";
export const INTAKE_KEY_NAME_MAX = 80;

/** "dpn_<public id>_<secret>": another prefix than a merchant's "dp_" key, so neither passes for the other. */
export function formatIntakeKey(publicId: string, secret: string): string {
  return `${INTAKE_KEY_PREFIX}${publicId}_${secret}`;
}

const KEY_SHAPE = /^dpn_([a-z2-7]{12,32})_([a-z2-7]{20,64})$/;

export function parseIntakeKey(token: string): { publicId: string; secret: string } | null {
  const match = KEY_SHAPE.exec(token);
  return match ? { publicId: match[1]!, secret: match[2]! } : null;
}

/**
 * Whom an intake key acts as: the disputes team opening cases (the import's own rule), recorded
 * under the admin who made the key. It sees no merchant's pages and answers no case.
 */
export function intakeKeyActor(key: { createdBy: number }): Actor {
  return { userId: key.createdBy, role: "analyst", organisationId: null, assignedAccountIds: [] };
}
