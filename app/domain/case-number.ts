import type { CaseType } from "./case-state";

// The one case-number pattern: INQ-2026-000123 / CB-2026-000045 (prefix, year of receipt, a
// counter of at least six digits per prefix and year).

const CASE_NUMBER = /^(INQ|CB)-\d{4}-\d{6,}$/;

export function isCaseNumber(value: string): boolean {
  return value.length <= 32 && CASE_NUMBER.test(value);
}

export function formatCaseNumber(type: CaseType, year: number, counter: number): string {
  return `${type === "inquiry" ? "INQ" : "CB"}-${year}-${String(counter).padStart(6, "0")}`;
}

export function caseNumberPrefix(type: CaseType): "INQ" | "CB" {
  return type === "inquiry" ? "INQ" : "CB";
}
