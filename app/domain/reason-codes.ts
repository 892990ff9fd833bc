// Reason codes and the evidence they need (SPEC 3.10): which documents a case asks for, at which
// level, and whether a set of tagged attachments satisfies them. Pure: shared by the case page's
// checklist (what is still missing) and the server's completeness check on submit (3.1).
//
// How levels combine (decision record 079 in README.md):
// - A case carries its own list (case_required_documents), each entry with a level. An analyst's
//   explicit list (by hand, CSV or API) is all *required*, exactly as before reason codes existed.
//   Only when no list is given does the reason code's table propose its entries, copied with their
//   levels at opening, so a later change of the table never changes an open case.
// - Complete: every *required* entry has an attachment tagged with it, and every *group* of
//   *one of* entries has at least one. *Optional* entries never block. A code listed at several
//   levels counts at the strictest (required beats one of, one of beats optional).

import type { Locale } from "~/i18n";

export const REASON_NETWORKS = ["visa", "mastercard", "amex"] as const;
export type ReasonNetwork = (typeof REASON_NETWORKS)[number];

export const REASON_CATEGORIES = ["fraud", "authorisation", "processing_error", "consumer_dispute"] as const;
export type ReasonCategory = (typeof REASON_CATEGORIES)[number];

export const DOCUMENT_LEVELS = ["required", "one_of", "optional"] as const;
export type DocumentLevel = (typeof DOCUMENT_LEVELS)[number];

/** One document a case (or a reason code) asks for. `group` names the set a `one_of` entry belongs to. */
export interface DocumentRequirement {
  code: string;
  level: DocumentLevel;
  /** Set for `one_of` only; entries with the same group are alternatives. */
  group: string | null;
}

export interface ReasonCode {
  network: ReasonNetwork;
  code: string;
  title: string;
  category: ReasonCategory;
  guidance: Record<Locale, string>;
  documents: DocumentRequirement[];
}

/** A case's list given as plain codes (the analyst's explicit choice): every one required. */
export function explicitRequirements(codes: readonly string[]): DocumentRequirement[] {
  return [...new Set(codes)].map((code) => ({ code, level: "required", group: null }));
}

const STRICTNESS: Record<DocumentLevel, number> = { required: 0, one_of: 1, optional: 2 };

/** Plain codes count as required; a code listed twice keeps its strictest level. Order kept. */
export function normaliseRequirements(entries: readonly (string | DocumentRequirement)[]): DocumentRequirement[] {
  const byCode = new Map<string, DocumentRequirement>();
  for (const entry of entries) {
    const r: DocumentRequirement = typeof entry === "string" ? { code: entry, level: "required", group: null } : entry;
    const normal: DocumentRequirement = r.level === "one_of" ? { ...r, group: r.group ?? r.code } : { ...r, group: null };
    const known = byCode.get(normal.code);
    if (!known || STRICTNESS[normal.level] < STRICTNESS[known.level]) byCode.set(normal.code, normal);
  }
  return [...byCode.values()];
}

/**
 * What opening a case stores as its documents: the analyst's explicit list when there is one,
 * otherwise the reason code's proposal (none when the code is not in the table).
 */
export function caseRequirements(explicit: readonly string[], proposal: readonly DocumentRequirement[] | null): DocumentRequirement[] {
  if (explicit.length > 0) return explicitRequirements(explicit);
  return normaliseRequirements(proposal ?? []);
}

/** Something still missing before a response is complete. */
export type MissingDocument = { kind: "required"; code: string } | { kind: "one_of"; group: string; codes: string[] };

export interface ChecklistItem extends DocumentRequirement {
  /** At least one attachment is tagged with this code. */
  provided: boolean;
  /** Nothing more is needed for this entry: provided, optional, or another of its group is provided. */
  satisfied: boolean;
}

export interface DocumentChecklist {
  items: ChecklistItem[];
  missing: MissingDocument[];
  complete: boolean;
}

/** The checklist of a case's documents against the attachments tagged so far (attached or selected). */
export function documentChecklist(
  entries: readonly (string | DocumentRequirement)[],
  attachments: readonly { requiredDocument: string | null }[],
): DocumentChecklist {
  const requirements = normaliseRequirements(entries);
  const tagged = new Set(attachments.map((a) => a.requiredDocument).filter((t): t is string => t !== null));
  const groupsMet = new Set(requirements.filter((r) => r.level === "one_of" && tagged.has(r.code)).map((r) => r.group));
  const items = requirements.map((r) => {
    const provided = tagged.has(r.code);
    const satisfied = provided || r.level === "optional" || (r.level === "one_of" && groupsMet.has(r.group));
    return { ...r, provided, satisfied };
  });
  const missing: MissingDocument[] = [];
  const groupsSeen = new Set<string>();
  for (const item of items) {
    if (item.satisfied) continue;
    if (item.level === "required") missing.push({ kind: "required", code: item.code });
    else if (item.level === "one_of" && item.group !== null && !groupsSeen.has(item.group)) {
      groupsSeen.add(item.group);
      missing.push({
        kind: "one_of",
        group: item.group,
        codes: items.filter((i) => i.level === "one_of" && i.group === item.group).map((i) => i.code),
      });
    }
  }
  return { items, missing, complete: missing.length === 0 };
}

/** The guidance in the reader's language; English when a text is missing. */
export function guidanceFor(guidance: Partial<Record<Locale, string>>, locale: Locale): string {
  return guidance[locale] || guidance.en || "";
}
